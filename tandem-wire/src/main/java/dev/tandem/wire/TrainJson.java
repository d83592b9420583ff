package dev.tandem.wire;

import dev.tandem.engine.TrainReport;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training as JSON: a {@link TrainReport} (the same keys for {@code tandem train --json} and a
 * finished job of {@code /admin/train}) and a background training job.
 */
public final class TrainJson {
  private TrainJson() {}

  /**
   * A training report as {@code tandem train --json} prints it: snapshot, file, the keys of
   * {@link #putSummary}, then events, skippedEvents, loadSeconds, writeSeconds, snapshotBytes.
   */
  public static Map<String, Object> report(TrainReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("snapshot", r.version());
    m.put("file", r.file().toString());
    putSummary(m, r);
    m.put("events", r.events());
    m.put("skippedEvents", r.skippedEvents());
    m.put("loadSeconds", r.loadSeconds());
    m.put("writeSeconds", r.writeSeconds());
    m.put("snapshotBytes", r.snapshotBytes());
    return m;
  }

  /**
   * Adds what a training run learned from, in both formats: users, items, interactions,
   * fitSeconds and invalidEvents {invalid, counts, sampleIds} (the events training skipped).
   */
  public static void putSummary(Map<String, Object> m, TrainReport r) {
    m.put("users", r.users());
    m.put("items", r.items());
    m.put("interactions", r.interactions());
    m.put("fitSeconds", r.fitSeconds());
    Map<String, Object> invalid = new LinkedHashMap<>();
    invalid.put("invalid", r.invalid().invalid());
    invalid.put("counts", r.invalid().counts());
    invalid.put("sampleIds", r.invalid().sampleIds());
    m.put("invalidEvents", invalid);
  }

  /**
   * A training job: id, state, trigger, models, queuedAt, startedAt, finishedAt (null before),
   * version (null unless succeeded), error, and {@link #putSummary} when it succeeded.
   *
   * @param report what training did, null unless the job succeeded
   * @param error why it failed, null unless it failed
   */
  public static Map<String, Object> job(long id, String state, String trigger, List<String> models, Instant queuedAt,
      Instant startedAt, Instant finishedAt, TrainReport report, String error) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("state", state);
    m.put("trigger", trigger);
    m.put("models", models);
    m.put("queuedAt", queuedAt.toString());
    m.put("startedAt", startedAt == null ? null : startedAt.toString());
    m.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
    m.put("version", report == null ? null : report.version());
    m.put("error", error);
    if (report != null) {
      putSummary(m, report);
    }
    return m;
  }
}

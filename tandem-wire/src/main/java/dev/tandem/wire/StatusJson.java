package dev.tandem.wire;

import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.engine.SnapshotInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The service's state as JSON: {@code /health} and {@code /admin/snapshots}. */
public final class StatusJson {
  private StatusJson() {}

  /**
   * The store's counts; a count is null when the store became unreachable before it was read.
   *
   * @param store "ok" or "unreachable"
   * @param items items in the catalogue
   * @param users users in the directory
   * @param feedback feedback events in the log
   */
  public record Counts(String store, Integer items, Integer users, Long feedback) {}

  /**
   * {@code GET /health}: status ("ok" without problems, else "degraded"), problems, store, items,
   * users, feedback, snapshot {version, createdAtMillis, models, training} (null without one),
   * lastTraining (a job plus {@code at}, absent before the first), training (the active job or
   * null) and retrainEvery.
   *
   * @param lastTraining the last finished job as {@link TrainJson#job} writes it, empty before one
   * @param training the queued or running job as {@link TrainJson#job} writes it, null when none
   */
  public static Map<String, Object> health(List<String> problems, Counts counts, Optional<ModelSnapshot> snapshot,
      Optional<Map<String, Object>> lastTraining, Map<String, Object> training, String retrainEvery) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", problems.isEmpty() ? "ok" : "degraded");
    out.put("problems", problems);
    out.put("store", counts.store());
    out.put("items", counts.items());
    out.put("users", counts.users());
    out.put("feedback", counts.feedback());
    if (snapshot.isPresent()) {
      ModelSnapshot h = snapshot.get();
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("version", h.version());
      s.put("createdAtMillis", h.createdAtMillis());
      s.put("models", new ArrayList<>(h.params().keySet()));
      s.put("training", h.info());
      out.put("snapshot", s);
    } else {
      out.put("snapshot", null);
    }
    if (lastTraining.isPresent()) {
      Map<String, Object> t = new LinkedHashMap<>(lastTraining.get());
      t.put("at", t.get("finishedAt"));
      out.put("lastTraining", t);
    }
    out.put("training", training);
    out.put("retrainEvery", retrainEvery);
    return out;
  }

  /**
   * {@code GET /admin/snapshots}: serving (the version served, null for none), keep, and the
   * snapshots {version, createdAt, bytes, models, serving}.
   */
  public static Map<String, Object> snapshots(Long serving, int keep, List<SnapshotInfo> infos) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (SnapshotInfo i : infos) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("version", i.version());
      m.put("createdAt", Instant.ofEpochMilli(i.createdAtMillis()).toString());
      m.put("bytes", i.bytes());
      m.put("models", i.models());
      m.put("serving", i.serving());
      list.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("serving", serving);
    out.put("keep", keep);
    out.put("snapshots", list);
    return out;
  }
}

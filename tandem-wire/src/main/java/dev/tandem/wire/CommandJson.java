package dev.tandem.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.engine.TandemConfig;
import dev.tandem.engine.Tuning;
import dev.tandem.engine.embed.EmbedReport;
import dev.tandem.store.InvalidRecord;
import dev.tandem.store.imports.ImportSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reports of the home's commands as {@code --json} prints them: {@code tandem info},
 * {@code import}, {@code embed}, {@code tune} and {@code split} (snake_case keys, as these commands
 * always wrote).
 */
public final class CommandJson {
  private static final ObjectMapper TREES = new ObjectMapper();

  private CommandJson() {}

  /**
   * {@code tandem config --json}: the file read, then every key with its value (TOML text, secrets
   * masked) and source ({@code default}, the file's name or {@code env VARIABLE}).
   */
  public static Map<String, Object> config(String file, List<TandemConfig.Setting> settings) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file);
    m.put("valid", true);
    List<Map<String, Object>> list = new ArrayList<>();
    for (TandemConfig.Setting s : settings) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("key", s.key());
      e.put("value", s.value());
      e.put("source", s.source());
      list.add(e);
    }
    m.put("settings", list);
    return m;
  }

  /**
   * {@code tandem info --json}: home, items, users, feedback and the snapshot files ({@link #snapshotFile}).
   */
  public static Map<String, Object> info(String home, int items, int users, long feedback,
      List<Map<String, Object>> snapshots) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("home", home);
    m.put("items", items);
    m.put("users", users);
    m.put("feedback", feedback);
    m.put("snapshots", snapshots);
    return m;
  }

  /**
   * One snapshot file of {@code tandem info --json}: version, file, bytes, then created, items,
   * models (their parameters) and info (training facts) from its header, or error when the header
   * could not be read.
   *
   * @param header the file's header, null when unreadable
   * @param error why the header could not be read, null when it could
   */
  public static Map<String, Object> snapshotFile(long version, String file, long bytes, ModelSnapshot header,
      String error) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("version", version);
    s.put("file", file);
    s.put("bytes", bytes);
    if (header != null) {
      s.put("created", Instant.ofEpochMilli(header.createdAtMillis()).toString());
      s.put("items", header.items().size());
      s.put("models", header.params());
      s.put("info", header.info());
    } else {
      s.put("error", error);
    }
    return s;
  }

  /**
   * One invalid stored feedback event as {@code tandem doctor --json} lists it: id, user, item,
   * type, value, timestamp, reason (its key) and problem (the rule it breaks, in words).
   */
  public static Map<String, Object> invalidEvent(long id, String user, String item, String type, double value,
      long timestamp, String reason, String problem) {
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("id", id);
    ev.put("user", user);
    ev.put("item", item);
    ev.put("type", type);
    ev.put("value", value);
    ev.put("timestamp", timestamp);
    ev.put("reason", reason);
    ev.put("problem", problem);
    return ev;
  }

  /** A stored item or user that breaks the rules, for {@code tandem doctor --json}: id, id_valid, problem, advice. */
  public static Map<String, Object> invalidRecord(InvalidRecord r, String advice) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("id_valid", r.idValid());
    m.put("problem", r.problem());
    m.put("advice", advice);
    return m;
  }

  /** A feedback event {@code tandem doctor --fix} removed: {id, reason}. */
  public static Map<String, Object> removedEvent(long id, String reason) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("reason", reason);
    return r;
  }

  /**
   * What {@code tandem doctor} checked, for its {@code --json}.
   *
   * @param home the home's path
   * @param scanned feedback events read
   * @param items items in the catalogue
   * @param users users in the directory
   * @param invalid invalid feedback events found
   * @param counts invalid events by reason
   * @param events the first invalid events ({@link #invalidEvent})
   * @param unconfigured events of feedback types not configured, by type
   * @param invalidItems stored items that break the rules ({@link #invalidRecord})
   * @param invalidUsers stored users that break the rules ({@link #invalidRecord})
   */
  public record DoctorScan(String home, long scanned, int items, int users, int invalid, Map<String, Long> counts,
      List<Map<String, Object>> events, Map<String, Long> unconfigured, List<Map<String, Object>> invalidItems,
      List<Map<String, Object>> invalidUsers) {}

  /**
   * {@code tandem doctor --json}: home, checked {feedback, items, users}, invalid_feedback {count,
   * counts, events, truncated}, unconfigured_types, invalid_items, invalid_users, removed (with
   * {@code --fix} only) and clean.
   *
   * @param removed the events removed ({@link #removedEvent}), null without {@code --fix}
   */
  public static Map<String, Object> doctor(DoctorScan scan, List<Map<String, Object>> removed, boolean clean) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("home", scan.home());
    Map<String, Object> checked = new LinkedHashMap<>();
    checked.put("feedback", scan.scanned());
    checked.put("items", scan.items());
    checked.put("users", scan.users());
    m.put("checked", checked);
    Map<String, Object> fb = new LinkedHashMap<>();
    fb.put("count", scan.invalid());
    fb.put("counts", scan.counts());
    fb.put("events", scan.events());
    fb.put("truncated", scan.events().size() < scan.invalid());
    m.put("invalid_feedback", fb);
    m.put("unconfigured_types", scan.unconfigured());
    m.put("invalid_items", scan.invalidItems());
    m.put("invalid_users", scan.invalidUsers());
    if (removed != null) {
      m.put("removed", removed);
    }
    m.put("clean", clean);
    return m;
  }

  /** {@code tandem import ... --json}: rows read, inserted, updated or replaced per kind; bad rows; seconds. */
  public static Map<String, Object> importSummary(ImportSummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", s.source());
    m.put("items_read", s.itemsRead());
    m.put("items_inserted", s.itemsInserted());
    m.put("items_updated", s.itemsUpdated());
    m.put("users_read", s.usersRead());
    m.put("users_inserted", s.usersInserted());
    m.put("users_updated", s.usersUpdated());
    m.put("feedback_read", s.feedbackRead());
    m.put("feedback_inserted", s.feedbackInserted());
    m.put("feedback_replaced", s.feedbackReplaced());
    m.put("bad_rows", s.badRows());
    m.put("bad_row_messages", s.badRowMessages());
    m.put("seconds", s.seconds());
    return m;
  }

  /** {@code tandem embed --json}: model, dimension, items, empty, cached, embedded, seconds, embed_seconds, docs_per_second. */
  public static Map<String, Object> embed(EmbedReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", r.model());
    m.put("dimension", r.dimension());
    m.put("items", r.items());
    m.put("empty", r.empty());
    m.put("cached", r.cached());
    m.put("embedded", r.embedded());
    m.put("seconds", r.seconds());
    m.put("embed_seconds", r.embedSeconds());
    m.put("docs_per_second", r.docsPerSecond());
    return m;
  }

  /**
   * One model's search of {@code tandem tune --json}: model, metric, validation_users,
   * training_users, trials {trial, params, score, fit_seconds}, best, best_score, saved.
   */
  public static Map<String, Object> tuning(Tuning.Result r, boolean saved) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", r.model());
    m.put("metric", r.metric());
    m.put("validation_users", r.validation().testUsers());
    m.put("training_users", r.validation().trainUsers());
    List<Map<String, Object>> trials = new ArrayList<>();
    for (Tuning.Trial t : r.trials()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("trial", t.number());
      x.put("params", t.params());
      x.put("score", t.score());
      x.put("fit_seconds", t.fitSeconds());
      trials.add(x);
    }
    m.put("trials", trials);
    m.put("best", r.best().params());
    m.put("best_score", r.best().score());
    m.put("saved", saved);
    return m;
  }

  /**
   * {@code tandem split --json}: the folder written and its meta data.
   *
   * @param metaJson the split's {@code meta.json} text
   * @throws IllegalStateException if {@code metaJson} is not JSON (a bug: it is written by the split)
   */
  public static Map<String, Object> split(String out, String metaJson) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("out", out);
    try {
      m.put("meta", TREES.readTree(metaJson));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return m;
  }
}

package dev.tandem.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.Tuning;
import dev.tandem.engine.embed.EmbedReport;
import dev.tandem.store.imports.ImportSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reports of the home's batch commands as {@code --json} prints them: {@code tandem import},
 * {@code embed}, {@code tune} and {@code split} (snake_case keys, as these commands always wrote).
 */
public final class CommandJson {
  private static final ObjectMapper TREES = new ObjectMapper();

  private CommandJson() {}

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

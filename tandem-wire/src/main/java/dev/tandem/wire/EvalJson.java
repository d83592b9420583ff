package dev.tandem.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.eval.Comparison;
import dev.tandem.core.eval.EvalOptions;
import dev.tandem.core.eval.EvalReport;
import dev.tandem.core.eval.ModelResult;
import dev.tandem.core.eval.SplitStats;
import dev.tandem.engine.report.HtmlReport;
import java.util.Map;

/**
 * The JSON form of an {@link EvalReport}, as {@code tandem evaluate --json} writes it and
 * {@link HtmlReport} reads it. Keys are snake_case; maps keep report order; non-finite numbers
 * are written as null. See the README section "Evaluation report JSON" for the schema.
 * Thread-safe (stateless).
 */
public final class EvalJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EvalJson() {}

  /**
   * The report as a JSON tree.
   *
   * @param source where the split came from (a folder path, or a description), for {@code split.source}
   * @param options the options the report was made with (for {@code bootstrap})
   */
  public static ObjectNode toJson(EvalReport report, String source, EvalOptions options) {
    ObjectNode root = MAPPER.createObjectNode();
    SplitStats s = report.split();
    ObjectNode split = root.putObject("split");
    split.put("protocol", s.protocol());
    split.put("seed", s.seed());
    split.put("source", source);
    split.put("train_users", s.trainUsers());
    split.put("items", s.items());
    split.put("train_interactions", s.trainInteractions());
    split.put("test_users", s.testUsers());
    split.put("evaluated_users", s.evaluatedUsers());
    split.put("history_rows", s.historyRows());
    split.put("history_known", s.historyKnown());
    split.put("target_rows", s.targetRows());
    split.put("target_known", s.targetKnown());
    split.put("cold_items", s.coldItems());
    split.put("rated", s.rated());
    ArrayNode k = root.putArray("k");
    report.ks().forEach(k::add);
    ObjectNode boot = root.putObject("bootstrap");
    boot.put("resamples", options.bootstrapResamples());
    boot.put("paired_resamples", options.pairedResamples());
    boot.put("seed", options.seed());
    ArrayNode results = root.putArray("results");
    for (ModelResult r : report.results()) {
      ObjectNode o = results.addObject();
      o.put("model", r.model());
      ObjectNode params = o.putObject("params");
      r.params().forEach(params::put);
      o.put("users", r.users());
      ObjectNode metrics = o.putObject("metrics");
      for (Map.Entry<String, Double> e : r.metrics().entrySet()) {
        number(metrics, e.getKey(), e.getValue());
      }
      ObjectNode ci = o.putObject("ci95");
      for (Map.Entry<String, ModelResult.Interval> e : r.ci95().entrySet()) {
        ArrayNode a = ci.putArray(e.getKey());
        add(a, e.getValue().lo());
        add(a, e.getValue().hi());
      }
      number(o, "fit_seconds", r.fitSeconds());
      number(o, "score_seconds", r.scoreSeconds());
      o.put("peak_memory_bytes", r.peakMemoryBytes());
    }
    ArrayNode comps = root.putArray("comparisons");
    for (Comparison c : report.comparisons()) {
      ObjectNode o = comps.addObject();
      o.put("model", c.model());
      o.put("baseline", c.baseline());
      o.put("metric", c.metric());
      number(o, "difference", c.difference());
      number(o, "p_value", c.pValue());
      o.put("users", c.users());
      o.put("test", "paired sign-flip randomisation");
    }
    return root;
  }

  /** Renders {@code json} with two-space indentation. */
  public static String pretty(JsonNode json) {
    return json.toPrettyString();
  }

  private static void number(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }

  private static void add(ArrayNode a, double v) {
    if (Double.isFinite(v)) {
      a.add(v);
    } else {
      a.addNull();
    }
  }
}

package dev.tandem.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The parts of an evaluation JSON that the report shows, read leniently: a missing or mistyped
 * field becomes an empty string, an empty collection or NaN, never an exception, so a report of an
 * older or newer format still renders what it can. Maps keep the JSON's order.
 *
 * @param version {@code tandem_version}, or empty
 * @param created {@code created}, or empty
 * @param dataset {@code dataset}, or empty
 * @param protocol {@code split.protocol}, or empty
 * @param seed {@code split.seed} (or a top-level {@code seed}) as written, or empty
 * @param source {@code split.source}, or empty
 * @param statistics {@code split.statistics}: name to number (NaN if not a number)
 * @param cutoffs the K values: the {@code k} list together with every K that a metric name uses, ascending
 * @param results one entry per model, in the JSON's order
 * @param comparisons the paired tests, in the JSON's order
 * @param references numbers of reference implementations ({@code reference.refrec.ease.recall@20})
 */
record Evaluation(String version, String created, String dataset, String protocol, String seed, String source,
    Map<String, Double> statistics, List<Integer> cutoffs, List<Result> results, List<Comparison> comparisons,
    List<Reference> references) {

  Evaluation {
    statistics = Collections.unmodifiableMap(new LinkedHashMap<>(statistics));
    cutoffs = List.copyOf(cutoffs);
    results = List.copyOf(results);
    comparisons = List.copyOf(comparisons);
    references = List.copyOf(references);
  }

  /**
   * One model's numbers.
   *
   * @param model the model's name (user input: escape before showing)
   * @param params hyper-parameters as text, in the JSON's order
   * @param metrics metric name ({@code recall@20}, {@code mrr}) to finite value
   * @param ci95 metric name to a 95% confidence interval
   * @param fitSeconds training time, or NaN
   * @param scoreSeconds scoring time, or NaN
   * @param peakMemoryBytes peak memory, or NaN
   */
  record Result(String model, Map<String, String> params, Map<String, Double> metrics, Map<String, Interval> ci95,
      double fitSeconds, double scoreSeconds, double peakMemoryBytes) {
    Result {
      params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
      metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
      ci95 = Collections.unmodifiableMap(new LinkedHashMap<>(ci95));
    }

    /** The metric's value, or NaN if the model has none. */
    double metric(String name) {
      Double v = metrics.get(name);
      return v == null ? Double.NaN : v;
    }

    /** A metric, or one of {@code fit_seconds}, {@code score_seconds}, {@code peak_memory_bytes}; NaN if missing. */
    double value(String name) {
      return switch (name) {
        case "fit_seconds" -> fitSeconds;
        case "score_seconds" -> scoreSeconds;
        case "peak_memory_bytes" -> peakMemoryBytes;
        default -> metric(name);
      };
    }
  }

  /** A closed interval with {@code lo <= hi}, both finite. */
  record Interval(double lo, double hi) {}

  /** A paired test of {@code model} against {@code versus} on one metric; NaN where a number is missing. */
  record Comparison(String metric, String model, String versus, double difference, double pValue) {}

  /** A reference implementation's value of one metric of one model ({@code refrec}, {@code ease}, {@code recall@20}). */
  record Reference(String source, String model, String metric, double value) {}

  /** Reads {@code root}; anything but an object gives an empty evaluation. */
  static Evaluation from(JsonNode root) {
    JsonNode split = root.path("split");
    Map<String, Double> statistics = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : fields(split.path("statistics"))) {
      statistics.put(e.getKey(), number(e.getValue()));
    }
    List<Result> results = new ArrayList<>();
    TreeSet<Integer> cutoffs = new TreeSet<>();
    for (JsonNode k : elements(root.path("k"))) {
      double v = number(k);
      if (v >= 1 && v == Math.rint(v) && v <= Integer.MAX_VALUE) {
        cutoffs.add((int) v);
      }
    }
    int index = 0;
    for (JsonNode r : elements(root.path("results"))) {
      index++;
      if (!r.isObject()) {
        continue;
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : fields(r.path("params"))) {
        JsonNode v = e.getValue();
        params.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
      }
      Map<String, Double> metrics = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : fields(r.path("metrics"))) {
        double v = number(e.getValue());
        if (Double.isFinite(v)) {
          metrics.put(e.getKey(), v);
          int k = Metric.cutoffOf(e.getKey());
          if (k > 0) {
            cutoffs.add(k);
          }
        }
      }
      Map<String, Interval> ci = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : fields(r.path("ci95"))) {
        Interval interval = interval(e.getValue());
        if (interval != null) {
          ci.put(e.getKey(), interval);
        }
      }
      String model = text(r.path("model"));
      results.add(new Result(model.isEmpty() ? "model " + index : model, params, metrics, ci,
          number(r.path("fit_seconds")), number(r.path("score_seconds")), number(r.path("peak_memory_bytes"))));
    }
    List<Comparison> comparisons = new ArrayList<>();
    for (JsonNode c : elements(root.path("comparisons"))) {
      if (c.isObject()) {
        comparisons.add(new Comparison(text(c.path("metric")), text(c.path("model")), text(c.path("versus")),
            number(c.path("difference")), number(c.path("p_value"))));
      }
    }
    List<Reference> references = new ArrayList<>();
    for (Map.Entry<String, JsonNode> source : fields(root.path("reference"))) {
      for (Map.Entry<String, JsonNode> model : fields(source.getValue())) {
        for (Map.Entry<String, JsonNode> metric : fields(model.getValue())) {
          double v = number(metric.getValue());
          if (Double.isFinite(v)) {
            references.add(new Reference(source.getKey(), model.getKey(), metric.getKey(), v));
          }
        }
      }
    }
    String seed = text(split.path("seed"));
    return new Evaluation(text(root.path("tandem_version")), text(root.path("created")), text(root.path("dataset")),
        text(split.path("protocol")), seed.isEmpty() ? text(root.path("seed")) : seed, text(split.path("source")),
        statistics, new ArrayList<>(cutoffs), results, comparisons, references);
  }

  private static String text(JsonNode node) {
    return node.isValueNode() && !node.isNull() ? node.asText() : "";
  }

  /** A number, or a string holding one; NaN for anything else or a non-finite value. */
  static double number(JsonNode node) {
    double v = Double.NaN;
    if (node.isNumber()) {
      v = node.doubleValue();
    } else if (node.isTextual()) {
      try {
        v = Double.parseDouble(node.asText().trim());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.isFinite(v) ? v : Double.NaN;
  }

  /** {@code [lo, hi]} or {@code {"lo": .., "hi": ..}} (also {@code low}/{@code high}); null if not one. */
  private static Interval interval(JsonNode node) {
    double lo;
    double hi;
    if (node.isArray() && node.size() == 2) {
      lo = number(node.get(0));
      hi = number(node.get(1));
    } else if (node.isObject()) {
      lo = number(node.has("lo") ? node.path("lo") : node.path("low"));
      hi = number(node.has("hi") ? node.path("hi") : node.path("high"));
    } else {
      return null;
    }
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
      return null;
    }
    return new Interval(Math.min(lo, hi), Math.max(lo, hi));
  }

  private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
    if (node == null || !node.isObject()) {
      return List.of();
    }
    return new ArrayList<>(node.properties());
  }

  private static Iterable<JsonNode> elements(JsonNode node) {
    if (node == null || !node.isArray()) {
      return List.of();
    }
    List<JsonNode> list = new ArrayList<>();
    node.forEach(list::add);
    return list;
  }
}

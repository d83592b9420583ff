package dev.tandem.core.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One model's evaluation: effective parameters, metric values, 95% bootstrap intervals, and
 * cost. Immutable (the per-user table is read-only after evaluation).
 */
public final class ModelResult {
  private final String model;
  private final Map<String, String> params;
  private final Map<String, Double> metrics;
  private final Map<String, Interval> ci95;
  private final double fitSeconds;
  private final double scoreSeconds;
  private final long peakMemoryBytes;
  private final int users;
  private final MetricTable table;

  /** A confidence interval. */
  public record Interval(double lo, double hi) {}

  ModelResult(String model, Map<String, String> params, Map<String, Double> metrics, Map<String, Interval> ci95,
      double fitSeconds, double scoreSeconds, long peakMemoryBytes, int users, MetricTable table) {
    this.model = model;
    this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    this.ci95 = Collections.unmodifiableMap(new LinkedHashMap<>(ci95));
    this.fitSeconds = fitSeconds;
    this.scoreSeconds = scoreSeconds;
    this.peakMemoryBytes = peakMemoryBytes;
    this.users = users;
    this.table = table;
  }

  /** The model's name (its type name, e.g. "ease"). */
  public String model() {
    return model;
  }

  /** Effective parameters, as strings, in declaration order. */
  public Map<String, String> params() {
    return params;
  }

  /**
   * Metric values by name ({@code recall@20}, {@code ndcg@100}, {@code mrr}, {@code auc},
   * {@code coverage@20}, {@code rmse}, ...), in report order. Undefined metrics are absent.
   */
  public Map<String, Double> metrics() {
    return metrics;
  }

  /** The metric {@code name}; NaN when absent. */
  public double metric(String name) {
    Double v = metrics.get(name);
    return v == null ? Double.NaN : v;
  }

  /** 95% bootstrap intervals of the per-user metrics (coverage and Gini have none). */
  public Map<String, Interval> ci95() {
    return ci95;
  }

  /** Wall time of fitting, seconds (0 when the model was given fitted). */
  public double fitSeconds() {
    return fitSeconds;
  }

  /** Wall time of scoring every test user and computing the metrics, seconds. */
  public double scoreSeconds() {
    return scoreSeconds;
  }

  /** Peak extra heap while fitting, bytes (see the evaluator for the method). */
  public long peakMemoryBytes() {
    return peakMemoryBytes;
  }

  /** Test users with at least one rankable target. */
  public int users() {
    return users;
  }

  /** The per-user values behind the metrics. */
  public MetricTable table() {
    return table;
  }
}

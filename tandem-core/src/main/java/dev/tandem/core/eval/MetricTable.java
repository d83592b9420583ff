package dev.tandem.core.eval;

import java.util.Arrays;
import java.util.List;

/**
 * Per-user metric values as ratios: column c of user u contributes {@code num[c][u]} to the
 * numerator and {@code den[c][u]} to the denominator, and the metric is
 * {@code Σ num / Σ den} (its square root for RMSE). A mean over users has denominator 1 per
 * user, or 0 for users where the metric is undefined (no targets, AUC without non-targets), so
 * they drop out; RMSE and MAE sum errors and counts over every rating. One layout serves the
 * point estimate, the bootstrap and the paired test. Mutable while the evaluator fills it (each
 * user's cells by one thread), read-only afterwards.
 */
public final class MetricTable {
  private final String[] names;
  private final boolean[] sqrt;
  final double[][] num;
  final double[][] den;

  MetricTable(List<String> names, boolean[] sqrt, int users) {
    this.names = names.toArray(new String[0]);
    this.sqrt = sqrt.clone();
    this.num = new double[this.names.length][users];
    this.den = new double[this.names.length][users];
  }

  /** Metric names, in column order. */
  public List<String> names() {
    return List.of(names);
  }

  /** Number of users (rows). */
  public int users() {
    return num.length == 0 ? 0 : num[0].length;
  }

  /** The column of {@code name}, or -1. */
  public int column(String name) {
    for (int c = 0; c < names.length; c++) {
      if (names[c].equals(name)) {
        return c;
      }
    }
    return -1;
  }

  void mean(int col, int user, double value) {
    num[col][user] = value;
    den[col][user] = 1;
  }

  void ratio(int col, int user, double numerator, double denominator) {
    num[col][user] = numerator;
    den[col][user] = denominator;
  }

  /** The metric of column {@code col} over all users (NaN when every denominator is 0). */
  public double value(int col) {
    return finish(col, sum(num[col]), sum(den[col]));
  }

  double finish(int col, double n, double d) {
    if (d == 0) {
      return Double.NaN;
    }
    double v = n / d;
    return sqrt[col] ? Math.sqrt(v) : v;
  }

  /** Whether column {@code col} is a mean of per-user values (so a paired test applies). */
  public boolean isUserMean(int col) {
    if (sqrt[col]) {
      return false;
    }
    for (double d : den[col]) {
      if (d != 0 && d != 1) {
        return false;
      }
    }
    return true;
  }

  /** Per-user values of column {@code col}: num/den, NaN where undefined. A copy. */
  public double[] perUser(int col) {
    double[] out = new double[users()];
    for (int u = 0; u < out.length; u++) {
      out[u] = den[col][u] == 0 ? Double.NaN : num[col][u] / den[col][u];
    }
    return out;
  }

  private static double sum(double[] a) {
    double s = 0;
    for (double x : a) {
      s += x;
    }
    return s;
  }

  @Override
  public String toString() {
    return "MetricTable" + Arrays.toString(names) + "[users=" + users() + "]";
  }
}

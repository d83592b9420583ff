package dev.tandem.engine.report;

import java.util.Locale;

/**
 * How the report writes numbers: locale-independent ({@link Locale#ROOT}), so the same JSON gives
 * the same bytes on every machine. A missing value (NaN) is written as an em dash.
 */
final class Numbers {
  static final String MISSING = "\u2014";

  private Numbers() {}

  /**
   * A metric value with precision that suits its size: {@code 0.2713}, {@code 9.104}, {@code 123.5},
   * {@code 1,235}.
   */
  static String metric(double v) {
    return metric(v, v);
  }

  /**
   * A metric value with the precision that suits {@code scale} (the largest value of its column),
   * so that a column's values line up: {@code 980} beside {@code 2,850}.
   */
  static String metric(double v, double scale) {
    if (!Double.isFinite(v)) {
      return MISSING;
    }
    double a = Double.isFinite(scale) ? Math.abs(scale) : Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.3f", v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /**
   * A confidence interval, one decimal shorter than {@link #metric} below 1 so it fits under its
   * value: {@code [0.307, 0.367]}.
   */
  static String interval(double lo, double hi) {
    return "[" + bound(lo) + ", " + bound(hi) + "]";
  }

  private static String bound(double v) {
    return Double.isFinite(v) && Math.abs(v) < 1 ? String.format(Locale.ROOT, "%.3f", v) : metric(v);
  }

  /** A signed metric difference: {@code +0.0120}, {@code -0.1200}. */
  static String signed(double v) {
    if (!Double.isFinite(v)) {
      return MISSING;
    }
    String s = metric(Math.abs(v));
    return (v > 0 ? "+" : v < 0 ? "\u2212" : "") + s;
  }

  /** A duration: {@code 480 ms}, {@code 9.1 s}, {@code 2 min 05 s}, {@code 1 h 02 min}. */
  static String seconds(double s) {
    if (!Double.isFinite(s) || s < 0) {
      return MISSING;
    }
    if (s < 1) {
      return String.format(Locale.ROOT, "%.0f ms", s * 1000);
    }
    if (s < 10) {
      return String.format(Locale.ROOT, "%.2f s", s);
    }
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1f s", s);
    }
    long whole = Math.round(s);
    if (whole < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", whole / 3600, (whole % 3600) / 60);
  }

  /** A size in binary units: {@code 512 B}, {@code 1.5 KiB}, {@code 1.12 GiB}. */
  static String bytes(double b) {
    if (!Double.isFinite(b) || b < 0) {
      return MISSING;
    }
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int u = 0;
    double v = b;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    if (u == 0) {
      return String.format(Locale.ROOT, "%.0f B", v);
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v, units[u]);
  }

  /** A count or other number as it reads best: integers grouped ({@code 585,578}), fractions as metrics. */
  static String count(double v) {
    if (!Double.isFinite(v)) {
      return MISSING;
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    return metric(v);
  }

  /** A p-value: {@code < 0.0001}, {@code 0.0312}, {@code 0.41}. */
  static String pValue(double p) {
    if (!Double.isFinite(p)) {
      return MISSING;
    }
    if (p < 0.0001) {
      return "< 0.0001";
    }
    if (p < 0.01) {
      return String.format(Locale.ROOT, "%.4f", p);
    }
    return String.format(Locale.ROOT, "%.3f", p);
  }
}

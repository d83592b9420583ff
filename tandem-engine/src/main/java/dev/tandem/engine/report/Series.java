package dev.tandem.engine.report;

import java.util.Arrays;

/**
 * One model's values in a chart, with optional 95% intervals ({@code lo[i] <= values[i] <= hi[i]};
 * NaN where there is no value or no interval).
 *
 * @param name the model's name (user input: escaped when drawn)
 * @param style the model's colour and marker, see {@link Palette}
 */
record Series(String name, int style, double[] values, double[] lo, double[] hi) {
  Series {
    values = values.clone();
    lo = lo.clone();
    hi = hi.clone();
    if (lo.length != values.length || hi.length != values.length) {
      throw new IllegalArgumentException("intervals (" + lo.length + ", " + hi.length + ") must have one entry per value ("
          + values.length + ")");
    }
  }

  /** A series without intervals. */
  static Series of(String name, int style, double[] values) {
    double[] none = new double[values.length];
    Arrays.fill(none, Double.NaN);
    return new Series(name, style, values, none, none);
  }

  boolean hasInterval(int i) {
    return Double.isFinite(lo[i]) && Double.isFinite(hi[i]);
  }
}

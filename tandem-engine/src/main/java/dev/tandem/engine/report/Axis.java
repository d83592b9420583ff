package dev.tandem.engine.report;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A linear axis whose ends and ticks are round numbers (multiples of 1, 2, 2.5 or 5 times a power
 * of ten).
 *
 * @param min the lower end, a multiple of {@code step}
 * @param max the upper end, a multiple of {@code step}, {@code > min}
 * @param step the distance between ticks, {@code > 0}
 */
record Axis(double min, double max, double step) {

  /**
   * The round axis that covers {@code [lo, hi]} with about {@code ticks} ticks. NaN bounds (no data)
   * give {@code [0, 1]}; equal bounds are widened.
   *
   * @param includeZero whether zero must be on the axis (bar charts, rates)
   */
  static Axis covering(double lo, double hi, int ticks, boolean includeZero) {
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
      lo = 0;
      hi = 1;
    }
    if (includeZero) {
      lo = Math.min(lo, 0);
      hi = Math.max(hi, 0);
    }
    if (hi - lo < 1e-12) {
      double pad = Math.abs(hi) > 1e-12 ? Math.abs(hi) * 0.1 : 1;
      hi += pad;
      lo = includeZero && lo >= 0 ? 0 : lo - pad;
    }
    BigDecimal step = roundStep((hi - lo) / Math.max(1, ticks - 1));
    double s = step.doubleValue();
    long first = (long) Math.floor(lo / s + 1e-9);
    long last = Math.max(first + 1, (long) Math.ceil(hi / s - 1e-9));
    // multiples of the step in decimal, so that 3 x 0.2 is 0.6 and not 0.6000000000000001
    return new Axis(step.multiply(BigDecimal.valueOf(first)).doubleValue(),
        step.multiply(BigDecimal.valueOf(last)).doubleValue(), s);
  }

  /** The nice number nearest to {@code raw}: 1, 2, 2.5 or 5 times a power of ten. */
  private static BigDecimal roundStep(double raw) {
    int exponent = (int) Math.floor(Math.log10(raw));
    double f = raw / Math.pow(10, exponent);
    String nice = f < 1.5 ? "1" : f < 2.25 ? "2" : f < 3.5 ? "2.5" : f < 7.5 ? "5" : "10";
    return new BigDecimal(nice).scaleByPowerOfTen(exponent);
  }

  /** The tick values from {@code min} to {@code max}. */
  double[] ticks() {
    int n = (int) Math.round((max - min) / step) + 1;
    BigDecimal first = BigDecimal.valueOf(min);
    BigDecimal s = BigDecimal.valueOf(step);
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = first.add(s.multiply(BigDecimal.valueOf(i))).doubleValue();
    }
    return t;
  }

  /** Where {@code v} lies on the axis: 0 at {@code min}, 1 at {@code max}. */
  double fraction(double v) {
    return (v - min) / (max - min);
  }

  /** A tick label with as many decimals as the step needs: {@code 0.05}, {@code 2.5}, {@code 1,500}, {@code 20k}. */
  String label(double v) {
    if (step >= 1000 && Math.abs(max) >= 10_000) {
      double kilo = v / 1000;
      return (kilo == Math.rint(kilo) ? String.format(Locale.ROOT, "%.0f", kilo)
          : String.format(Locale.ROOT, "%.1f", kilo)) + "k";
    }
    int decimals = 0;
    double s = step;
    while (decimals < 8 && Math.abs(s - Math.rint(s)) > 1e-9 * Math.max(1, Math.abs(s))) {
      s *= 10;
      decimals++;
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }
}

package dev.tandem.core.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded resampling statistics over users: percentile bootstrap confidence intervals of the
 * metrics of a {@link MetricTable}, and a paired sign-flip randomisation test between two models
 * on the same users. Same seed, same numbers. Thread-safe (stateless).
 */
public final class Bootstrap {
  private Bootstrap() {}

  /**
   * 95% percentile bootstrap intervals: users are drawn with replacement {@code resamples}
   * times; each draw recomputes every metric as Σ num / Σ den over the drawn users; the interval
   * is the 2.5th and 97.5th percentile of the draws. For a mean over users this is the interval
   * of the mean; for RMSE and MAE, of the ratio.
   *
   * @return per column {lo, hi}; NaN when the metric is undefined
   * @throws IllegalArgumentException if {@code resamples} < 1
   */
  public static double[][] ci95(MetricTable t, int resamples, long seed) {
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples (" + resamples + ") must be >= 1");
    }
    int cols = t.names().size();
    int users = t.users();
    double[][] draws = new double[cols][resamples];
    SplittableRandom rng = new SplittableRandom(seed);
    int[] count = new int[users];
    for (int b = 0; b < resamples; b++) {
      Arrays.fill(count, 0);
      for (int k = 0; k < users; k++) {
        count[rng.nextInt(users)]++;
      }
      for (int c = 0; c < cols; c++) {
        double[] num = t.num[c];
        double[] den = t.den[c];
        double n = 0;
        double d = 0;
        for (int u = 0; u < users; u++) {
          int m = count[u];
          if (m != 0) {
            n += m * num[u];
            d += m * den[u];
          }
        }
        draws[c][b] = t.finish(c, n, d);
      }
    }
    double[][] out = new double[cols][];
    for (int c = 0; c < cols; c++) {
      out[c] = percentiles(draws[c]);
    }
    return out;
  }

  private static double[] percentiles(double[] draws) {
    double[] ok = Arrays.stream(draws).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (ok.length == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    int lo = (int) Math.floor(0.025 * (ok.length - 1));
    int hi = (int) Math.ceil(0.975 * (ok.length - 1));
    return new double[] {ok[lo], ok[hi]};
  }

  /**
   * Two-sided p-value of a paired sign-flip randomisation test: under the null hypothesis that
   * the two models are exchangeable for each user, the per-user differences {@code a[u] − b[u]}
   * are equally likely to have either sign. The p-value is
   * {@code (1 + #{draws with |Σ ±d| >= |Σ d|}) / (resamples + 1)}. Users where either value is
   * NaN are left out.
   *
   * @return the p-value in (0, 1], or 1 when no user has both values or all differences are 0
   * @throws IllegalArgumentException if the arrays differ in length or {@code resamples} < 1
   */
  public static double pairedPValue(double[] a, double[] b, int resamples, long seed) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("a (" + a.length + ") and b (" + b.length + ") must be the same users");
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples (" + resamples + ") must be >= 1");
    }
    double[] d = new double[a.length];
    int n = 0;
    for (int u = 0; u < a.length; u++) {
      if (!Double.isNaN(a[u]) && !Double.isNaN(b[u]) && a[u] != b[u]) {
        d[n++] = a[u] - b[u];
      }
    }
    if (n == 0) {
      return 1.0;
    }
    double observed = 0;
    for (int u = 0; u < n; u++) {
      observed += d[u];
    }
    observed = Math.abs(observed) * (1 - 1e-12);
    SplittableRandom rng = new SplittableRandom(seed);
    int extreme = 0;
    for (int r = 0; r < resamples; r++) {
      double s = 0;
      int u = 0;
      while (u < n) {
        long bits = rng.nextLong();
        for (int k = 0; k < 64 && u < n; k++, u++) {
          s += ((bits >>> k) & 1) == 0 ? d[u] : -d[u];
        }
      }
      if (Math.abs(s) >= observed) {
        extreme++;
      }
    }
    return (1.0 + extreme) / (resamples + 1.0);
  }
}

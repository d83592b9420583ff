package dev.tandem.core.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class AlsMathPropertiesTest {

  @Property(tries = 200)
  void dot_matches_a_double_sum(@ForAll @IntRange(min = 0, max = 70) int n, @ForAll long seed) {
    Random rnd = new Random(seed);
    float[] a = new float[n + 3];
    float[] b = new float[n + 5];
    for (int k = 0; k < a.length; k++) {
      a[k] = (float) rnd.nextGaussian();
    }
    for (int k = 0; k < b.length; k++) {
      b[k] = (float) rnd.nextGaussian();
    }
    double expected = 0;
    for (int k = 0; k < n; k++) {
      expected += (double) a[3 + k] * b[5 + k];
    }
    assertThat((double) AlsMath.dot(a, 3, b, 5, n)).isCloseTo(expected, within(1e-4 * (1 + n)));
  }

  /** A random SPD matrix B Bᵀ + d·I, with d drawn at the edges (tiny to large). */
  private static double[] spd(Random rnd, int n, double d) {
    double[] b = new double[n * n];
    for (int k = 0; k < b.length; k++) {
      b[k] = rnd.nextGaussian();
    }
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += b[i * n + k] * b[j * n + k];
        }
        a[i * n + j] = s + (i == j ? d : 0);
      }
    }
    return a;
  }

  @Property(tries = 100)
  void cholesky_solves_spd_systems(@ForAll @IntRange(min = 1, max = 24) int n, @ForAll long seed) {
    Random rnd = new Random(seed);
    double d = new double[] {1e-3, 0.1, 1, 100}[rnd.nextInt(4)];
    double[] a = spd(rnd, n, d);
    double[] rhs = new double[n];
    for (int i = 0; i < n; i++) {
      rhs[i] = rnd.nextGaussian();
    }
    double[] x = rhs.clone();
    assertThat(dev.tandem.core.kernel.SmallSpd.choleskySolve(a.clone(), x, n)).isTrue();
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += a[i * n + j] * x[j];
      }
      assertThat(s).isCloseTo(rhs[i], within(1e-7 * (1 + Math.abs(rhs[i])) * n / Math.min(d, 1)));
    }
  }

  @Property(tries = 50)
  void cholesky_rejects_indefinite_matrices(@ForAll @IntRange(min = 1, max = 10) int n, @ForAll long seed) {
    Random rnd = new Random(seed);
    double[] a = spd(rnd, n, 1);
    int k = rnd.nextInt(n);
    a[k * n + k] = -1;
    assertThat(dev.tandem.core.kernel.SmallSpd.choleskySolve(a, new double[n], n)).isFalse();
  }

  @Property(tries = 60)
  void cg_with_f_steps_reaches_the_cholesky_solution(@ForAll @IntRange(min = 1, max = 12) int f,
      @ForAll @IntRange(min = 0, max = 15) int nnz, @ForAll long seed) {
    Random rnd = new Random(seed);
    int rows = 20;
    float[] y = new float[rows * f];
    for (int k = 0; k < y.length; k++) {
      y[k] = (float) (rnd.nextGaussian() / Math.sqrt(f));
    }
    double lambda = 0.1;
    double[] gram = AlsMath.gram(y, rows, f, AlsMath.Workers.INLINE);
    float[] g = AlsMath.regularizedFloat(gram, f, lambda);
    // one row with nnz distinct stored entries
    int[] idx = new int[nnz];
    float[] val = new float[nnz];
    int[] perm = new int[rows];
    for (int i = 0; i < rows; i++) {
      perm[i] = i;
    }
    for (int k = 0; k < nnz; k++) {
      int j = k + rnd.nextInt(rows - k);
      int t = perm[k];
      perm[k] = perm[j];
      perm[j] = t;
      idx[k] = perm[k];
      val[k] = 1 + rnd.nextInt(3);
    }
    java.util.Arrays.sort(idx);
    float alpha = 2f;
    float[] x = new float[f];
    for (int k = 0; k < f; k++) {
      x[k] = (float) rnd.nextGaussian();
    }
    AlsMath.cgRow(x, 0, y, g, f, new int[] {0, nnz}, idx, val, alpha, 3 * f, new float[3 * f]);

    double[] a = new double[f * f];
    double[] b = new double[f];
    for (int r = 0; r < f; r++) {
      for (int c = 0; c < f; c++) {
        a[r * f + c] = gram[r * f + c] + (r == c ? lambda : 0);
      }
    }
    for (int k = 0; k < nnz; k++) {
      int o = idx[k] * f;
      double w = alpha * val[k];
      for (int r = 0; r < f; r++) {
        b[r] += (1 + w) * y[o + r];
        for (int c = 0; c < f; c++) {
          a[r * f + c] += w * y[o + r] * y[o + c];
        }
      }
    }
    assertThat(dev.tandem.core.kernel.SmallSpd.choleskySolve(a, b, f)).isTrue();
    for (int k = 0; k < f; k++) {
      assertThat((double) x[k]).as("seed %d", seed).isCloseTo(b[k], within(1e-3 * (1 + Math.abs(b[k]))));
    }
  }
}

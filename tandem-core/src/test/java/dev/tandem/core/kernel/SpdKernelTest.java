package dev.tandem.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.model.ModelFitException;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SpdKernelTest {

  static double[][] invert(SpdKernel kernel, double[][] a) {
    int n = a.length;
    try (SpdMatrix m = kernel.allocate(n)) {
      for (int i = 0; i < n; i++) {
        m.setRow(i, a[i].clone());
      }
      m.invert();
      double[][] out = new double[n][n];
      for (int i = 0; i < n; i++) {
        m.getRow(i, out[i]);
      }
      return out;
    }
  }

  /** A = MᵀM + n·I with M uniform in [-1, 1): SPD and well conditioned. */
  static double[][] randomSpd(int n, long seed) {
    Random r = new Random(seed);
    double[][] m = new double[n][n];
    for (double[] row : m) {
      for (int j = 0; j < n; j++) {
        row[j] = 2 * r.nextDouble() - 1;
      }
    }
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += m[k][i] * m[k][j];
        }
        a[i][j] = s + (i == j ? n : 0);
      }
    }
    return a;
  }

  static double maxAbsDiffFromIdentity(double[][] a, double[][] inv) {
    int n = a.length;
    double worst = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += a[i][k] * inv[k][j];
        }
        worst = Math.max(worst, Math.abs(s - (i == j ? 1 : 0)));
      }
    }
    return worst;
  }

  static List<SpdKernel> kernels() {
    return List.of(SpdKernel.named("java"), SpdKernel.named("native"));
  }

  @Test
  void native_kernel_loads_offline_on_this_platform() {
    assertThat(NativeSpdKernel.unavailableReason()).isNull();
    assertThat(SpdKernel.named("native").name()).isEqualTo("native");
    assertThat(SpdKernel.instance().name()).isIn("native", "java");
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "native"})
  void inverts_a_hand_worked_matrix(String name) {
    // [[4,2,0],[2,3,1],[0,1,2]]: det = 4(6-1) - 2(4-0) = 12; adjugate / det gives the inverse below
    double[][] inv = invert(SpdKernel.named(name), new double[][] {{4, 2, 0}, {2, 3, 1}, {0, 1, 2}});
    double[][] expected = {{5 / 12.0, -4 / 12.0, 2 / 12.0}, {-4 / 12.0, 8 / 12.0, -4 / 12.0}, {2 / 12.0, -4 / 12.0, 8 / 12.0}};
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertThat(inv[i][j]).as("inv[%d][%d]", i, j).isCloseTo(expected[i][j], within(1e-14));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "native"})
  void reads_only_the_upper_triangle(String name) {
    double[][] a = {{4, 2, 0}, {999, 3, 1}, {-7, 42, 2}}; // lower triangle is garbage
    double[][] inv = invert(SpdKernel.named(name), a);
    assertThat(inv[1][0]).isCloseTo(-4 / 12.0, within(1e-14));
    assertThat(inv[2][1]).isCloseTo(-4 / 12.0, within(1e-14));
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "native"})
  void rejects_a_matrix_that_is_not_positive_definite(String name) {
    // eigenvalues 3 and -1: the leading minor of order 2 is 1 - 4 < 0
    assertThatThrownBy(() -> invert(SpdKernel.named(name), new double[][] {{1, 2}, {2, 1}}))
        .isInstanceOf(ModelFitException.class)
        .hasMessage("matrix is not positive definite: the leading minor of order 2 is not positive (row 1);"
            + " for EASE, raise ease.lambda");
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "native"})
  void rejects_nan(String name) {
    assertThatThrownBy(() -> invert(SpdKernel.named(name), new double[][] {{1, Double.NaN}, {Double.NaN, 1}}))
        .isInstanceOf(ModelFitException.class)
        .hasMessage("matrix contains NaN: the input data or ease.lambda is not finite");
  }

  @ParameterizedTest
  @ValueSource(ints = {50, 137, 300})
  void native_and_java_agree_on_random_spd_matrices(int n) {
    long seed = 23L * n;
    double[][] a = randomSpd(n, seed);
    double[][] viaJava = invert(SpdKernel.named("java"), a);
    double[][] viaNative = invert(SpdKernel.named("native"), a);
    double worst = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        worst = Math.max(worst, Math.abs(viaJava[i][j] - viaNative[i][j]));
        assertThat(viaJava[i][j]).as("symmetric at (%d,%d), seed %d", i, j, seed).isEqualTo(viaJava[j][i]);
        assertThat(viaNative[i][j]).as("symmetric at (%d,%d), seed %d", i, j, seed).isEqualTo(viaNative[j][i]);
      }
    }
    assertThat(worst).as("max |java - native|, seed %d", seed).isLessThan(1e-9);
    assertThat(maxAbsDiffFromIdentity(a, viaJava)).as("A·A⁻¹ - I, seed %d", seed).isLessThan(1e-10);
  }

  @Property(tries = 30)
  void inverse_times_matrix_is_identity(@ForAll @IntRange(min = 1, max = 140) int n, @ForAll long seed) {
    double[][] a = randomSpd(n, seed);
    for (SpdKernel k : kernels()) {
      assertThat(maxAbsDiffFromIdentity(a, invert(k, a))).as("%s, n %d, seed %d", k.name(), n, seed).isLessThan(1e-10);
    }
  }

  @Test
  void empty_and_one_by_one() {
    for (SpdKernel k : kernels()) {
      assertThat(invert(k, new double[0][0])).isEmpty();
      assertThat(invert(k, new double[][] {{4}})[0][0]).isEqualTo(0.25);
    }
  }

  @Test
  void property_forces_the_kernel_and_defaults_to_native_where_it_loads() {
    assertThat(SpdKernelChoice.choose("java").name()).isEqualTo("java");
    assertThat(SpdKernelChoice.choose(" Native ").name()).isEqualTo("native");
    assertThat(SpdKernelChoice.choose(null).name()).isEqualTo("native");
    assertThat(SpdKernelChoice.choose("").name()).isEqualTo("native");
    assertThatThrownBy(() -> SpdKernelChoice.choose("cuda"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tandem.linalg (cuda) must be java or native");
  }

  @Test
  void unknown_kernel_name_is_rejected() {
    assertThatThrownBy(() -> SpdKernel.named("gpu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tandem.linalg (gpu) must be java or native");
  }

  @Test
  void size_is_checked() {
    assertThatThrownBy(() -> SpdKernel.named("java").allocate(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("n (-1) must be in [0, 46340]");
  }
}

package dev.tandem.core.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.History;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.kernel.SpdKernel;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelTypes;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EaseTest extends ItemItemContractTest {

  @Override
  protected Model fit(dev.tandem.core.data.Interactions data) {
    return new Ease.Trainer(new Ease.Params(1.0)).fit(data);
  }

  /** EASE in plain doubles, independent of the model code: G = XᵀX + λI, P by Gauss-Jordan, B = -P/diag(P). */
  static double[][] closedForm(int numItems, int[][] users, double lambda) {
    int n = numItems;
    double[][] g = new double[n][2 * n];
    for (int[] u : users) {
      boolean[] has = new boolean[n];
      for (int i : u) {
        has[i] = true;
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (has[i] && has[j]) {
            g[i][j] += 1;
          }
        }
      }
    }
    for (int i = 0; i < n; i++) {
      g[i][i] += lambda;
      g[i][n + i] = 1;
    }
    for (int c = 0; c < n; c++) { // Gauss-Jordan with partial pivoting on [G | I]
      int piv = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(g[r][c]) > Math.abs(g[piv][c])) {
          piv = r;
        }
      }
      double[] t = g[c];
      g[c] = g[piv];
      g[piv] = t;
      double d = g[c][c];
      for (int j = 0; j < 2 * n; j++) {
        g[c][j] /= d;
      }
      for (int r = 0; r < n; r++) {
        if (r != c) {
          double f = g[r][c];
          for (int j = 0; j < 2 * n; j++) {
            g[r][j] -= f * g[c][j];
          }
        }
      }
    }
    double[][] b = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        b[i][j] = i == j ? 0 : -g[i][n + j] / g[j][n + j];
      }
    }
    return b;
  }

  static final int[][] TINY = {{0, 1}, {1, 2}, {0, 2, 3}, {3}};

  @ParameterizedTest
  @ValueSource(strings = {"java", "native"})
  void matches_the_closed_form_on_a_tiny_matrix(String kernel) {
    Ease ease = new Ease.Trainer(new Ease.Params(1.0), SpdKernel.named(kernel)).fit(Fixtures.of(4, TINY));
    double[][] expected = closedForm(4, TINY, 1.0);
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        assertThat((double) ease.weight(i, j)).as("B[%d][%d]", i, j).isCloseTo(expected[i][j], within(1e-6));
      }
    }
    // a hand check of one entry: G = [[3,1,1,1],[1,3,1,0],[1,1,3,1],[1,0,1,3]] (λ = 1), so B is not trivially 0
    assertThat(Math.abs(expected[0][1])).isGreaterThan(0.05);
    float[] out = new float[4];
    ease.score(History.of(0, 3), out);
    for (int j = 0; j < 4; j++) {
      assertThat((double) out[j]).isCloseTo(expected[0][j] + expected[3][j], within(1e-6));
    }
  }

  @Test
  void binarises_repeated_and_weighted_events() {
    Interactions weighted = Interactions.builder(Fixtures.items(4))
        .add("u000", 0, 5f, 0).add("u000", 0, 2f, 0).add("u000", 1, 1f, 0)
        .add("u001", 1, 3f, 0).add("u001", 2, 1f, 0)
        .add("u002", 0, 1f, 0).add("u002", 2, 9f, 0).add("u002", 3, 1f, 0)
        .add("u003", 3, 0.5f, 0).build();
    Ease a = new Ease.Trainer(new Ease.Params(1.0)).fit(weighted);
    Ease b = new Ease.Trainer(new Ease.Params(1.0)).fit(Fixtures.of(4, TINY));
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        assertThat(a.weight(i, j)).isEqualTo(b.weight(i, j));
      }
    }
  }

  @Test
  void native_and_java_kernels_give_the_same_model() {
    Random r = new Random(23);
    int[][] users = new int[400][];
    for (int u = 0; u < users.length; u++) {
      int len = 1 + r.nextInt(12);
      users[u] = new int[len];
      for (int k = 0; k < len; k++) {
        users[u][k] = r.nextInt(120);
      }
    }
    Interactions train = Fixtures.of(120, users);
    Ease viaJava = new Ease.Trainer(new Ease.Params(20), SpdKernel.named("java")).fit(train);
    Ease viaNative = new Ease.Trainer(new Ease.Params(20), SpdKernel.named("native")).fit(train);
    double[][] expected = closedForm(120, users, 20);
    for (int i = 0; i < 120; i++) {
      for (int j = 0; j < 120; j++) {
        assertThat(viaJava.weight(i, j)).isCloseTo(viaNative.weight(i, j), within(1e-6f));
        assertThat((double) viaNative.weight(i, j)).isCloseTo(expected[i][j], within(1e-6));
      }
    }
  }

  @Test
  void lambda_must_be_positive_and_finite() {
    assertThatThrownBy(() -> new Ease.Params(0.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("ease.lambda (0.0) must be > 0 and finite");
    assertThatThrownBy(() -> new Ease.Params(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("ease.lambda (NaN) must be > 0 and finite");
    assertThatThrownBy(() -> ModelTypes.byName("ease").params(Map.of("lambda", "-3")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ease.lambda (-3.0) must be > 0");
    assertThatThrownBy(() -> ModelTypes.byName("ease").params(Map.of("lamda", "3")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown parameter ease.lamda; ease takes [lambda]");
  }

  @Test
  void registered_with_defaults() {
    assertThat(ModelTypes.names()).contains("ease", "itemknn");
    assertThat(ModelTypes.effectiveParams(new Ease.Type(), Map.of())).containsExactly(Map.entry("lambda", "500.0"));
    assertThat(Ease.Params.defaults().lambda()).isEqualTo(500.0);
  }
}

package dev.tandem.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the sparse kernels against dense reference computations on random event lists
 * (jqwik draws the edges too: no events, one user, one item, repeated pairs, negative weights).
 */
class SparseKernelPropertiesTest {
  private static final int USERS = 7;
  private static final int ITEMS = 6;

  /** An event is (user, item, weight in -2..3); jqwik shrinks failing lists to the smallest. */
  private static Interactions build(List<List<@IntRange(min = 0, max = 6) Integer>> events, double[][] dense) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      ids.add("i" + i);
    }
    InteractionsBuilder b = Interactions.builder(IdIndex.of(ids));
    for (List<Integer> e : events) {
      int u = e.get(0) % USERS;
      int i = e.get(1) % ITEMS;
      int w = e.get(2) % 6 - 2;
      b.add("u" + u, i, w, 0);
      dense[u][i] += w;
    }
    return b.build();
  }

  @Property(tries = 300)
  void builder_matches_dense_sums_and_transpose_is_an_involution(
      @ForAll @Size(max = 60) List<@Size(3) List<@IntRange(min = 0, max = 6) Integer>> events) {
    double[][] dense = new double[USERS][ITEMS];
    Interactions x = build(events, dense);
    SparseMatrix m = x.userItem();
    for (int r = 0; r < m.rows(); r++) {
      int u = Integer.parseInt(x.users().id(r).substring(1));
      for (int i = 0; i < ITEMS; i++) {
        float expected = dense[u][i] > 0 ? (float) dense[u][i] : 0f;
        assertThat(m.get(r, i)).as("user %d item %d", u, i).isEqualTo(expected);
      }
      for (int k = m.rowPtr()[r] + 1; k < m.rowPtr()[r + 1]; k++) {
        assertThat(m.colIdx()[k]).isGreaterThan(m.colIdx()[k - 1]);
      }
    }
    SparseMatrix t = m.transpose();
    SparseMatrix tt = t.transpose();
    assertThat(tt.rowPtr()).isEqualTo(m.rowPtr());
    assertThat(tt.colIdx()).isEqualTo(m.colIdx());
    assertThat(tt.values()).isEqualTo(m.values());
    for (int r = 0; r < m.rows(); r++) {
      for (int c = 0; c < m.cols(); c++) {
        assertThat(t.get(c, r)).isEqualTo(m.get(r, c));
      }
    }
  }

  @Property(tries = 300)
  void co_occurrence_rows_equal_dense_xtx_of_the_binary_matrix(
      @ForAll @Size(max = 60) List<@Size(3) List<@IntRange(min = 0, max = 6) Integer>> events) {
    Interactions x = build(events, new double[USERS][ITEMS]);
    SparseMatrix m = x.userItem();
    int[][] xtx = new int[ITEMS][ITEMS];
    for (int r = 0; r < m.rows(); r++) {
      for (int a = m.rowPtr()[r]; a < m.rowPtr()[r + 1]; a++) {
        for (int b = m.rowPtr()[r]; b < m.rowPtr()[r + 1]; b++) {
          xtx[m.colIdx()[a]][m.colIdx()[b]]++;
        }
      }
    }
    CoOccurrence co = new CoOccurrence(m, x.itemUser());
    CoOccurrence.Scratch s = new CoOccurrence.Scratch(ITEMS);
    for (int i = 0; i < ITEMS; i++) {
      co.row(i, s); // reusing the scratch also checks that the previous row is cleared
      int nonZero = 0;
      for (int j = 0; j < ITEMS; j++) {
        assertThat(s.count(j)).as("(%d, %d)", i, j).isEqualTo(xtx[i][j]);
        nonZero += xtx[i][j] > 0 ? 1 : 0;
      }
      assertThat(s.size()).isEqualTo(nonZero);
      assertThat(co.count(i)).isEqualTo(xtx[i][i]);
    }
  }
}

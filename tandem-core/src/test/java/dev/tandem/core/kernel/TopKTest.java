package dev.tandem.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.ScoredItems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TopKTest {

  /** The reference: a full sort by (score desc, index asc) over accepted finite scores. */
  private static List<Integer> fullSort(float[] scores, int n, ItemFilter filter) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] > Float.NEGATIVE_INFINITY && filter.accept(i)) {
        idx.add(i);
      }
    }
    idx.sort(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i));
    return idx.subList(0, Math.min(n, idx.size()));
  }

  @Property(tries = 300)
  void top_n_equals_full_sort(@ForAll @Size(max = 200) List<@IntRange(min = -5, max = 5) Integer> raw,
      @ForAll @IntRange(min = 1, max = 250) int n, @ForAll @IntRange(min = 1, max = 4) int modulus) {
    // small integer scores force many ties; every modulus-th item filtered out; some -inf
    float[] scores = new float[raw.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = raw.get(i) == -5 ? Float.NEGATIVE_INFINITY : raw.get(i);
    }
    ItemFilter filter = modulus == 1 ? ItemFilter.ALL : i -> i % modulus != 0;
    ScoredItems top = TopK.select(scores, scores.length, n, filter);
    List<Integer> got = new ArrayList<>();
    for (int r = 0; r < top.size(); r++) {
      got.add(top.item(r));
      assertThat(top.score(r)).isEqualTo(scores[top.item(r)]);
    }
    assertThat(got).isEqualTo(fullSort(scores, n, filter));
  }

  @Property(tries = 200)
  void select_into_reused_arrays_equals_select(@ForAll @Size(max = 200) List<@IntRange(min = -5, max = 5) Integer> raw,
      @ForAll @IntRange(min = 1, max = 250) int n) {
    float[] scores = new float[raw.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = raw.get(i) == -5 ? Float.NEGATIVE_INFINITY : raw.get(i);
    }
    int[] items = new int[260];
    float[] top = new float[260];
    Arrays.fill(items, 7); // stale content from an earlier request must not matter
    Arrays.fill(top, 9f);
    int size = TopK.selectInto(scores, scores.length, n, ItemFilter.ALL, items, top);
    ScoredItems expected = TopK.select(scores, scores.length, n, ItemFilter.ALL);
    assertThat(new ScoredItems(Arrays.copyOf(items, size), Arrays.copyOf(top, size)))
        .isEqualTo(expected);
  }

  @Test
  void select_into_rejects_arrays_shorter_than_n() {
    assertThatThrownBy(() -> TopK.selectInto(new float[5], 5, 3, ItemFilter.ALL, new int[2], new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("output arrays (2, 3) must hold min(n, numItems) (3) items");
  }

  @Test
  void ties_rank_the_smaller_index_first() {
    float[] s = {1, 3, 3, 2, 3};
    assertThat(TopK.select(s, 5, 3, ItemFilter.ALL).items()).containsExactly(1, 2, 4);
    assertThat(TopK.select(s, 5, 10, ItemFilter.ALL).items()).containsExactly(1, 2, 4, 3, 0);
  }

  @Test
  void nan_and_negative_infinity_are_never_selected() {
    float[] s = {Float.NaN, Float.NEGATIVE_INFINITY, -1e30f};
    assertThat(TopK.select(s, 3, 3, ItemFilter.ALL).items()).containsExactly(2);
  }

  @Test
  void rejects_bad_n() {
    assertThatThrownBy(() -> TopK.select(new float[2], 2, 0, ItemFilter.ALL))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("n (0) must be >= 1");
  }
}

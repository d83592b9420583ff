package dev.tandem.engine.internal.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.History;
import dev.tandem.core.model.ContentScorer;
import dev.tandem.core.model.ItemContentBatch;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The overlay value itself: copy-on-write updates, order, filters, ranking. */
class FreshItemsOverlayTest {
  private static FreshItems.Entry entry(String id, float x, float y, boolean available, String... labels) {
    return new FreshItems.Entry(id, new float[] {x, y}, "doc " + id, available, Set.of(labels));
  }

  /** Scores item k by its normalised vector's first component. */
  private static final ContentScorer FIRST = (History h, ItemContentBatch items, float[] out) -> {
    for (int k = 0; k < items.size(); k++) {
      out[k] = items.component(k, 0);
    }
  };

  @Test
  void updates_return_a_new_overlay_replace_in_place_and_remove() {
    FreshItems a = FreshItems.EMPTY.with(List.of(entry("x", 1, 0, true), entry("y", 0, 1, true)), List.of());
    FreshItems b = a.with(List.of(entry("x", 3, 4, true), entry("z", 1, 1, true)), List.of("y"));
    assertThat(a.size()).isEqualTo(2);
    assertThat(a.batch().vector(0)).containsExactly(1f, 0f);
    assertThat(b.size()).isEqualTo(2);
    assertThat(b.indexOf("x")).isZero();
    assertThat(b.indexOf("y")).isEqualTo(-1);
    assertThat(b.indexOf("z")).isEqualTo(1);
    assertThat(b.batch().vector(0)).containsExactly(0.6f, 0.8f);
    assertThat(b.batch().text(1)).isEqualTo("doc z");
    assertThat(b.with(List.of(), List.of("nope"))).isSameAs(b);
    assertThat(b.with(List.of(), List.of("x", "z"))).isSameAs(FreshItems.EMPTY);
    assertThatThrownBy(() -> b.with(List.of(new FreshItems.Entry("w", new float[3], "w", true, Set.of())), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vector of fresh item w has 3 floats; expected the overlay's dimension (2)");
  }

  @Test
  void recommend_ranks_by_score_and_leaves_out_unavailable_unlabelled_and_seen_items() {
    FreshItems f = FreshItems.EMPTY.with(List.of(entry("a", 1, 1, true, "sf"), entry("b", 1, 0, true, "sf"),
        entry("c", 1, 0, false, "sf"), entry("d", 0, 1, true, "cooking"), entry("e", 1, 3, true, "sf")), List.of());
    // scores: a 0.7071, b 1, c 1 (unavailable), d 0, e 0.3162
    assertThat(f.recommend(FIRST, History.EMPTY, 10, null, Set.of())).extracting(FreshItems.Scored::id)
        .containsExactly("b", "a", "e", "d");
    assertThat(f.recommend(FIRST, History.EMPTY, 2, "sf", Set.of("b"))).extracting(FreshItems.Scored::id)
        .containsExactly("a", "e");
    assertThat(f.recommend(FIRST, History.EMPTY, 10, "cooking", Set.of())).extracting(FreshItems.Scored::score)
        .containsExactly(0f);
    assertThat(f.hasLabel("cooking")).isTrue();
    assertThat(f.hasLabel("poetry")).isFalse();
    ContentScorer none = (h, items, out) -> java.util.Arrays.fill(out, 0, items.size(), ContentScorer.NOT_RETRIEVED);
    assertThat(f.recommend(none, History.EMPTY, 10, null, Set.of())).isEmpty();
  }
}

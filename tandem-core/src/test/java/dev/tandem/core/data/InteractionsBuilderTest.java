package dev.tandem.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InteractionsBuilderTest {

  @Test
  void sums_events_per_pair_drops_non_positive_pairs_and_sorts_users() {
    IdIndex items = IdIndex.of(List.of("c", "a", "b", "a"));
    assertThat(items.ids()).containsExactly("a", "b", "c");
    Interactions x = Interactions.builder(items)
        .add("u2", "a", 1f, 10)
        .add("u1", "c", 2f, 5)
        .add("u2", "a", 0.5f, 30)   // same pair: 1.5, latest ts 30
        .add("u1", "b", 1f, 1)
        .add("u1", "b", -1f, 2)     // like then dislike: sum 0, dropped
        .add("u3", "a", -1f, 3)     // only negative: user kept with an empty row
        .build();
    assertThat(x.users().ids()).containsExactly("u1", "u2", "u3");
    assertThat(x.nnz()).isEqualTo(2);
    assertThat(x.userItem().rowPtr()).containsExactly(0, 1, 2, 2);
    assertThat(x.userItem().get(0, 2)).isEqualTo(2f);
    assertThat(x.userItem().get(1, 0)).isEqualTo(1.5f);
    assertThat(x.userItem().get(0, 1)).isEqualTo(0f);
    assertThat(x.timestamps()).containsExactly(5L, 30L);
    assertThat(x.itemUser().get(0, 1)).isEqualTo(1.5f);
    assertThat(x.itemUser().rows()).isEqualTo(3);
  }

  @Test
  void unknown_item_is_rejected_with_its_id() {
    var b = Interactions.builder(IdIndex.of(List.of("a")));
    assertThatThrownBy(() -> b.add("u", "zz", 1f, 0)).hasMessage("item \"zz\" is not known (1 items indexed)");
  }

  @Test
  void history_positives_merge_duplicates_and_skip_unknown_items() {
    History h = new History(new int[] {4, 1, 4, 9, 2}, new float[] {1, 1, 2, 1, -1}, new long[5]);
    History.Positives p = h.positives(5);
    assertThat(p.items()).containsExactly(1, 4);
    assertThat(p.weights()).containsExactly(1f, 3f);
  }

  @Test
  void sums_of_repeated_events_are_clamped_to_one_million_and_never_overflow() {
    var b = Interactions.builder(IdIndex.of(List.of("a", "b")));
    for (int k = 0; k < 3; k++) {
      b.add("u", "a", Float.MAX_VALUE, k);  // float sums would reach Infinity at the second event
      b.add("u", "b", 600_000f, k);         // 1.8e6 in total
    }
    Interactions x = b.build();
    assertThat(x.userItem().get(0, 0)).isEqualTo(1e6f);
    assertThat(x.userItem().get(0, 1)).isEqualTo(1e6f);
    History h = new History(new int[] {0, 0, 1}, new float[] {Float.MAX_VALUE, Float.MAX_VALUE, 2f}, new long[3]);
    assertThat(h.positives(2).weights()).containsExactly(1e6f, 2f);
  }

  @Test
  void history_rejects_mismatched_lengths() {
    assertThatThrownBy(() -> new History(new int[2], new float[1], new long[2]))
        .hasMessage("items (2), weights (1) and timestamps (2) must have the same length");
  }
}

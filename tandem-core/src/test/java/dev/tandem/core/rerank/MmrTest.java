package dev.tandem.core.rerank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.ItemVectors;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class MmrTest {
  /** A = (1, 0); B = (0.6, 0.8) scaled by 2 (normalised to cos 0.6 with A); C = (0, 1); D has no vector. */
  private static UnitVectors vectors() {
    float[] v = {1, 0, 1.2f, 1.6f, 0, 3, 0, 0};
    BitSet present = new BitSet();
    present.set(0, 3);
    return UnitVectors.of(new ItemVectors(IdIndex.of(List.of("a", "b", "c", "d")), 2, v, present));
  }

  @Test
  void cosine_of_normalised_vectors_and_zero_without_a_vector() {
    UnitVectors u = vectors();
    assertThat(u.similarity(0, 1)).isCloseTo(0.6f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(u.similarity(1, 2)).isCloseTo(0.8f, org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(u.similarity(0, 2)).isEqualTo(0f);
    assertThat(u.similarity(0, 3)).isEqualTo(0f);
  }

  @Test
  void hand_worked_example() {
    // relevance 1.0, 0.9, 0.5, 0.4 -> scaled (x - 0.4) / 0.6: 1, 5/6, 1/6, 0
    int[] items = {0, 1, 2, 3};
    float[] rel = {1.0f, 0.9f, 0.5f, 0.4f};
    // lambda 1: input order
    assertThat(Mmr.rerank(items, rel, 4, 1, vectors())).containsExactly(0, 1, 2, 3);
    // lambda 0.5, step 1: A. step 2: B 0.5*5/6 - 0.5*0.6 = 0.1167; C 0.5/6 - 0 = 0.0833; D 0 -> B.
    // step 3: C 0.0833 - 0.5*max(0, 0.8) = -0.3167; D 0 - 0 = 0 -> D. Then C.
    assertThat(Mmr.rerank(items, rel, 4, 0.5, vectors())).containsExactly(0, 1, 3, 2);
    // lambda 0.3, step 2: B 0.3*5/6 - 0.7*0.6 = -0.17; C 0.05; D 0 -> C; step 3: B 0.25 - 0.7*0.8 = -0.31, D 0 -> D
    assertThat(Mmr.rerank(items, rel, 4, 0.3, vectors())).containsExactly(0, 2, 3, 1);
    assertThat(Mmr.rerank(items, rel, 2, 0.3, vectors())).containsExactly(0, 2);
  }

  @Test
  void lambda_outside_the_unit_interval_is_rejected() {
    assertThatThrownBy(() -> Mmr.rerank(new int[] {0}, new float[] {1}, 1, 1.5, vectors()))
        .hasMessage("mmr_lambda (1.5) must be in [0, 1] (1 = no diversity reranking)");
  }
}

package dev.tandem.core.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.History;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.ScoredItems;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemKnnTest extends ItemItemContractTest {

  @Override
  protected Model fit(dev.tandem.core.data.Interactions data) {
    return new ItemKnn.Trainer(ItemKnn.Params.defaults()).fit(data);
  }

  // users {0,1}, {0,1,2}, {1,2}: columns 0 = {u0,u1}, 1 = {u0,u1,u2}, 2 = {u1,u2}
  // cos(0,1) = 2/(√2·√3) = 0.81650, cos(0,2) = 1/(√2·√2) = 0.5, cos(1,2) = 2/(√3·√2) = 0.81650
  static final int[][] THREE = {{0, 1}, {0, 1, 2}, {1, 2}};
  static final double C01 = 2 / Math.sqrt(6);

  @Test
  void cosine_by_hand() {
    ItemKnn m = new ItemKnn.Trainer(new ItemKnn.Params(100, 0)).fit(Fixtures.of(3, THREE));
    assertThat((double) m.similarity(0, 1)).isCloseTo(C01, within(1e-7));
    assertThat((double) m.similarity(1, 0)).isCloseTo(C01, within(1e-7));
    assertThat((double) m.similarity(0, 2)).isCloseTo(0.5, within(1e-7));
    assertThat((double) m.similarity(1, 2)).isCloseTo(C01, within(1e-7));
    assertThat(m.similarity(1, 1)).isZero();
    float[] out = new float[3];
    m.score(History.of(0), out);
    assertThat((double) out[0]).isZero();
    assertThat((double) out[1]).isCloseTo(C01, within(1e-7));
    assertThat((double) out[2]).isCloseTo(0.5, within(1e-7));
    m.score(History.of(0, 2), out);
    assertThat((double) out[1]).isCloseTo(2 * C01, within(1e-6));
  }

  @Test
  void k_keeps_the_most_similar_per_scored_item_with_ties_to_the_smaller_index() {
    ItemKnn m = new ItemKnn.Trainer(new ItemKnn.Params(1, 0)).fit(Fixtures.of(3, THREE));
    // column 0 keeps item 1 (0.816 > 0.5); column 1 has a tie 0 vs 2 (both 0.816): keeps 0; column 2 keeps 1
    assertThat(m.neighbourCount(0)).isEqualTo(1);
    assertThat((double) m.similarity(1, 0)).isCloseTo(C01, within(1e-7));
    assertThat(m.similarity(2, 0)).isZero();
    assertThat((double) m.similarity(0, 1)).isCloseTo(C01, within(1e-7));
    assertThat(m.similarity(2, 1)).isZero();
    assertThat((double) m.similarity(1, 2)).isCloseTo(C01, within(1e-7));
    assertThat(m.similarity(0, 2)).isZero();
    // history {2} reaches item 0 only through column 0, which dropped 2: score 0; item 1 dropped 2 too
    float[] out = new float[3];
    m.score(History.of(2), out);
    assertThat(out).containsExactly(0f, 0f, 0f);
    m.score(History.of(0), out);
    assertThat((double) out[1]).isCloseTo(C01, within(1e-7));
    assertThat(out[2]).isZero();
  }

  @Test
  void shrinkage_lowers_similarities_on_little_support() {
    ItemKnn m = new ItemKnn.Trainer(new ItemKnn.Params(100, 1)).fit(Fixtures.of(3, THREE));
    assertThat((double) m.similarity(0, 1)).isCloseTo(2 / (Math.sqrt(6) + 1), within(1e-7));
    assertThat((double) m.similarity(0, 2)).isCloseTo(1 / 3.0, within(1e-7));
  }

  @Test
  void similar_uses_the_neighbour_list() {
    ItemKnn m = new ItemKnn.Trainer(new ItemKnn.Params(100, 0)).fit(Fixtures.of(4, THREE));
    ScoredItems s = m.similar(0, 3, ItemFilter.ALL);
    assertThat(s.items()).containsExactly(1, 2, 3); // 3 has no interactions: score 0, filled in index order
    assertThat((double) s.score(0)).isCloseTo(C01, within(1e-7));
    assertThat(s.score(2)).isZero();
    assertThat(m.similar(1, 1, item -> item != 0).items()).containsExactly(2);
    assertThatThrownBy(() -> m.similar(4, 1, ItemFilter.ALL))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("item (4) must be in [0, 4)");
  }

  @Test
  void params_are_validated() {
    assertThatThrownBy(() -> new ItemKnn.Params(0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("itemknn.k (0) must be >= 1");
    assertThatThrownBy(() -> new ItemKnn.Params(5, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("itemknn.shrink (-1.0) must be >= 0 and finite");
    assertThat(ModelTypes.byName("itemknn").params(Map.of("k", "7", "shrink", "2.5"))).isEqualTo(new ItemKnn.Params(7, 2.5));
    assertThat(ModelTypes.effectiveParams(new ItemKnn.Type(), Map.of()))
        .containsExactly(Map.entry("k", "100"), Map.entry("shrink", "0.0"));
  }
}

package dev.tandem.core.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.core.data.Profile;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.ModelFitException;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.Request;
import dev.tandem.core.model.ScoredItems;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SemanticTest {
  static final int X1 = 0;
  static final int X2 = 1;
  static final int Y1 = 2;
  static final int Y2 = 3;
  static final int DIAG = 4;
  static final int NONE = 5;
  static final float R = (float) (1 / Math.sqrt(2));

  /** x1 = (1,0), x2 = (3,0), y1 = (0,1), y2 = (0,2), diag = (1,1), none has no vector. */
  static Interactions data() {
    IdIndex items = IdIndex.of(List.of("a_x1", "b_x2", "c_y1", "d_y2", "e_diag", "f_none"));
    InteractionsBuilder b = Interactions.builder(items);
    b.add("u", X1, 1f, 0L);
    Interactions x = b.build();
    BitSet present = new BitSet();
    present.set(0, 5);
    float[] v = {1, 0, 3, 0, 0, 1, 0, 2, 1, 1, 0, 0};
    return x.withItemVectors(new ItemVectors(items, 2, v, present));
  }

  static Semantic fit(double halfLife, boolean useWeights, boolean negative) {
    return new Semantic.Trainer(new Semantic.Params(halfLife, useWeights, negative)).fit(data());
  }

  static float[] scores(Semantic m, History h) {
    float[] out = new float[m.numItems()];
    m.score(h, out);
    return out;
  }

  @Test
  void history_of_x_items_ranks_the_remaining_x_item_first_and_items_without_a_vector_score_zero() {
    Semantic m = fit(0, true, false);
    ScoredItems top = m.recommend(History.of(X1), Request.top(5));
    assertThat(top.item(0)).isEqualTo(X2);
    assertThat(top.score(0)).isCloseTo(1f, within(1e-6f));
    assertThat(top.item(1)).isEqualTo(DIAG);
    assertThat(top.score(1)).isCloseTo(R, within(1e-6f));
    float[] s = scores(m, History.of(X1));
    assertThat(s[Y1]).isZero();
    assertThat(s[Y2]).isZero();
    assertThat(s[NONE]).isZero();
    assertThat(m.hasVector(NONE)).isFalse();
    assertThat(scores(m, History.of(NONE))).containsOnly(0f);
  }

  @Test
  void weights_scale_each_entry() {
    History h = new History(new int[] {X1, Y1}, new float[] {3, 1}, new long[] {0, 0});
    assertThat(fit(0, true, false).userVector(h)).containsExactly(new float[] {0.75f, 0.25f}, within(1e-6f));
    float[] s = scores(fit(0, true, false), h);
    assertThat(s[X2]).isCloseTo(0.75f, within(1e-6f));
    assertThat(s[Y2]).isCloseTo(0.25f, within(1e-6f));
    assertThat(s[DIAG]).isCloseTo(R, within(1e-6f));
    // without weights each entry counts 1
    assertThat(fit(0, false, false).userVector(h)).containsExactly(new float[] {0.5f, 0.5f}, within(1e-6f));
  }

  @Test
  void decay_halves_an_entry_one_half_life_older_than_the_newest() {
    History h = new History(new int[] {X1, Y1}, new float[] {1, 1}, new long[] {0, 86_400});
    // x1: 0.5, y1: 1 -> (0.5, 1) / 1.5
    assertThat(fit(1, true, false).userVector(h)).containsExactly(new float[] {1 / 3f, 2 / 3f}, within(1e-6f));
  }

  @Test
  void negative_feedback_pushes_away_only_when_asked() {
    History h = new History(new int[] {X1, Y1}, new float[] {2, -1}, new long[] {0, 0});
    assertThat(fit(0, true, true).userVector(h)).containsExactly(new float[] {2 / 3f, -1 / 3f}, within(1e-6f));
    assertThat(fit(0, true, false).userVector(h)).containsExactly(new float[] {1, 0}, within(1e-6f));
    float[] s = scores(fit(0, true, true), h);
    assertThat(s[Y2]).isCloseTo(-1 / 3f, within(1e-6f));
    assertThat(s[DIAG]).isCloseTo(R / 3, within(1e-6f));
  }

  @Test
  void plain_mode_is_the_mean_of_distinct_positive_items() {
    // x1 twice (one distinct item), y1 once, y2 summed negative: mean of x1 and y1
    History h = new History(new int[] {X1, X1, Y1, Y2}, new float[] {1, 1, 1, -4}, new long[] {0, 1, 2, 3});
    Semantic m = fit(0, false, false);
    assertThat(m.userVector(h)).containsExactly(new float[] {0.5f, 0.5f}, within(1e-6f));
    float[] s = scores(m, h);
    assertThat(s[X2]).isCloseTo(0.5f, within(1e-6f));
    assertThat(s[DIAG]).isCloseTo(2 * 0.5f * R, within(1e-6f));
    assertThat(s[NONE]).isZero();
    // the weighted mode counts x1 twice instead
    assertThat(fit(0, true, false).userVector(new History(new int[] {X1, X1, Y1}, new float[] {1, 1, 1},
        new long[] {0, 1, 2}))).containsExactly(new float[] {2 / 3f, 1 / 3f}, within(1e-6f));
  }

  @Test
  void a_profile_alone_ranks_the_item_closest_to_its_vector_first() {
    Semantic m = fit(0, true, false);
    // p = (1, 3): normalised (0.316, 0.949); cosines: y1 = y2 = 0.949, diag = 4 / sqrt(20) = 0.894, x = 0.316
    History h = History.of(new Profile("I like the y axis", new float[] {1, 3}));
    float n = (float) Math.sqrt(10);
    assertThat(m.userVector(h)).containsExactly(new float[] {1 / n, 3 / n}, within(1e-6f));
    ScoredItems top = m.recommend(h, Request.top(5));
    assertThat(top.items()).containsExactly(Y1, Y2, DIAG, X1, X2);
    assertThat(top.score(0)).isCloseTo(3 / n, within(1e-6f));
    assertThat(top.score(2)).isCloseTo(4 / (float) Math.sqrt(20), within(1e-6f));
    // profile text without an embedding means nothing to this model
    assertThat(scores(m, History.of(Profile.ofText("I like the y axis")))).containsOnly(0f);
  }

  @Test
  void history_and_profile_blend_by_profile_weight() {
    Profile p = new Profile("", new float[] {0, 5});
    History h = History.of(X1).withProfile(p);
    // u = (1 - a) * (1, 0) + a * (0, 1)
    Semantic half = new Semantic.Trainer(new Semantic.Params(0, true, false)).fit(data());
    assertThat(half.userVector(h)).containsExactly(new float[] {0.5f, 0.5f}, within(1e-6f));
    Semantic quarter = new Semantic.Trainer(new Semantic.Params(0, true, false, 0.25)).fit(data());
    assertThat(quarter.userVector(h)).containsExactly(new float[] {0.75f, 0.25f}, within(1e-6f));
    assertThat(scores(quarter, h)[DIAG]).isCloseTo((0.75f + 0.25f) * R, within(1e-6f));
    Semantic none = new Semantic.Trainer(new Semantic.Params(0, true, false, 0)).fit(data());
    assertThat(none.userVector(h)).containsExactly(new float[] {1, 0}, within(1e-6f));
    assertThatThrownBy(() -> half.userVector(History.of(X1).withProfile(new Profile("", new float[] {1, 2, 3}))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("profile vector dimension (3) must equal the item vectors' dimension (2)");
  }

  @Test
  void similar_is_cosine_to_the_items_vector() {
    ScoredItems sim = fit(0, true, false).similar(X1, 3, ItemFilter.ALL);
    assertThat(sim.items()).containsExactly(X2, DIAG, Y1);
    assertThat(sim.score(0)).isCloseTo(1f, within(1e-6f));
    assertThat(sim.score(1)).isCloseTo(R, within(1e-6f));
  }

  @Test
  void fitting_without_item_vectors_says_how_to_get_them() {
    InteractionsBuilder b = Interactions.builder(IdIndex.of(List.of("a", "b")));
    b.add("u", 0, 1f, 0L);
    Interactions bare = b.build();
    assertThatThrownBy(() -> new Semantic.Trainer(new Semantic.Params(0, true, false)).fit(bare))
        .isInstanceOf(ModelFitException.class)
        .hasMessageContaining("semantic needs item embeddings")
        .hasMessageContaining("tandem embed")
        .hasMessageContaining("Interactions.withItemVectors");
  }

  @Test
  void item_vectors_must_follow_the_interactions_items() {
    InteractionsBuilder b = Interactions.builder(IdIndex.of(List.of("a", "b")));
    b.add("u", 0, 1f, 0L);
    Interactions x = b.build();
    ItemVectors three = new ItemVectors(IdIndex.of(List.of("a", "b", "c")), 1, new float[3], new BitSet());
    assertThatThrownBy(() -> x.withItemVectors(three)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 items").hasMessageContaining("2 items");
    assertThat(x.itemVectors()).isEmpty();
    ItemVectors two = new ItemVectors(x.items(), 1, new float[2], new BitSet());
    Interactions with = x.withItemVectors(two);
    assertThat(with.itemVectors()).containsSame(two);
    assertThat(with.userItem()).isSameAs(x.userItem());
    assertThat(x.itemVectors()).isEmpty();
  }

  @Test
  void params_are_validated_and_registered() {
    assertThat(ModelTypes.byName("semantic")).isInstanceOf(Semantic.Type.class);
    assertThat(ModelTypes.needs(ModelTypes.byName("semantic").parameters().defaults())).containsExactly(dev.tandem.core.model.ItemContent.VECTORS);
    assertThat(ModelTypes.needs(ModelTypes.byName("pop").parameters().defaults())).isEmpty();
    Semantic.Type t = new Semantic.Type();
    assertThat(t.params(Map.of())).isEqualTo(new Semantic.Params(0, true, false));
    assertThat(t.params(Map.of("profile_weight", "0.8")).profileWeight()).isEqualTo(0.8);
    assertThatThrownBy(() -> t.params(Map.of("profile_weight", "1.5"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("semantic.profile_weight (1.5)");
    assertThat(t.params(Map.of("use_weights", "false", "negative", "true", "half_life_days", "30")))
        .isEqualTo(new Semantic.Params(30, false, true));
    assertThatThrownBy(() -> t.params(Map.of("half_life_days", "-1"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("half_life_days");
  }
}

package dev.tandem.core.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.core.fusion.Contribution;
import dev.tandem.core.fusion.FusedItem;
import dev.tandem.core.fusion.FusedModel;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.Request;
import dev.tandem.core.retrieval.Ease;
import dev.tandem.core.retrieval.ImplicitAls;
import dev.tandem.core.retrieval.ItemKnn;
import dev.tandem.core.retrieval.Popularity;
import dev.tandem.core.retrieval.Semantic;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplainsTest {
  static Interactions of(int numItems, int[]... users) {
    IdIndex ids = IdIndex.of(java.util.stream.IntStream.range(0, numItems).mapToObj(i -> "i" + i).toList());
    InteractionsBuilder b = Interactions.builder(ids);
    for (int u = 0; u < users.length; u++) {
      for (int item : users[u]) {
        b.add("u" + u, item, 1f, 0);
      }
    }
    return b.build();
  }

  // users {0,1}, {0,1,2}, {1,2}, {0,3}: |U0| = 3, |U1| = 3, |U2| = 2, |U3| = 1
  static final Interactions KNN = of(4, new int[] {0, 1}, new int[] {0, 1, 2}, new int[] {1, 2}, new int[] {0, 3});

  @Test
  void itemknn_shares_are_the_similarities_to_the_item_over_their_sum() {
    ItemKnn m = new ItemKnn.Trainer(ItemKnn.Params.defaults()).fit(KNN);
    // S[0,2] = 1/(√3·√2) = 1/√6, S[1,2] = 2/(√3·√2) = 2/√6: shares 2/3 (item 1) and 1/3 (item 0)
    List<Because> b = m.because(History.of(0, 1), 2, 3);
    assertThat(b).extracting(Because::item).containsExactly(1, 0);
    assertThat(b.get(0).share()).isCloseTo(2.0 / 3, within(1e-6));
    assertThat(b.get(1).share()).isCloseTo(1.0 / 3, within(1e-6));
    // S[0,3] = 1/√3, S[1,3] = 0 (never together): item 0 alone, share 1
    assertThat(m.because(History.of(0, 1), 3, 3)).containsExactly(new Because(0, 1.0));
    // S[1,3] = 0: no because
    assertThat(m.because(History.of(1), 3, 3)).isEmpty();
    // max cuts the list but not the shares
    assertThat(m.because(History.of(0, 1), 2, 1)).hasSize(1);
    assertThat(m.because(History.of(0, 1), 2, 1).get(0).share()).isCloseTo(2.0 / 3, within(1e-6));
  }

  // users {0,1,2}, {0,2}, {1,2}, {0}; λ = 1: G = [[4,1,2],[1,3,2],[2,2,4]], det 24,
  // P = adj(G)/24: P02 = -4/24, P12 = -6/24, P22 = 11/24, P01 = 0 -> B02 = 4/11, B12 = 6/11, B01 = 0
  static final Interactions EASE = of(3, new int[] {0, 1, 2}, new int[] {0, 2}, new int[] {1, 2}, new int[] {0});

  @Test
  void ease_shares_are_the_weights_b_j_i_over_their_sum() {
    Ease m = new Ease.Trainer(new Ease.Params(1)).fit(EASE);
    List<Because> b = m.because(History.of(0, 1), 2, 3);
    assertThat(b).extracting(Because::item).containsExactly(1, 0);
    assertThat(b.get(0).share()).isCloseTo(0.6, within(1e-6));
    assertThat(b.get(1).share()).isCloseTo(0.4, within(1e-6));
    // B01 = 0 in exact arithmetic (float rounding below Shares.EPSILON): no positive term, no because
    assertThat(Math.abs(m.weight(0, 1))).isLessThan((float) Shares.EPSILON);
    assertThat(m.because(History.of(0), 1, 3)).isEmpty();
  }

  @Test
  void errors_name_the_item_and_max() {
    Ease m = new Ease.Trainer(new Ease.Params(1)).fit(EASE);
    assertThatThrownBy(() -> m.because(History.of(0), 3, 3)).hasMessage("item (3) must be in [0, 3)");
    assertThatThrownBy(() -> m.because(History.of(0), 1, 0)).hasMessage("max (0) must be >= 1");
  }

  /** item 0 = (1,0), 1 = (0,1), 2 = (1,1), 3 = (1,-1), 4 has no vector. */
  static Interactions vectors() {
    Interactions x = of(5, new int[] {0, 1, 2, 3});
    BitSet present = new BitSet();
    present.set(0, 4);
    float[] v = {1, 0, 0, 1, 1, 1, 1, -1, 0, 0};
    return x.withItemVectors(new ItemVectors(x.items(), 2, v, present));
  }

  @Test
  void semantic_shares_are_weighted_cosines() {
    Semantic plain = new Semantic.Trainer(new Semantic.Params(0, false, false)).fit(vectors());
    // cos(0,2) = cos(1,2) = 1/√2: half each, tie -> smaller index first
    List<Because> b = plain.because(History.of(0, 1), 2, 3);
    assertThat(b).extracting(Because::item).containsExactly(0, 1);
    assertThat(b.get(0).share()).isCloseTo(0.5, within(1e-6));
    // cos(0,3) = 1/√2, cos(1,3) = -1/√2: item 0 alone
    assertThat(plain.because(History.of(0, 1), 3, 3)).containsExactly(new Because(0, 1.0));
    assertThat(plain.because(History.of(0, 1), 4, 3)).isEmpty();
    // weights 3 and 1: 3/√2 and 1/√2 -> 0.75 and 0.25
    Semantic weighted = new Semantic.Trainer(new Semantic.Params(0, true, false)).fit(vectors());
    History h = new History(new int[] {0, 1}, new float[] {3, 1}, new long[] {0, 0});
    List<Because> w = weighted.because(h, 2, 3);
    assertThat(w).extracting(Because::item).containsExactly(0, 1);
    assertThat(w.get(0).share()).isCloseTo(0.75, within(1e-6));
    assertThat(w.get(1).share()).isCloseTo(0.25, within(1e-6));
  }

  @Test
  void semantic_profile_share_is_the_profiles_part_of_the_score() {
    Semantic plain = new Semantic.Trainer(new Semantic.Params(0, false, false)).fit(vectors());
    // history item 0 = (1,0), profile (0,3) -> unit (0,1), α = 0.5: u = (0.5, 0.5)
    History h = History.of(0).withProfile(new dev.tandem.core.data.Profile("space", new float[] {0, 3}));
    assertThat(plain.profileShare(h, 1)).isCloseTo(1.0, within(1e-6)); // (0,1): all profile
    assertThat(plain.profileShare(h, 2)).isCloseTo(0.5, within(1e-6)); // (1,1)/√2: half and half
    assertThat(plain.profileShare(h, 0)).isCloseTo(0.0, within(1e-6)); // (1,0): all history
    // profile only: α = 1
    History only = History.of(new dev.tandem.core.data.Profile("space", new float[] {0, 3}));
    assertThat(plain.profileShare(only, 2)).isCloseTo(1.0, within(1e-6));
    assertThat(plain.profileShare(History.of(0), 2)).isZero();
    // the explainer reports it in the evidence
    Evidence e = new Explainer(ItemLabels.NONE, 3).evidence(plain, h, 2, List.of(), List.of(), "");
    assertThat(e.profileShare()).isCloseTo(0.5, within(1e-6));
  }

  @Test
  void ials_shares_are_weighted_factor_cosines_computed_independently() {
    ImplicitAls m = new ImplicitAls.Trainer(new ImplicitAls.Params(4, 5, 0.1, 1, 3, 7L, 1)).fit(KNN);
    List<Because> b = m.because(History.of(0, 1), 2, 3);
    double t0 = Math.max(0, Shares.cosine(m.itemVector(0), m.itemVector(2)));
    double t1 = Math.max(0, Shares.cosine(m.itemVector(1), m.itemVector(2)));
    double sum = t0 + t1;
    assertThat(sum).isPositive();
    for (Because x : b) {
      assertThat(x.share()).isCloseTo((x.item() == 0 ? t0 : t1) / sum, within(1e-9));
    }
    assertThat(b).hasSize((t0 > 0 ? 1 : 0) + (t1 > 0 ? 1 : 0));
  }

  /** A fused model over fixed channels, for the explainer's aggregation only. */
  record Fused(Map<String, Model> models) implements FusedModel {
    @Override
    public List<String> channels() {
      return List.copyOf(new java.util.TreeMap<>(models).keySet());
    }

    @Override
    public Model channel(String name) {
      return models.get(name);
    }

    @Override
    public List<FusedItem> recommendWithEvidence(History history, Request request, double mmrLambda) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<FusedItem> recommendWithEvidence(History history, Request request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String type() {
      return "rrf";
    }

    @Override
    public int numItems() {
      return 3;
    }

    @Override
    public void score(History history, float[] out) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void fused_because_weighs_each_channels_shares_by_its_contribution() {
    Ease ease = new Ease.Trainer(new Ease.Params(1)).fit(EASE);
    ItemKnn knn = new ItemKnn.Trainer(ItemKnn.Params.defaults()).fit(EASE);
    Popularity pop = new Popularity.Trainer(new Popularity.Params(0)).fit(EASE);
    Fused f = new Fused(Map.of("ease", ease, "itemknn", knn, "popularity", pop));
    // item-kNN on this data: S[0,2] = 2/(√3·√3) = 2/3, S[1,2] = 2/(√2·√3); ease: 0.4, 0.6
    double k0 = (2.0 / 3) / (2.0 / 3 + 2 / Math.sqrt(6));
    double k1 = 1 - k0;
    double we = 1 / 61.0;
    double wk = 1 / 63.0;
    List<Contribution> cs = List.of(new Contribution("ease", 1, 1f, we), new Contribution("itemknn", 3, 1f, wk),
        new Contribution("popularity", 2, 1f, 1 / 62.0));
    Explainer ex = new Explainer(ItemLabels.NONE, 3);
    List<Because> b = ex.because(f, History.of(0, 1), 2, cs);
    double a0 = we * 0.4 + wk * k0;
    double a1 = we * 0.6 + wk * k1;
    assertThat(b).extracting(Because::item).containsExactly(1, 0);
    assertThat(b.get(0).share()).isCloseTo(a1 / (a0 + a1), within(1e-6));
    assertThat(b.get(1).share()).isCloseTo(a0 / (a0 + a1), within(1e-6));
    // only itemknn contributed: its shares alone
    List<Contribution> onlyKnn = List.of(new Contribution("ease", 0, 0f, 0), new Contribution("itemknn", 3, 1f, wk),
        new Contribution("popularity", 0, 0f, 0));
    assertThat(ex.because(f, History.of(0, 1), 2, onlyKnn).get(0).share()).isCloseTo(k1, within(1e-6));
    // a model that cannot say gives no because items
    assertThat(ex.because(pop, History.of(0, 1), 2, List.of())).isEmpty();
  }

  @Test
  void shared_labels_count_because_items_and_the_history_and_terms_match_labels_or_title() {
    // 0: sf, space; 1: fantasy, sf; 2: sf, space (the recommended one); 3: fantasy
    ItemLabels labels = ItemLabels.of(List.of(List.of("SF", "space"), List.of("fantasy", "sf"), List.of("sf", "space"),
        List.of("fantasy")));
    assertThat(labels.of(1)).containsExactly("fantasy", "sf");
    Ease ease = new Ease.Trainer(new Ease.Params(1)).fit(of(4, new int[] {0, 1, 2}, new int[] {0, 2}, new int[] {1, 2},
        new int[] {0}, new int[] {3}));
    Explainer ex = new Explainer(labels, 1);
    Evidence e = ex.evidence(ease, History.of(0, 1, 3), 2, List.of(), List.of("Space", "opera", "dune", " "),
        "Dune Messiah");
    assertThat(e.because()).hasSize(1);
    int top = e.because().get(0).item();
    // sf: history items 0 and 1 carry it; space: only item 0
    SharedLabel sf = new SharedLabel("sf", 1, 2);
    SharedLabel space = new SharedLabel("space", top == 0 ? 1 : 0, 1);
    assertThat(e.sharedLabels()).containsExactly(sf, space);
    assertThat(e.matchedTerms()).containsExactly("space", "dune");
  }
}

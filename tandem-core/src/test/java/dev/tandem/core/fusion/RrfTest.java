package dev.tandem.core.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.History;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.Request;
import dev.tandem.core.model.ScoredItems;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RrfTest {
  /** A channel with fixed scores, whatever the history. */
  record Fixed(String type, float[] s) implements Model {
    @Override
    public int numItems() {
      return s.length;
    }

    @Override
    public void score(History history, float[] out) {
      Model.checkOut(out, s.length);
      System.arraycopy(s, 0, out, 0, s.length);
    }
  }

  // a: top 3 = 2, 0, 1   b: top 3 = 0, 2, 3 (then ties at 0)   c: top 3 = 4, 0, 5
  static final Model A = new Fixed("a", new float[] {0.8f, 0.5f, 0.9f, 0.1f, 0f, 0.2f});
  static final Model B = new Fixed("b", new float[] {3f, 0f, 2f, 1f, 0f, 0f});
  static final Model C = new Fixed("c", new float[] {4f, 0f, 0f, 0f, 5f, 3f});

  static Rrf rrf(List<Double> weights) {
    Channels ch = new Channels(List.of("a", "b", "c"), Map.of());
    return new Rrf(new Rrf.Params(ch, 60, 3, weights, 1, 100), new Model[] {A, B, C}, null);
  }

  @Test
  void hand_worked_three_channels_exact_scores_and_ties_to_the_smaller_id() {
    Rrf m = rrf(List.of(1.0, 1.0, 1.0));
    ScoredItems top = m.recommend(History.EMPTY, Request.top(6));
    // 0: 1/62 + 1/61 + 1/62; 2: 1/61 + 1/62; 4: 1/61; 1, 3, 5: 1/63 each (tie -> 1, 3, 5)
    assertThat(top.items()).containsExactly(0, 2, 4, 1, 3, 5);
    assertThat(top.scores()).containsExactly((float) (1 / 62.0 + 1 / 61.0 + 1 / 62.0), (float) (1 / 61.0 + 1 / 62.0),
        (float) (1 / 61.0), (float) (1 / 63.0), (float) (1 / 63.0), (float) (1 / 63.0));
  }

  @Test
  void a_channel_with_one_score_for_every_unseen_item_ranks_nothing() {
    // z scores everything 0 (EASE for a visitor with no history): it must not hand out ranks 1, 2, 3 to items 0, 1, 2
    Model z = new Fixed("z", new float[6]);
    Channels ch = new Channels(List.of("z", "a"), Map.of());
    Rrf m = new Rrf(new Rrf.Params(ch, 60, 3, List.of(1.0, 1.0), 1, 100), new Model[] {z, A}, null);
    List<FusedItem> ev = m.recommendWithEvidence(History.EMPTY, Request.top(3));
    // only a ranks: 2, 0, 1 with 1/61, 1/62, 1/63
    assertThat(ev).extracting(FusedItem::item).containsExactly(2, 0, 1);
    assertThat(ev.get(0).score()).isEqualTo((float) (1 / 61.0));
    assertThat(ev.get(0).contributionOf("z").orElseThrow().rank()).isZero();
    // the same scores over seen items do not count: z = {5, 0, 0, ...} with item 0 seen is constant on the rest
    Model z0 = new Fixed("z", new float[] {5f, 0f, 0f, 0f, 0f, 0f});
    Rrf m0 = new Rrf(new Rrf.Params(ch, 60, 3, List.of(1.0, 1.0), 1, 100), new Model[] {z0, A}, null);
    assertThat(m0.recommendWithEvidence(History.of(0), Request.top(1)).get(0).contributionOf("z").orElseThrow()
        .rank()).isZero();
  }

  @Test
  void a_request_leaves_no_trace_in_the_next_one_on_reused_channel_lists() {
    Rrf m = rrf(List.of(1.0, 1.0, 1.0));
    List<FusedItem> first = rrf(List.of(1.0, 1.0, 1.0)).recommendWithEvidence(History.EMPTY, Request.top(6));
    for (int round = 0; round < 3; round++) {
      // items 0 and 2 seen: every channel's ranks move up and the candidates change
      List<FusedItem> seen = m.recommendWithEvidence(History.of(0, 2), Request.top(6));
      assertThat(seen).extracting(FusedItem::item).doesNotContain(0, 2);
      // a: 1, 5, 3; b: 3, 1, 4; c: 4, 5, 1, so item 1 leads with ranks 1, 2, 3
      assertThat(seen.get(0).item()).isEqualTo(1);
      assertThat(seen.get(0).channels()).extracting(Contribution::rank).containsExactly(1, 2, 3);
      assertThat(m.recommendWithEvidence(History.EMPTY, Request.top(6))).isEqualTo(first);
      assertThat(m.recommend(History.EMPTY, Request.top(6)).items()).containsExactly(0, 2, 4, 1, 3, 5);
    }
  }

  @Test
  void weights_scale_each_channels_terms() {
    Rrf m = rrf(List.of(1.0, 0.0, 4.0));
    ScoredItems top = m.recommend(History.EMPTY, Request.top(3));
    // 4: 4/61 = 0.0656; 0: 1/62 + 4/62 = 0.0806; 5: 4/63 = 0.0635
    assertThat(top.items()).containsExactly(0, 4, 5);
    assertThat(top.score(0)).isEqualTo((float) (1 / 62.0 + 4 / 62.0));
  }

  @Test
  void full_ranking_puts_candidates_first_then_the_rest_by_the_first_channel() {
    Channels ch = new Channels(List.of("a", "b"), Map.of());
    Rrf m = new Rrf(new Rrf.Params(ch, 60, 1, List.of(1.0, 1.0), 1, 100), new Model[] {A, B}, null);
    float[] s = new float[6];
    m.score(History.EMPTY, s);
    // candidates: a's top 1 = item 2, b's top 1 = item 0 (1/61 each, tie -> 0 first); the rest by a: 1, 5, 3, 4
    ScoredItems all = dev.tandem.core.kernel.TopK.select(s, 6, 6, dev.tandem.core.model.ItemFilter.ALL);
    assertThat(all.items()).containsExactly(0, 2, 1, 5, 3, 4);
  }

  @Test
  void seen_items_are_never_candidates_and_ranks_move_up() {
    Rrf m = rrf(List.of(1.0, 1.0, 1.0));
    List<FusedItem> ev = m.recommendWithEvidence(History.of(0), Request.top(2));
    // a's top 3 unseen = 2, 1, 5; b: 2, 3, then 1 (tie at 0 with 4, 5 -> smaller); c: 4, 5, 1
    // 1: 1/62 + 1/63 + 1/63 = 0.04788 beats 2: 1/61 + 1/61 = 0.03279
    assertThat(ev).extracting(FusedItem::item).containsExactly(1, 2);
    assertThat(ev.get(0).channels()).extracting(Contribution::rank).containsExactly(2, 3, 3);
    assertThat(ev.get(1).channels()).extracting(Contribution::rank).containsExactly(1, 1, 0);
    assertThat(ev.get(1).contributionOf("c").orElseThrow().contribution()).isZero();
    assertThat(ev.get(1).contributionOf("c").orElseThrow().retrieved()).isFalse();
  }

  @Test
  void evidence_terms_sum_to_the_score_and_ranks_match_each_channels_own_list() {
    Rrf m = rrf(List.of(1.0, 0.5, 2.0));
    History h = History.of(3);
    List<FusedItem> ev = m.recommendWithEvidence(h, Request.top(5));
    ScoredItems top = m.recommend(h, Request.top(5));
    assertThat(ev).extracting(FusedItem::item).containsExactly(java.util.Arrays.stream(top.items()).boxed()
        .toArray(Integer[]::new));
    for (FusedItem f : ev) {
      double sum = f.other();
      for (Contribution c : f.channels()) {
        sum += c.contribution();
        int[] own = m.channel(c.channel()).recommend(h, Request.top(3)).items();
        int expected = 0;
        for (int r = 0; r < own.length; r++) {
          if (own[r] == f.item()) {
            expected = r + 1;
          }
        }
        assertThat(c.rank()).as(c.channel() + " rank of " + f.item()).isEqualTo(expected);
        float[] s = new float[6];
        m.channel(c.channel()).score(h, s);
        assertThat(c.score()).isEqualTo(s[f.item()]);
      }
      assertThat(sum).isCloseTo(f.score(), within(1e-7));
    }
  }

  @Test
  void nested_parameters_are_validated_by_the_channels_type_and_name_the_channel_and_key() {
    var type = ModelTypes.byName("rrf");
    assertThatThrownBy(() -> type.params(Map.of("channels", "ease,pop", "ease.lambda", "-1")))
        .hasMessage("rrf channel ease: ease.lambda (-1.0) must be > 0.0 and finite");
    assertThatThrownBy(() -> type.params(Map.of("channels", "ease,pop", "ease.alpha", "3")))
        .hasMessageStartingWith("rrf channel ease: unknown parameter ease.alpha;");
    assertThatThrownBy(() -> type.params(Map.of("channels", "ease,pop", "ials.factors", "8")))
        .hasMessage("unknown parameter rrf.ials.factors: ials is not a channel of rrf (channels [ease, pop])");
    assertThatThrownBy(() -> type.params(Map.of("channels", "ease,nope")))
        .hasMessageStartingWith("rrf.channels: model (\"nope\") is not known");
    assertThatThrownBy(() -> type.params(Map.of("channels", "ease,fusion")))
        .hasMessage("rrf.channels (fusion) must name retrieval models, not a fusion");
    assertThatThrownBy(() -> type.params(Map.of("channels", "ease,ease")))
        .hasMessage("rrf.channels (ease,ease) names ease twice");
    assertThatThrownBy(() -> type.params(Map.of("channels", "ease,pop", "weights", "1")))
        .hasMessage("rrf.weights ([1.0]) must have one weight per channel [ease, pop]");
    assertThatThrownBy(() -> ModelTypes.byName("fusion").params(Map.of("channels", "pop", "pop.half_life_days", "x")))
        .hasMessage("fusion channel pop: pop.half_life_days (x) must be a number");
  }

  @Test
  void describe_lists_own_keys_and_the_nested_overrides() {
    var type = new Rrf.Type();
    assertThat(type.parameters().parse(Map.of("channels", "ease,pop", "ease.lambda", "300", "k", "10")).describe())
        .containsExactly(Map.entry("channels", "ease,pop"), Map.entry("k", "10.0"), Map.entry("depth", "100"),
            Map.entry("weights", ""), Map.entry("mmr_lambda", "1.0"), Map.entry("mmr_depth", "100"),
            Map.entry("ease.lambda", "300.0"));
    assertThat(type.parameters().parse(Map.of("channels", "ease,pop", "ease.lambda", "300"))
        .withChannelDefaults(c -> ModelTypes.byName(c).parameters().parse(
            c.equals("ease") ? Map.of("lambda", "500") : Map.of("half_life_days", "7"))).describe())
        .containsEntry("ease.lambda", "300.0").containsEntry("pop.half_life_days", "7.0");
  }
}

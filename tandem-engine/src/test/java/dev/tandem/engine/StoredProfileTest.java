package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.History;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.User;
import dev.tandem.llm.explain.Language;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's stored profile ({@link User#profile()}) counts as a request's profile text for
 * {@link Tandem#recommend(String, RecommendOptions)}: alone for a user with no history, blended
 * with a history, explained with its share, overridden by a request's profile, and named in the
 * fallback reason when no trained model reads it. Real default embedder, three topics of four items.
 */
class StoredProfileTest {
  static final String SPACE = "I like space opera and hard science fiction";
  static final String COOKING = "I bake bread and cook pasta";

  @TempDir Path home;

  /** Three topics (t0 space, t1 cooking, t2 gardening), nine users u0..u8 with three items of topic u % 3. */
  static void fill(Tandem t, List<String> models) throws IOException {
    String[][] topics = {
      {"Galactic empire space opera", "Interstellar starship voyage", "Alien invasion of a Mars colony",
          "Hard science fiction about a generation ship"},
      {"Italian pasta recipes for weeknights", "Baking sourdough bread at home", "Vegetarian curry cookbook",
          "French pastry and dessert techniques"},
      {"Growing tomatoes in raised garden beds", "Pruning roses and flowering shrubs", "Organic vegetable gardening",
          "Houseplants and indoor succulents"}};
    List<Item> items = new ArrayList<>();
    for (int g = 0; g < 3; g++) {
      for (int k = 0; k < 4; k++) {
        items.add(new Item("t" + g + "_" + k, topics[g][k], "", List.of(), List.of(), Map.of(), 0, true));
      }
    }
    t.store().items().upsert(items);
    List<Feedback> fb = new ArrayList<>();
    for (int u = 0; u < 9; u++) {
      for (int k = 0; k < 3; k++) {
        fb.add(new Feedback("u" + u, "t" + (u % 3) + "_" + ((u + k) % 4), "purchase", 1, 100 + k));
      }
    }
    t.store().feedback().append(fb);
    // a newcomer who only described themselves, and a gardener (u2: t2_2, t2_3, t2_0) who says they cook
    t.store().users().upsert(List.of(new User("newcomer", Map.of(), SPACE), new User("u2", Map.of(), COOKING),
        new User("worder", Map.of(), "space opera")));
    t.train(new TrainOptions(models, Map.of(), (m, s) -> {}));
  }

  private static List<String> ids(RecommendResult r) {
    return r.items().stream().map(Recommendation::itemId).toList();
  }

  @Test
  void a_stored_profile_alone_answers_like_the_same_profile_sent_in_the_request() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      fill(t, List.of("pop", "itemknn", "semantic", "bm25"));
      RecommendResult stored = t.recommend("newcomer", RecommendOptions.top(4));
      assertThat(stored.model()).isEqualTo("semantic");
      assertThat(stored.fallback()).as(stored.fallbackReason()).isFalse();
      assertThat(stored.historySize()).isZero();
      assertThat(ids(stored)).containsExactlyInAnyOrder("t0_0", "t0_1", "t0_2", "t0_3");
      assertThat(ids(stored).get(0)).isEqualTo("t0_0");
      RecommendResult sent = t.recommend("", SPACE, RecommendOptions.top(4));
      assertThat(ids(stored)).isEqualTo(ids(sent));
      assertThat(stored.items().get(0).score()).isEqualTo(sent.items().get(0).score());

      // bm25 reads the stored words: only "Galactic empire space opera" has "space" and "opera"
      RecommendResult bm25 = t.recommend("worder", RecommendOptions.top(1).withModel("bm25"));
      assertThat(bm25.fallback()).as(bm25.fallbackReason()).isFalse();
      assertThat(ids(bm25)).containsExactly("t0_0");
    }
  }

  @Test
  void a_stored_profile_blends_with_the_history_and_explanations_show_its_share() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      fill(t, List.of("pop", "itemknn", "semantic", "bm25"));
      RecommendOptions semantic = RecommendOptions.top(12).withModel("semantic");
      History history = t.historyOf("u2");
      RecommendResult alone = t.recommend(history, semantic); // a history given as such carries no stored profile
      RecommendResult blended = t.recommend("u2", semantic);
      assertThat(blended.fallback()).as(blended.fallbackReason()).isFalse();
      assertThat(ids(blended)).hasSize(9).doesNotContain("t2_2", "t2_3", "t2_0");
      assertThat(ids(blended).subList(0, 3)).allMatch(id -> id.startsWith("t1_") || id.equals("t2_1"));
      assertThat(ids(blended).subList(0, 5)).contains("t2_1", "t1_0", "t1_1");
      assertThat(ids(alone).get(0)).isEqualTo("t2_1"); // the history alone: the one unseen gardening book first
      assertThat(ids(blended)).as("blended %s, history alone %s", ids(blended), ids(alone)).isNotEqualTo(ids(alone));
      assertThat(ids(blended).indexOf("t1_1")).as("bread, blended %s, alone %s", ids(blended), ids(alone))
          .isLessThan(ids(alone).indexOf("t1_1"));
      // exactly the request profile's list
      assertThat(ids(blended)).isEqualTo(ids(t.recommend("u2", COOKING, semantic)));

      // the basis carries the history with its stored profile; explanations show the profile's share
      History basis = blended.basis().history().orElseThrow();
      assertThat(basis.profile().text()).isEqualTo(COOKING);
      assertThat(basis.profile().hasVector()).isTrue();
      RecommendResult explained = t.explain(blended, Language.EN, List.of(), Deadline.NONE);
      Recommendation cooking = explained.items().stream().filter(r -> r.itemId().startsWith("t1_")).findFirst()
          .orElseThrow();
      assertThat(cooking.explanation().profileShare()).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
      RecommendResult aloneExplained = t.explain(alone, Language.EN, List.of(), Deadline.NONE);
      assertThat(aloneExplained.items()).allMatch(r -> r.explanation().profileShare() == 0);
    }
  }

  @Test
  void a_request_profile_wins_over_the_stored_one() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      fill(t, List.of("pop", "itemknn", "semantic", "bm25"));
      RecommendResult r = t.recommend("u2", SPACE, RecommendOptions.top(3).withModel("semantic"));
      assertThat(r.basis().history().orElseThrow().profile().text()).isEqualTo(SPACE);
      assertThat(ids(r).subList(0, 2)).as("%s", ids(r)).allMatch(id -> id.startsWith("t0_"));
      RecommendResult stored = t.recommend("u2", RecommendOptions.top(3).withModel("semantic"));
      assertThat(ids(stored)).as("%s", ids(stored)).noneMatch(id -> id.startsWith("t0_"));
      RecommendResult same = t.recommend(t.historyOf("u2").withProfile(t.profile(SPACE)),
          RecommendOptions.top(3).withModel("semantic"));
      assertThat(ids(r)).isEqualTo(ids(same));
    }
  }

  @Test
  void a_stored_profile_no_trained_model_reads_is_named_in_the_fallback_reason() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      fill(t, List.of("pop", "itemknn"));
      String why = "the profile text was not used: snapshot 1 has neither semantic nor bm25, and model pop reads no"
          + " profile text; train one of them (tandem train --models ...,semantic)";
      RecommendResult newcomer = t.recommend("newcomer", RecommendOptions.top(3));
      assertThat(newcomer.model()).isEqualTo("pop");
      assertThat(newcomer.fallback()).isTrue();
      assertThat(newcomer.fallbackReason()).isEqualTo("recommend.model (ease) is not in snapshot 1, which has [pop,"
          + " itemknn]; retrain with it (tandem train --models ...,ease), so pop answered; " + why);

      RecommendResult named = t.recommend("u2", RecommendOptions.top(3).withModel("itemknn"));
      assertThat(named.model()).isEqualTo("itemknn");
      assertThat(named.fallbackReason()).isEqualTo("the profile text was not used: model itemknn reads no profile"
          + " text (semantic, bm25 and fusions of them do), so the history alone answered");
      assertThat(ids(named)).isEqualTo(ids(t.recommend(t.historyOf("u2"), RecommendOptions.top(3)
          .withModel("itemknn"))));

      // a user without a stored profile is answered as before
      RecommendResult plain = t.recommend("u0", RecommendOptions.top(3).withModel("itemknn"));
      assertThat(plain.fallback()).isFalse();
    }
  }
}

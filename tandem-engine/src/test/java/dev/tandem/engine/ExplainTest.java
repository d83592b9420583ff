package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.History;
import dev.tandem.core.data.Item;
import dev.tandem.core.explain.SharedLabel;
import dev.tandem.llm.chat.ChatModel;
import dev.tandem.llm.chat.ChatReply;
import dev.tandem.llm.chat.ChatRequest;
import dev.tandem.llm.explain.Cited;
import dev.tandem.llm.explain.Faithfulness;
import dev.tandem.llm.explain.Language;
import dev.tandem.llm.explain.Written;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explanations through the engine: three science-fiction books (b1..b3, "sf") and three romance
 * ones (b4..b6), ten readers of each genre liking all three, and "fan" who liked b1 and b2. For the
 * fan, item-kNN recommends b3 with S[b1,b3] = S[b2,b3] = 10/(√11·√10): half the evidence each.
 */
class ExplainTest {
  @TempDir static Path home;
  static Tandem tandem;

  @BeforeAll
  static void train() throws Exception {
    tandem = Tandem.open(home);
    fill(tandem);
  }

  /** Puts the six books and the readers of the class docs into {@code tandem} and trains pop and itemknn. */
  static void fill(Tandem tandem) throws Exception {
    List<Item> items = List.of(
        new Item("b1", "Dune", "", List.of("sf"), List.of("classic"), Map.of(), 0, true),
        new Item("b2", "Hyperion", "", List.of("sf"), List.of(), Map.of(), 0, true),
        new Item("b3", "Foundation", "", List.of("sf"), List.of("classic"), Map.of(), 0, true),
        new Item("b4", "Emma", "", List.of("romance"), List.of(), Map.of(), 0, true),
        new Item("b5", "Persuasion", "", List.of("romance"), List.of(), Map.of(), 0, true),
        new Item("b6", "Rebecca", "", List.of("romance"), List.of("gothic"), Map.of(), 0, true));
    List<Feedback> fb = new ArrayList<>();
    for (int u = 0; u < 20; u++) {
      int first = u % 2 == 0 ? 1 : 4;
      for (int i = first; i < first + 3; i++) {
        fb.add(new Feedback("u" + u, "b" + i, "rating", 5, 100 + u));
      }
    }
    fb.add(new Feedback("fan", "b1", "rating", 5, 1));
    fb.add(new Feedback("fan", "b2", "rating", 5, 2));
    tandem.store().items().upsert(items);
    tandem.store().feedback().append(fb);
    tandem.train(new TrainOptions(List.of("pop", "itemknn"), Map.of(), (m, s) -> {}));
  }

  @AfterAll
  static void close() {
    tandem.close();
  }

  static RecommendResult fan(Language lang, List<String> terms) throws Exception {
    RecommendResult r = tandem.recommend("fan", RecommendOptions.top(1).withModel("itemknn"));
    return tandem.explain(r, tandem.historyOf("fan"), lang, terms);
  }

  @Test
  void itemknn_recommendation_cites_both_liked_books_and_their_shared_category() throws Exception {
    RecommendResult r = fan(Language.EN, List.of());
    Recommendation rec = r.items().get(0);
    assertThat(rec.itemId()).isEqualTo("b3");
    Explanation x = rec.explanation();
    assertThat(x.because()).extracting(Cited::itemId, Cited::title).containsExactly(
        org.assertj.core.groups.Tuple.tuple("b1", "Dune"), org.assertj.core.groups.Tuple.tuple("b2", "Hyperion"));
    assertThat(x.because().get(0).share()).isCloseTo(0.5, within(1e-6));
    // b3 is sf and classic: both liked books are sf, only Dune is classic
    assertThat(x.sharedLabels()).containsExactly(new SharedLabel("sf", 2, 2), new SharedLabel("classic", 1, 1));
    assertThat(x.sentence()).isEqualTo("Because you liked *Dune* and *Hyperion* (sf, classic).");
    assertThat(x.source()).isEqualTo(Written.Source.TEMPLATE);
    assertThat(r.intro()).isEqualTo("Picked for you from your love of sf and classic, and of *Dune* and *Hyperion*.");
    assertThat(fan(Language.ZH, List.of()).items().get(0).explanation().sentence())
        .isEqualTo("因为你喜欢《Dune》和《Hyperion》（sf、classic）。");
  }

  @Test
  void request_terms_matched_by_label_or_title_lead_the_sentence() throws Exception {
    Explanation x = fan(Language.EN, List.of("romance", "Foundation", "classic")).items().get(0).explanation();
    assertThat(x.matchedTerms()).containsExactly("foundation", "classic");
    assertThat(x.sentence()).isEqualTo(
        "Matches \u201cfoundation\u201d and \u201cclassic\u201d; because you liked *Dune* and *Hyperion* (sf, classic).");
  }

  @Test
  void a_user_without_history_gets_popularity_and_its_fallback_sentence() throws Exception {
    RecommendResult r = tandem.recommend("nobody", RecommendOptions.top(2).withModel("itemknn"));
    assertThat(r.fallback()).isTrue();
    r = tandem.explain(r, tandem.historyOf("nobody"), Language.EN, List.of());
    assertThat(r.items()).allSatisfy(rec -> {
      assertThat(rec.explanation().sentence()).isEqualTo("Popular with other users.");
      assertThat(rec.explanation().because()).isEmpty();
    });
    assertThat(r.intro()).isEqualTo("Popular picks to start with.");
    // without explain, no explanation is attached
    assertThat(tandem.recommend("fan", RecommendOptions.top(1)).items().get(0).explanation())
        .isEqualTo(Explanation.NONE);
  }

  /** Answers with a fixed text. */
  record Fixed(String text) implements ChatModel {
    @Override
    public String id() {
      return "fixed";
    }

    @Override
    public ChatReply chat(ChatRequest request) {
      return new ChatReply(text, "fixed", 0, 0);
    }

    @Override
    public void close() {}
  }

  @Test
  void chat_explanations_pass_the_check_or_fall_back_to_the_template() throws Exception {
    try {
      tandem.explainWithChat(new Fixed("Readers of Dune and Hyperion go on to Foundation."), Duration.ofSeconds(2));
      Explanation ok = fan(Language.EN, List.of()).items().get(0).explanation();
      assertThat(ok.sentence()).isEqualTo("Readers of Dune and Hyperion go on to Foundation.");
      assertThat(ok.source()).isEqualTo(Written.Source.CHAT);

      // Emma is in the catalogue but not in the evidence
      tandem.explainWithChat(new Fixed("If you liked Dune, you will love Emma."), Duration.ofSeconds(2));
      Explanation no = fan(Language.EN, List.of()).items().get(0).explanation();
      assertThat(no.sentence()).isEqualTo("Because you liked *Dune* and *Hyperion* (sf, classic).");
      assertThat(no.source()).isEqualTo(Written.Source.TEMPLATE);
      assertThat(tandem.chatExplanations().orElseThrow().rejected(Faithfulness.Reason.UNKNOWN_TITLE)).isEqualTo(1);
    } finally {
      tandem.explainWithChat(null, Duration.ofSeconds(2));
    }
  }

  @Test
  void a_history_from_events_explains_as_the_stored_one() throws Exception {
    List<Feedback> events = List.of(new Feedback("anonymous", "b1", "rating", 5, 1),
        new Feedback("anonymous", "b2", "rating", 5, 2));
    History h = tandem.historyOf(events);
    RecommendResult r = tandem.explain(tandem.recommend(events, "", RecommendOptions.top(1).withModel("itemknn")), h,
        Language.EN, List.of());
    assertThat(r.items().get(0).explanation().sentence()).isEqualTo(
        "Because you liked *Dune* and *Hyperion* (sf, classic).");
  }
}

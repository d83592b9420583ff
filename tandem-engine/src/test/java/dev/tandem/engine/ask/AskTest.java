package dev.tandem.engine.ask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Feedback;
import dev.tandem.engine.ApiException;
import dev.tandem.engine.Deadline;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Tandem;
import dev.tandem.llm.intent.AttributeCatalogue;
import dev.tandem.llm.intent.Goal;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.IntentCatalogue;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.llm.intent.Range;
import dev.tandem.llm.intent.Reference;
import dev.tandem.testkit.AskBooks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Tandem#ask} with explicit intents (a stand-in parser) on a small catalogue: mysteries
 * m1..m5, science fiction s1..s4, romance r1..r3, with tags and page counts.
 */
class AskTest {
  @TempDir Path home;
  private Tandem t;

  @BeforeEach
  void fill() throws Exception {
    t = Tandem.open(home);
    AskBooks.fill(t, true);
  }

  @org.junit.jupiter.api.AfterEach
  void close() {
    t.close();
  }

  private static IntentParser fixed(Intent intent) {
    return (text, catalogue, shown) -> intent;
  }

  private static Intent recommend(List<String> include, List<String> exclude, List<Range> ranges, int count,
      String query) {
    return new Intent(Goal.RECOMMEND, include, exclude, ranges, count, List.of(), query, "en");
  }

  private static List<String> ids(AskResult r) {
    return r.items().stream().map(AskItem::itemId).toList();
  }

  private AskResult ask(String user, Intent intent, int n) throws Exception {
    return t.ask(new AskRequest(user, Session.NEW, "(explicit intent)", n), fixed(intent));
  }

  @Test
  void the_catalogue_offers_labels_with_counts_numeric_attributes_and_titles() throws Exception {
    List<Object> seen = new ArrayList<>();
    List<IntentCatalogue> offered = new ArrayList<>();
    IntentParser spy = (text, catalogue, shown) -> {
      offered.add(catalogue);
      seen.add(catalogue.labels());
      seen.add(catalogue.numericAttributes());
      seen.add(catalogue.titles().get("s2"));
      seen.add(catalogue.titles().size());
      return recommend(List.of(), List.of(), List.of(), 0, "");
    };
    t.ask(new AskRequest("", Session.NEW, "anything", 3), spy);
    // the catalogue a parser is offered knows the items' numeric attributes
    assertThat(offered).singleElement().isInstanceOf(AttributeCatalogue.class);
    AttributeCatalogue cat = (AttributeCatalogue) offered.get(0);
    assertThat(cat.attribute("s2", "pages")).isEqualTo(300.0);
    assertThat(cat.attribute("m5", "pages")).isNaN();
    assertThat(cat.attribute("nope", "pages")).isNaN();
    assertThat(seen).containsExactly(Map.of("mystery", 5, "scifi", 4, "romance", 3, "cosy", 2, "dark", 1),
        java.util.Set.of("pages"), "Mars colony", 12);
  }

  @Test
  void include_labels_hold_and_excluded_labels_and_terms_never_appear() throws Exception {
    AskResult all = ask("", recommend(List.of("mystery"), List.of(), List.of(), 0, ""), 20);
    assertThat(ids(all)).containsExactlyInAnyOrder("m1", "m2", "m3", "m4", "m5");
    assertThat(all.items()).allSatisfy(i -> assertThat(i.matched()).containsExactly("mystery"));

    // "cosy" is a tag (m1, m3 carry it); "fog" a word of m4's title; "dark" both a tag (m2) and a word
    // of m5's description ("a dark tale"): an exclusion removes items tagged with it and items saying it
    AskResult r = ask("", recommend(List.of("mystery"), List.of("cosy", "fog"), List.of(), 0, ""), 20);
    assertThat(ids(r)).containsExactlyInAnyOrder("m2", "m5");
    AskResult noDark = ask("", recommend(List.of("mystery"), List.of("cosy", "fog", "dark"), List.of(), 0, ""), 20);
    assertThat(noDark.items()).isEmpty();

    // a word that is no label is matched against the analysed document: "tales" stems to m5's "tale"
    AskResult words = ask("", recommend(List.of("mystery"), List.of("tales"), List.of(), 0, ""), 20);
    assertThat(ids(words)).containsExactlyInAnyOrder("m1", "m2", "m3", "m4");
  }

  @Test
  void two_included_labels_that_leave_too_few_items_are_relaxed_to_either_but_exclusions_hold() throws Exception {
    // mystery AND cosy: m1, m3 only; for 2 items that is enough, nothing is relaxed
    AskResult both = ask("", recommend(List.of("mystery", "cosy"), List.of(), List.of(), 2, ""), 10);
    assertThat(ids(both)).containsExactlyInAnyOrder("m1", "m3");
    assertThat(both.relaxed()).isFalse();
    // for 5, items with either label come in (the mysteries m2, m4, m5), but "dark" stays out (m2 by tag, m5 by text)
    AskResult five = ask("", recommend(List.of("mystery", "cosy"), List.of("dark"), List.of(), 5, ""), 10);
    assertThat(five.relaxed()).isTrue();
    assertThat(ids(five)).containsExactlyInAnyOrder("m1", "m3", "m4");
    // the items carrying both labels rank before those carrying one
    assertThat(ids(five).subList(0, 2)).containsExactlyInAnyOrder("m1", "m3");
    assertThat(ids(five).get(2)).isEqualTo("m4");
    // one included label is never relaxed: scifi under 300 pages is s3 alone
    AskResult one = ask("", recommend(List.of("scifi"), List.of(), List.of(new Range("pages", Double.NEGATIVE_INFINITY,
        300)), 5, ""), 10);
    assertThat(one.relaxed()).isFalse();
    assertThat(ids(one)).containsExactlyInAnyOrder("s2", "s3");
  }

  @Test
  void ranges_hold_and_items_lacking_the_attribute_are_left_out() throws Exception {
    AskResult r = ask("", recommend(List.of("mystery"), List.of(),
        List.of(new Range("pages", Double.NEGATIVE_INFINITY, 300)), 0, ""), 20);
    assertThat(ids(r)).containsExactlyInAnyOrder("m1", "m3");
    assertThat(r.items().get(0).matched()).hasSize(2).anySatisfy(s -> assertThat(s).startsWith("pages="));

    AskResult between = ask("", recommend(List.of(), List.of(), List.of(new Range("pages", 280, 350)), 0, ""), 20);
    assertThat(ids(between)).containsExactlyInAnyOrder("m4", "s2", "s3", "s4");

    AskResult unknown = ask("", recommend(List.of(), List.of(), List.of(new Range("year", 1990, 2000)), 0, ""), 20);
    assertThat(unknown.items()).isEmpty();
  }

  @Test
  void count_wins_over_n_and_seen_items_stay_out() throws Exception {
    AskResult r = ask("fan", recommend(List.of(), List.of(), List.of(), 2, ""), 10);
    assertThat(r.items()).hasSize(2);
    assertThat(r.personalModel()).isEqualTo("ease");
    assertThat(r.fallback()).isFalse();
    // fan read m1: ease ranks the other mysteries first, and m1 is never returned
    assertThat(ids(r)).allMatch(id -> id.startsWith("m")).doesNotContain("m1");

    AskResult n = ask("fan", recommend(List.of(), List.of(), List.of(), 0, ""), 4);
    assertThat(ids(n)).hasSize(4).doesNotContain("m1");
  }

  @Test
  void search_ranks_by_the_query_and_recommend_blends_it_with_taste() throws Exception {
    Intent search = new Intent(Goal.SEARCH, List.of(), List.of(), List.of(), 0, List.of(), "starship voyage", "en");
    AskResult s = ask("fan", search, 3);
    assertThat(s.matchModel()).isEqualTo("bm25");
    assertThat(s.personalModel()).isEmpty(); // search weighs the match only
    // bm25: s3 has both words ("Generation starship", "long voyage"), s1 one ("starships")
    assertThat(ids(s)).containsExactly("s3", "s1");
    assertThat(s.items().get(0).matchRank()).isEqualTo(1);
    assertThat(s.items().get(0).personalRank()).isZero();
  }

  @Test
  void an_inferred_label_raises_the_items_carrying_it_without_removing_the_others() throws Exception {
    AskResult plain = ask("", recommend(List.of(), List.of(), List.of(), 0, ""), 12);
    assertThat(ids(plain).get(0)).startsWith("r"); // romance is the most popular
    Intent cosy = new Intent(Goal.RECOMMEND, List.of(), List.of(), List.of(), 0, List.of(), "", "en",
        List.of("cosy"));
    AskResult r = ask("", cosy, 12);
    // pop rank p plus the preference list's rank 1 or 2: >= 1/72 + 1/62 > 1/61, the best pop-only score
    assertThat(ids(r).subList(0, 2)).containsExactlyInAnyOrder("m1", "m3");
    assertThat(ids(r)).hasSize(12).containsAll(ids(plain)); // nothing removed
    assertThat(r.items().get(0).matched()).containsExactly("cosy");
    assertThat(r.items().get(2).matched()).isEmpty();
    assertThat(r.effective().prefer()).containsExactly("cosy");
  }

  @Test
  void the_default_parser_infers_chinese_labels_with_the_chinese_encoder_as_preferences() throws Exception {
    // 外星人 (aliens) names no label; the bge-small-zh prototypes infer scifi, which raises s1..s4
    AskResult r = t.ask(new AskRequest("", Session.NEW, "推荐有外星人的小说", 4));
    assertThat(r.intent().language()).isEqualTo("zh");
    assertThat(r.intent().include()).isEmpty();
    assertThat(r.intent().prefer()).containsExactly("scifi");
    assertThat(ids(r)).containsExactlyInAnyOrder("s1", "s2", "s3", "s4");
    // a named label is a constraint
    AskResult named = t.ask(new AskRequest("", Session.NEW, "推荐几本科幻小说", 12));
    assertThat(named.intent().include()).containsExactly("scifi");
    assertThat(ids(named)).containsExactlyInAnyOrder("s1", "s2", "s3", "s4");
  }

  @Test
  void similar_to_ranks_the_references_neighbours_first_and_leaves_the_reference_out() throws Exception {
    Intent like = new Intent(Goal.SIMILAR_TO, List.of(), List.of(), List.of(), 0,
        List.of(new Reference("Mars colony", "s2")), "", "en");
    AskResult r = ask("", like, 5);
    // the reference counts as liked: the personal list is ease on [s2] too (weight 0.3)
    assertThat(r.fallback()).isFalse();
    assertThat(r.personalModel()).isEqualTo("ease");
    assertThat(r.session().liked()).containsExactly("s2");
    assertThat(ids(r).subList(0, 3)).containsExactlyInAnyOrder("s1", "s3", "s4");
    assertThat(ids(r)).doesNotContain("s2");
    assertThat(r.items().get(0).similarRank()).isEqualTo(1);
    assertThat(r.items().get(3).similarRank()).as(r.items().toString()).isZero();
    // a visitor (no user id) gets explanations citing the reference as a liked item
    RecommendResult explained = t.explain(r, Deadline.NONE);
    assertThat(explained.items().get(0).explanation().because()).extracting(c -> c.itemId()).contains("s2");

    // references outside the catalogue are dropped, never answered
    Intent ghost = new Intent(Goal.SIMILAR_TO, List.of(), List.of(), List.of(), 0,
        List.of(new Reference("nothing", "zz")), "", "en");
    assertThat(ask("", ghost, 3).intent().references()).isEmpty();
  }

  @Test
  void a_session_refines_constraints_and_records_liked_and_unwanted_items_as_feedback() throws Exception {
    AtomicLong clock = new AtomicLong(1_000_000);
    Conversation c = new Conversation(t.store().sessions(), 60_000, clock::get);
    Conversation.Turn t1 = c.ask(t, fixed(recommend(List.of("mystery"), List.of(), List.of(), 0, "")), "", "fan",
        "mysteries please", 3, true);
    assertThat(ids(t1.result())).hasSize(3).allMatch(id -> id.startsWith("m")).doesNotContain("m1");
    assertThat(t1.recorded()).isEmpty();
    String sid = t1.sessionId();
    List<String> shown1 = t1.result().session().shown();
    assertThat(shown1).isEqualTo(ids(t1.result()));

    // "nothing cosy": a refinement (blank query), so mystery still holds and cosy is excluded
    Conversation.Turn t2 = c.ask(t, fixed(recommend(List.of(), List.of("cosy"), List.of(), 0, "")), sid, "fan",
        "nothing cosy", 10, true);
    assertThat(ids(t2.result())).containsExactlyInAnyOrder("m2", "m4", "m5");
    assertThat(t2.result().effective().include()).containsExactly("mystery");
    assertThat(t2.result().effective().exclude()).containsExactly("cosy");

    // "not the first one, more like the second": the first is unwanted, the second liked
    List<String> shown2 = t2.result().session().shown();
    String first = shown2.get(0);
    String second = shown2.get(1);
    IntentParser refs = (text, catalogue, shown) -> new Intent(Goal.SIMILAR_TO, List.of(), List.of(shown.get(0)),
        List.of(), 0, List.of(new Reference("the first one", shown.get(0)), new Reference("the second", shown.get(1))),
        "", "en");
    Conversation.Turn t3 = c.ask(t, refs, sid, "fan", "not the first one, more like the second", 10, true);
    assertThat(ids(t3.result())).doesNotContain(first, second, "m1").allMatch(id -> id.startsWith("m"));
    assertThat(t3.result().session().liked()).containsExactly(second);
    assertThat(t3.result().session().unwanted()).containsExactly(first);
    assertThat(t3.recorded()).extracting(Feedback::item, Feedback::type)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(second, "like"),
            org.assertj.core.groups.Tuple.tuple(first, "dislike"));
    assertThat(t.store().feedback().history("fan")).extracting(Feedback::item, Feedback::type)
        .contains(org.assertj.core.groups.Tuple.tuple(second, "like"),
            org.assertj.core.groups.Tuple.tuple(first, "dislike"));

    // a new topic resets the constraints; the unwanted item stays out for the whole conversation
    Conversation.Turn t4 = c.ask(t, fixed(recommend(List.of(), List.of(), List.of(), 0, "anything good")), sid,
        "fan", "anything good", 20, false);
    assertThat(t4.result().effective().include()).isEmpty();
    assertThat(ids(t4.result())).doesNotContain(first).contains("s1", "r1");
    assertThat(t4.recorded()).isEmpty();

    // sessions belong to their user and expire
    assertThatThrownBy(() -> c.ask(t, fixed(recommend(List.of(), List.of(), List.of(), 0, "")), sid, "u1", "x", 3,
        false)).isInstanceOf(ApiException.class)
        .hasMessage("user: user (u1) does not match the user of session " + sid + " (fan)");
    clock.addAndGet(60_000);
    assertThat(c.session(sid)).isEmpty();
    assertThatThrownBy(() -> c.ask(t, fixed(recommend(List.of(), List.of(), List.of(), 0, "")), sid, "fan", "x", 3,
        false)).isInstanceOf(ApiException.class).hasMessageContaining("unknown or expired");
  }

  @Test
  void a_similar_to_refinement_without_references_keeps_seeding_from_the_liked_items() throws Exception {
    Conversation c = new Conversation(t.store().sessions(), 60_000, () -> 0L);
    Conversation.Turn t1 = c.ask(t, fixed(recommend(List.of("scifi"), List.of(), List.of(), 0, "")), "", "", "scifi",
        4, false);
    assertThat(ids(t1.result())).containsExactlyInAnyOrder("s1", "s2", "s3", "s4");
    String picked = t1.result().session().shown().get(0);
    IntentParser likeIt = (text, cat, shown) -> new Intent(Goal.SIMILAR_TO, List.of(), List.of(), List.of(), 0,
        List.of(new Reference("that one", shown.get(0))), "", "en");
    Conversation.Turn t2 = c.ask(t, likeIt, t1.sessionId(), "", "more like that one", 3, false);
    assertThat(t2.result().session().liked()).containsExactly(picked);
    // "under 300 pages" next: no reference, blank query, so it refines the similar-to turn
    Conversation.Turn t3 = c.ask(t, fixed(recommend(List.of(), List.of(),
        List.of(new Range("pages", Double.NEGATIVE_INFINITY, 300)), 0, "")), t1.sessionId(), "", "shorter", 5, false);
    assertThat(t3.result().effective().goal()).isEqualTo(Goal.SIMILAR_TO);
    assertThat(t3.result().effective().include()).containsExactly("scifi");
    // scifi, at most 300 pages, not the liked one: s2 (300) and s3 (280) unless one of them was picked
    List<String> expected = new ArrayList<>(List.of("s2", "s3"));
    expected.remove(picked);
    assertThat(ids(t3.result())).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(t3.result().items()).allSatisfy(i -> assertThat(i.similarRank()).isPositive());
  }
}

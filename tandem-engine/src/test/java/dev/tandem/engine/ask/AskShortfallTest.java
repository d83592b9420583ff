package dev.tandem.engine.ask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.Deadline;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Tandem;
import dev.tandem.llm.explain.Narrowing.Kind;
import dev.tandem.llm.explain.Narrowing;
import dev.tandem.llm.intent.Goal;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.Range;
import dev.tandem.testkit.AskBooks;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why an {@link Tandem#ask} answer came up short: per hard constraint, the catalogue items that
 * satisfy it alone and those that satisfy all the others, worked out by hand on a 12-item
 * catalogue (the one of {@link AskTest}): mysteries m1 (250 pages, cosy), m2 (400, dark), m3
 * (180, cosy), m4 (320, "fog" in its title), m5 (no pages, "a dark tale"); science fiction s1
 * 500, s2 300, s3 280, s4 350; romance r1 200, r2 220, r3 240. All available; user fan read m1.
 */
class AskShortfallTest {
  private static final double INF = Double.POSITIVE_INFINITY;
  @TempDir Path home;
  private Tandem t;

  @BeforeEach
  void fill() throws Exception {
    t = Tandem.open(home);
    AskBooks.fill(t, false);
  }

  @AfterEach
  void close() {
    t.close();
  }

  private AskResult ask(String user, Intent intent, int n) throws Exception {
    return t.ask(new AskRequest(user, Session.NEW, "(explicit intent)", n), (text, catalogue, shown) -> intent);
  }

  private static Intent recommend(List<String> include, List<String> exclude, List<Range> ranges, String lang) {
    return new Intent(Goal.RECOMMEND, include, exclude, ranges, 0, List.of(), "", lang);
  }

  private static Narrowing c(Kind kind, List<String> terms, int alone, int withoutIt) {
    return Narrowing.of(kind, terms, alone, withoutIt);
  }

  @Test
  void a_range_that_leaves_one_mystery_is_named_with_the_count_without_it() throws Exception {
    // mystery: m1..m5 (5); pages <= 200: m3, r1 (2); both: m3
    AskResult r = ask("", recommend(List.of("mystery"), List.of(), List.of(new Range("pages", -INF, 200)), "en"), 5);
    assertThat(r.items()).extracting(AskItem::itemId).containsExactly("m3");
    assertThat(r.asked()).isEqualTo(5);
    assertThat(r.matching()).isEqualTo(1);
    assertThat(r.shortfall()).containsExactly(
        c(Kind.AVAILABLE, List.of(), 12, 1),
        c(Kind.INCLUDE, List.of("mystery"), 5, 2), // without it: m3, r1
        new Narrowing(Kind.RANGE, List.of("pages"), -INF, 200, 2, 5), // without it: all five mysteries
        c(Kind.SEEN, List.of(), 12, 1));
    assertThat(r.narrowest()).contains(r.shortfall().get(2));
    assertThat(r.narrowest().orElseThrow().describe()).isEqualTo("pages <= 200");

    RecommendResult x = t.explain(r, Deadline.NONE);
    assertThat(x.intro()).startsWith("Only 1 item with pages at most 200 matches; without that limit there would be 5. ");

    AskResult zh = ask("", recommend(List.of("mystery"), List.of(), List.of(new Range("pages", -INF, 200)), "zh"), 5);
    assertThat(t.explain(zh, Deadline.NONE).intro()).startsWith("只有1件页数不超过200的作品符合要求；去掉这一限制会有5件。");
  }

  @Test
  void exclusions_and_seen_items_are_counted_and_the_widest_leave_one_out_wins() throws Exception {
    // not dark: all but m2 (tag) and m5 (text) = 10; fan read m1, so not seen = 11;
    // mystery, not dark, not seen: m3, m4
    AskResult r = ask("fan", recommend(List.of("mystery"), List.of("dark"), List.of(), "en"), 5);
    assertThat(r.items()).extracting(AskItem::itemId).containsExactlyInAnyOrder("m3", "m4");
    assertThat(r.matching()).isEqualTo(2);
    assertThat(r.shortfall()).containsExactly(
        c(Kind.AVAILABLE, List.of(), 12, 2),
        c(Kind.INCLUDE, List.of("mystery"), 5, 9), // without it: 12 - m2, m5, m1
        c(Kind.EXCLUDE, List.of("dark"), 10, 4), // without it: m2, m3, m4, m5
        c(Kind.SEEN, List.of(), 11, 3)); // without it: m1, m3, m4
    assertThat(r.narrowest().orElseThrow().describe()).isEqualTo("mystery");
    assertThat(t.explain(r, Deadline.NONE).intro())
        .startsWith("Only 2 items in \u201cmystery\u201d match; without that label there would be 9. ");
  }

  @Test
  void an_empty_answer_says_only_why() throws Exception {
    // mystery without cosy (m1, m3), fog (m4) or dark (m2, m5): nothing
    AskResult r = ask("", recommend(List.of("mystery"), List.of("cosy", "fog", "dark"), List.of(), "en"), 3);
    assertThat(r.items()).isEmpty();
    assertThat(r.matching()).isZero();
    assertThat(r.shortfall()).containsExactly(
        c(Kind.AVAILABLE, List.of(), 12, 0),
        c(Kind.INCLUDE, List.of("mystery"), 5, 7), // s1..s4, r1..r3
        c(Kind.EXCLUDE, List.of("cosy"), 10, 2),
        c(Kind.EXCLUDE, List.of("fog"), 11, 1),
        c(Kind.EXCLUDE, List.of("dark"), 10, 2),
        c(Kind.SEEN, List.of(), 12, 0));
    assertThat(t.explain(r, Deadline.NONE).intro())
        .isEqualTo("No item in \u201cmystery\u201d matches; without that label there would be 7.");
  }

  @Test
  void relaxed_labels_count_as_one_any_of_constraint_and_ties_name_the_first() throws Exception {
    // cosy AND scifi: none, so relaxed to cosy OR scifi: m1, m3, s1..s4 (6); pages <= 280: m1, m3, s3, r1..r3 (6)
    AskResult r = ask("", recommend(List.of("cosy", "scifi"), List.of(), List.of(new Range("pages", -INF, 280)),
        "en"), 5);
    assertThat(r.relaxed()).isTrue();
    assertThat(r.items()).extracting(AskItem::itemId).containsExactlyInAnyOrder("m1", "m3", "s3");
    assertThat(r.shortfall()).containsExactly(
        c(Kind.AVAILABLE, List.of(), 12, 3),
        c(Kind.INCLUDE_ANY, List.of("cosy", "scifi"), 6, 6),
        new Narrowing(Kind.RANGE, List.of("pages"), -INF, 280, 6, 6),
        c(Kind.SEEN, List.of(), 12, 3));
    assertThat(r.narrowest().orElseThrow().describe()).isEqualTo("any of cosy, scifi");
  }

  @Test
  void an_answer_that_is_not_short_carries_no_shortfall() throws Exception {
    AskResult r = ask("", recommend(List.of("mystery"), List.of(), List.of(), "en"), 5);
    assertThat(r.items()).hasSize(5);
    assertThat(r.shortfall()).isEmpty();
    assertThat(r.narrowest()).isEmpty();
    assertThat(t.explain(r, Deadline.NONE).intro()).doesNotContain("Only");
  }

  @Test
  void too_few_retrieved_among_many_matching_says_so() throws Exception {
    // search weighs the bm25 match only: s3 and s1 share a word with the query; 11 items meet the constraints
    Intent search = new Intent(Goal.SEARCH, List.of(), List.of(), List.of(), 0, List.of(), "starship voyage", "en");
    AskResult r = ask("fan", search, 3);
    assertThat(r.items()).extracting(AskItem::itemId).containsExactly("s3", "s1");
    assertThat(r.matching()).isEqualTo(11);
    // only "not seen" removes anything (m1); the sentence is about retrieval, since 11 > 2 items met the constraints
    assertThat(r.narrowest().orElseThrow().kind()).isEqualTo(Kind.SEEN);
    assertThat(r.shortfall()).containsExactly(c(Kind.AVAILABLE, List.of(), 12, 11), c(Kind.SEEN, List.of(), 11, 12));
    assertThat(t.explain(r, Deadline.NONE).intro())
        .startsWith("Only 2 of the 11 items that meet the request's constraints matched it.");
  }
}

package dev.tandem.engine;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.data.Feedback;
import dev.tandem.engine.ask.AskRequest;
import dev.tandem.engine.ask.AskResult;
import dev.tandem.engine.ask.Conversation;
import dev.tandem.engine.ask.Session;
import dev.tandem.llm.intent.Goal;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.llm.intent.Range;
import dev.tandem.llm.intent.Reference;
import dev.tandem.testkit.AskBooks;
import dev.tandem.testkit.Golden;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden {@code ask} answers on the {@link AskBooks} catalogue (12 books, romance the most popular;
 * pop, ease and bm25), issue 13 requirement 8: what each hard constraint, relaxation, shortfall,
 * reference and conversation turn gives, item by item with its ranks in the personal, match and
 * similar lists, and the explained answer (intro and sentences). Explicit intents (a fixed parser)
 * pin the pipeline after parsing; requests in words, English and Chinese, go through the in-process
 * parser too. The conversation runs on a fixed clock, last, since it records feedback for fan. One file per case under
 * {@code src/test/resources/golden/ask/}; {@code -Dgolden.update=true} rewrites them ({@link Golden}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AskGoldenTest {
  @TempDir static Path home;

  /** Reports every golden file this test found different (see {@link Golden#check}). */
  @AfterEach
  void verifyGoldenFiles() {
    Golden.verify();
  }
  static Tandem t;

  @BeforeAll
  static void fill() throws Exception {
    t = Tandem.open(home);
    AskBooks.fill(t, true);
  }

  @AfterAll
  static void close() {
    if (t != null) {
      t.close();
    }
  }

  private static IntentParser fixed(Intent intent) {
    return (text, catalogue, shown) -> intent;
  }

  private static Intent intent(Goal goal, List<String> include, List<String> exclude, List<Range> ranges, int count,
      List<Reference> refs, String query) {
    return new Intent(goal, include, exclude, ranges, count, refs, query, "en");
  }

  private static ObjectNode answer(String user, Intent intent, int n) throws Exception {
    AskResult r = t.ask(new AskRequest(user, Session.NEW, "(explicit intent)", n), fixed(intent));
    ObjectNode o = Golden.object();
    o.put("user", user);
    o.put("n", n);
    o.set("answer", GoldenRender.ask(r));
    o.set("explained", GoldenRender.result(t.explain(r, Deadline.NONE)));
    return o;
  }

  @Test
  @Order(1)
  void explicit_intents_give_the_same_items_constraints_and_shortfalls() throws Exception {
    double inf = Double.POSITIVE_INFINITY;
    ObjectNode o = Golden.object();
    o.set("include-mystery", answer("", intent(Goal.RECOMMEND, List.of("mystery"), List.of(), List.of(), 0, List.of(),
        ""), 20));
    o.set("exclude-tag-and-word", answer("", intent(Goal.RECOMMEND, List.of("mystery"), List.of("cosy", "fog"),
        List.of(), 0, List.of(), ""), 20));
    o.set("exclude-everything", answer("", intent(Goal.RECOMMEND, List.of("mystery"), List.of("cosy", "fog", "dark"),
        List.of(), 0, List.of(), ""), 20));
    o.set("relaxed", answer("", intent(Goal.RECOMMEND, List.of("mystery", "cosy"), List.of("dark"), List.of(), 5,
        List.of(), ""), 10));
    o.set("range", answer("", intent(Goal.RECOMMEND, List.of("mystery"), List.of(), List.of(new Range("pages", -inf,
        300)), 0, List.of(), ""), 20));
    o.set("range-between", answer("", intent(Goal.RECOMMEND, List.of(), List.of(), List.of(new Range("pages", 280,
        350)), 0, List.of(), ""), 20));
    o.set("range-unknown-attribute", answer("", intent(Goal.RECOMMEND, List.of(), List.of(), List.of(new Range("year",
        1990, 2000)), 0, List.of(), ""), 20));
    o.set("short-scifi-under-300", answer("fan", intent(Goal.RECOMMEND, List.of("scifi"), List.of(), List.of(
        new Range("pages", -inf, 300)), 5, List.of(), ""), 10));
    o.set("personal-count", answer("fan", intent(Goal.RECOMMEND, List.of(), List.of(), List.of(), 2, List.of(), ""),
        10));
    o.set("search-query", answer("fan", intent(Goal.SEARCH, List.of(), List.of(), List.of(), 0, List.of(),
        "starship voyage"), 3));
    o.set("similar-to", answer("", intent(Goal.SIMILAR_TO, List.of(), List.of(), List.of(), 0,
        List.of(new Reference("Mars colony", "s2")), ""), 5));
    o.set("similar-to-unknown", answer("", intent(Goal.SIMILAR_TO, List.of(), List.of(), List.of(), 0,
        List.of(new Reference("nothing", "zz")), ""), 3));
    o.set("prefer", answer("", new Intent(Goal.RECOMMEND, List.of(), List.of(), List.of(), 0, List.of(), "", "en",
        List.of("cosy")), 12));
    Golden.check("ask/explicit-intents", o);
  }

  @Test
  @Order(2)
  void requests_in_words_give_the_same_answers_in_english_and_chinese() throws Exception {
    ObjectNode o = Golden.object();
    for (String[] q : List.of(new String[] {"", "2 mysteries, nothing cosy"},
        new String[] {"fan", "a cosy mystery under 300 pages"}, new String[] {"", "something like Mars colony"},
        new String[] {"", "science fiction about a long voyage"}, new String[] {"fan", "romance"},
        new String[] {"", "推荐有外星人的小说"}, new String[] {"", "推荐几本科幻小说"},
        new String[] {"fan", "我想看悬疑小说，不要太黑暗的"}, new String[] {"", "三本爱情小说"})) {
      AskResult r = t.ask(new AskRequest(q[0], Session.NEW, q[1], 4));
      ObjectNode c = Golden.object();
      c.set("answer", GoldenRender.ask(r));
      c.set("explained", GoldenRender.result(t.explain(r, Deadline.NONE)));
      o.set((q[0].isEmpty() ? "" : q[0] + ": ") + q[1], c);
    }
    Golden.check("ask/in-words", o);
  }

  /** Four turns on a fixed clock: refine, refer to shown items (recorded as feedback), change topic. */
  @Test
  @Order(3)
  void a_conversation_refines_records_and_resets_the_same_way() throws Exception {
    AtomicLong clock = new AtomicLong(1_000_000);
    Conversation c = new Conversation(t.store().sessions(), 60_000, clock::get);
    ArrayNode turns = Golden.array();
    Conversation.Turn t1 = c.ask(t, fixed(intent(Goal.RECOMMEND, List.of("mystery"), List.of(), List.of(), 0,
        List.of(), "")), "", "fan", "mysteries please", 3, true);
    turns.add(turn(t1));
    Conversation.Turn t2 = c.ask(t, fixed(intent(Goal.RECOMMEND, List.of(), List.of("cosy"), List.of(), 0, List.of(),
        "")), t1.sessionId(), "fan", "nothing cosy", 10, true);
    turns.add(turn(t2));
    IntentParser refs = (text, catalogue, shown) -> intent(Goal.SIMILAR_TO, List.of(), List.of(shown.get(0)),
        List.of(), 0, List.of(new Reference("the first one", shown.get(0)), new Reference("the second", shown.get(1))),
        "");
    Conversation.Turn t3 = c.ask(t, refs, t1.sessionId(), "fan", "not the first one, more like the second", 10, true);
    turns.add(turn(t3));
    Conversation.Turn t4 = c.ask(t, fixed(intent(Goal.RECOMMEND, List.of(), List.of(), List.of(), 0, List.of(),
        "anything good")), t1.sessionId(), "fan", "anything good", 20, false);
    turns.add(turn(t4));
    Golden.check("ask/conversation", turns);
  }

  private static ObjectNode turn(Conversation.Turn turn) {
    ObjectNode o = Golden.object();
    o.set("answer", GoldenRender.ask(turn.result()));
    ArrayNode recorded = o.putArray("recorded");
    for (Feedback f : turn.recorded()) {
      ObjectNode e = recorded.addObject();
      e.put("user", f.user());
      e.put("item", f.item());
      e.put("type", f.type());
      e.set("value", Golden.num(f.value()));
    }
    o.put("attempts", turn.attempts());
    return o;
  }
}

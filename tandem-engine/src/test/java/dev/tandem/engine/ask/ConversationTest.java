package dev.tandem.engine.ask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.engine.ApiException;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import dev.tandem.llm.intent.Goal;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.llm.intent.Range;
import dev.tandem.llm.intent.Reference;
import dev.tandem.store.SessionStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Conversation} over the store: sessions persist across reopening the home, expire by TTL
 * (lazily deleted in bounded batches), and concurrent turns of one session lose nothing. Catalogue:
 * mysteries m1..m4 (m1, m3 cosy), science fiction s1..s3.
 */
class ConversationTest {
  @TempDir Path home;
  private Tandem t;

  private static Item item(String id, String title, String category, List<String> tags, int pages) {
    Map<String, Attribute> attrs = new LinkedHashMap<>();
    attrs.put("pages", new Attribute.Number(pages));
    return new Item(id, title, title.toLowerCase(java.util.Locale.ROOT), List.of(category), tags, attrs, 0, true);
  }

  @BeforeEach
  void fill() throws Exception {
    t = Tandem.open(home);
    t.store().items().upsert(List.of(
        item("m1", "Cosy village murder", "mystery", List.of("cosy"), 250),
        item("m2", "Noir killer", "mystery", List.of("dark"), 400),
        item("m3", "Cosy bakery mystery", "mystery", List.of("cosy"), 180),
        item("m4", "Detective in the fog", "mystery", List.of(), 320),
        item("s1", "Space opera empire", "scifi", List.of(), 500),
        item("s2", "Mars colony", "scifi", List.of(), 300),
        item("s3", "Generation starship", "scifi", List.of(), 280)));
    List<Feedback> fb = new ArrayList<>();
    String[][] groups = {{"m1", "m2", "m3", "m4"}, {"s1", "s2", "s3"}};
    for (int u = 0; u < 12; u++) {
      String[] g = groups[u % 2];
      for (int k = 0; k < g.length; k++) {
        if (k != (u / 2) % g.length) {
          fb.add(new Feedback("u" + u, g[k], "purchase", 1, 100 + k));
        }
      }
    }
    fb.add(new Feedback("fan", "s1", "purchase", 1, 1));
    t.store().feedback().append(fb);
    t.train(new TrainOptions(List.of("pop", "ease", "bm25"), Map.of(), (m, s) -> { }));
  }

  @AfterEach
  void close() {
    if (t != null) {
      t.close();
    }
  }

  private static IntentParser fixed(Intent intent) {
    return (text, catalogue, shown) -> intent;
  }

  private static Intent recommend(List<String> include, List<String> exclude, List<Range> ranges) {
    return new Intent(Goal.RECOMMEND, include, exclude, ranges, 0, List.of(), "", "en");
  }

  /** "Not that one": the item referred to and excluded, so it is unwanted. */
  private static Intent turnDown(String item) {
    return new Intent(Goal.RECOMMEND, List.of(), List.of(item), List.of(), 0, List.of(new Reference("that one", item)),
        "", "en");
  }

  private static List<String> ids(AskResult r) {
    return r.items().stream().map(AskItem::itemId).toList();
  }

  private List<Tuple> sessionFeedback(String user) {
    List<Tuple> out = new ArrayList<>();
    for (Feedback f : t.store().feedback().history(user)) {
      if (f.type().equals("like") || f.type().equals("dislike")) {
        out.add(new Tuple(f.item(), f.type()));
      }
    }
    return out;
  }

  @Test
  void a_session_survives_reopening_the_home_and_turn_two_refines_turn_one() throws Exception {
    Conversation c1 = new Conversation(t.store().sessions(), 60_000, () -> 1_000L);
    Conversation.Turn t1 = c1.ask(t, fixed(recommend(List.of("mystery"), List.of(), List.of())), "", "fan",
        "mysteries", 4, true);
    assertThat(ids(t1.result())).containsExactlyInAnyOrder("m1", "m2", "m3", "m4");
    String sid = t1.sessionId();
    t.close();
    t = Tandem.open(home);
    Conversation c2 = new Conversation(t.store().sessions(), 60_000, () -> 2_000L);
    assertThat(c2.live(sid)).hasValueSatisfying(l -> {
      assertThat(l.user()).isEqualTo("fan");
      assertThat(l.session().include()).containsExactly("mystery");
      assertThat(l.lastTurnMillis()).isEqualTo(1_000L);
      assertThat(l.expiresMillis()).isEqualTo(61_000L);
    });
    // "not m2, nothing cosy": refines turn 1 (blank query): mysteries, minus m2 and the cosy m1, m3
    Intent notM2 = new Intent(Goal.RECOMMEND, List.of(), List.of("m2", "cosy"), List.of(), 0,
        List.of(new Reference("the noir one", "m2")), "", "en");
    Conversation.Turn t2 = c2.ask(t, fixed(notM2), sid, "fan", "not the noir one, nothing cosy", 4, true);
    assertThat(t2.sessionId()).isEqualTo(sid);
    assertThat(ids(t2.result())).containsExactly("m4");
    assertThat(t2.result().effective().include()).containsExactly("mystery");
    assertThat(t2.result().session().unwanted()).containsExactly("m2");
    assertThat(sessionFeedback("fan")).containsExactly(new Tuple("m2", "dislike"));
  }

  @Test
  void an_expired_session_is_unknown_and_expired_rows_are_deleted_lazily_in_bounded_batches() throws Exception {
    AtomicLong clock = new AtomicLong(1_000_000);
    SessionStore store = t.store().sessions();
    Conversation c = new Conversation(store, 120_000, clock::get);
    IntentParser p = fixed(recommend(List.of(), List.of(), List.of()));
    String a = c.ask(t, p, "", "", "x", 1, false).sessionId();
    clock.addAndGet(30_000);
    String b = c.ask(t, p, "", "", "x", 1, false).sessionId();
    clock.addAndGet(90_000); // a is 120 s old: expired; b 90 s
    assertThat(c.session(a)).isEmpty();
    assertThat(c.session(b)).isPresent();
    assertThat(c.delete(a)).isFalse(); // expired is unknown
    assertThat(store.get(a)).isPresent(); // reads never delete; the row waits for a sweep
    // a turn 120 s after the first sweep sweeps first (deleting a only), then finds no session
    assertThatThrownBy(() -> c.ask(t, p, a, "", "x", 1, false))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404))
        .hasMessage("session (" + a + ") is unknown or expired (sessions live 120 s after their last turn); omit it"
            + " to start a new one");
    assertThat(store.get(a)).isEmpty();
    assertThat(store.get(b)).isPresent();
    clock.addAndGet(50_000); // b expired 20 s ago, but the last sweep was 50 s ago: no sweep yet
    String d = c.ask(t, p, "", "", "x", 1, false).sessionId();
    assertThat(store.get(b)).isPresent();
    clock.addAndGet(10_000);
    c.ask(t, p, d, "", "x", 1, false);
    assertThat(store.get(b)).isEmpty();
    assertThat(store.count()).isEqualTo(1);
    assertThat(c.delete(d)).isTrue();
    assertThat(store.count()).isZero();
  }

  @Test
  void concurrent_turns_of_one_session_keep_both_unwanted_items_and_record_each_once() throws Exception {
    Conversation c = new Conversation(t.store().sessions(), 60_000, () -> 5_000L);
    Conversation.Turn t1 = c.ask(t, fixed(recommend(List.of("mystery"), List.of(), List.of())), "", "fan",
        "mysteries", 4, true);
    String sid = t1.sessionId();
    AtomicReference<Conversation.Turn> other = new AtomicReference<>();
    AtomicInteger calls = new AtomicInteger();
    // turn A is parsed, and before it is written turn B of the same session is answered and written
    IntentParser a = (text, catalogue, shown) -> {
      if (calls.incrementAndGet() == 1) {
        try {
          other.set(c.ask(t, fixed(turnDown("m2")), sid, "fan", "not m2", 4, true));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      return turnDown("m4");
    };
    Conversation.Turn ta = c.ask(t, a, sid, "fan", "not m4", 4, true);
    assertThat(other.get().attempts()).isEqualTo(1);
    assertThat(ta.attempts()).isEqualTo(2); // lost the compare-and-set once, answered again from B's state
    assertThat(ta.result().session().unwanted()).containsExactly("m2", "m4");
    assertThat(ids(ta.result())).containsExactlyInAnyOrder("m1", "m3");
    assertThat(c.session(sid).orElseThrow().unwanted()).containsExactly("m2", "m4");
    assertThat(sessionFeedback("fan")).containsExactlyInAnyOrder(new Tuple("m2", "dislike"), new Tuple("m4", "dislike"));
  }

  @Test
  void a_turn_that_keeps_losing_writes_nothing_and_says_so() throws Exception {
    Conversation c = new Conversation(t.store().sessions(), 60_000, () -> 5_000L);
    String sid = c.ask(t, fixed(recommend(List.of("mystery"), List.of(), List.of())), "", "fan", "m", 4, true)
        .sessionId();
    SessionStore store = t.store().sessions();
    // every parse of this turn sees another writer bump the version first
    IntentParser racing = (text, catalogue, shown) -> {
      SessionStore.Stored s = store.get(sid).orElseThrow();
      store.put(sid, s.user(), s.state(), s.lastTurnMillis(), s.version());
      return turnDown("m4");
    };
    assertThatThrownBy(() -> c.ask(t, racing, sid, "fan", "not m4", 4, true))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409))
        .hasMessage("session (" + sid + ") was changed by 4 concurrent turns while this one was answered; send it"
            + " again");
    assertThat(c.session(sid).orElseThrow().unwanted()).isEmpty();
    assertThat(sessionFeedback("fan")).isEmpty();
  }

  @Test
  void a_session_belongs_to_its_user() throws Exception {
    Conversation c = new Conversation(t.store().sessions(), 60_000, () -> 5_000L);
    String sid = c.ask(t, fixed(recommend(List.of(), List.of(), List.of())), "", "fan", "x", 2, false).sessionId();
    assertThatThrownBy(() -> c.ask(t, fixed(recommend(List.of(), List.of(), List.of())), sid, "u1", "x", 2, false))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessage("user: user (u1) does not match the user of session " + sid + " (fan)");
  }
}

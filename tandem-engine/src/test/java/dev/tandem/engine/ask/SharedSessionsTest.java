package dev.tandem.engine.ask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.engine.ApiException;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import dev.tandem.llm.intent.Goal;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.llm.intent.Reference;
import dev.tandem.store.Backend;
import dev.tandem.store.PostgresBackend;
import dev.tandem.store.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions shared by several "servers" (one {@link Conversation} per open store) on one database:
 * a turn answered by one continues a session started by another, and turns of one session sent at
 * once through different stores never lose an item silently: each either lands in the final state
 * or fails with an {@link ApiException} 409. Runs on SQLite and, when installed, on the
 * private PostgreSQL cluster (skipped otherwise, unless env CI is set).
 */
class SharedSessionsTest {
  private static final int TURNS = 6;
  @TempDir Path home;
  private Tandem t;

  @BeforeEach
  void fill() throws Exception {
    t = Tandem.open(home);
    List<Item> items = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      items.add(new Item("b" + i, "Book " + i, "", List.of("book"), List.of(), Map.of(), 0, true));
    }
    t.store().items().upsert(items);
    List<Feedback> fb = new ArrayList<>();
    for (int u = 0; u < 10; u++) {
      for (int i = 1; i <= 10; i++) {
        if ((u + i) % 3 != 0) {
          fb.add(new Feedback("u" + u, "b" + i, "purchase", 1, 100));
        }
      }
    }
    t.store().feedback().append(fb);
    t.train(new TrainOptions(List.of("pop", "ease", "bm25"), Map.of(), (m, s) -> { }));
  }

  @AfterEach
  void close() {
    t.close();
  }

  private static IntentParser turnDown(String item) {
    return (text, catalogue, shown) -> new Intent(Goal.RECOMMEND, List.of(), List.of(item), List.of(), 0,
        List.of(new Reference("that one", item)), "", "en");
  }

  private void sharedAndConcurrent(Backend db) throws Exception {
    List<Store> stores = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(TURNS);
    try {
      List<Conversation> servers = new ArrayList<>();
      for (int s = 0; s < 3; s++) {
        Store store = db.open();
        stores.add(store);
        servers.add(new Conversation(store.sessions(), 600_000, System::currentTimeMillis));
      }
      String sid = servers.get(0).ask(t, turnDown("b10"), "", "fan", "not b10", 3, true).sessionId();
      // the next turn on another server continues it
      Conversation.Turn second = servers.get(1).ask(t, turnDown("b9"), sid, "fan", "not b9", 3, true);
      assertThat(second.result().session().unwanted()).containsExactly("b10", "b9");

      CyclicBarrier start = new CyclicBarrier(TURNS);
      List<Future<Conversation.Turn>> turns = new ArrayList<>();
      for (int i = 1; i <= TURNS; i++) {
        String item = "b" + i;
        Conversation server = servers.get(i % servers.size());
        turns.add(pool.submit(() -> {
          start.await(60, TimeUnit.SECONDS);
          return server.ask(t, turnDown(item), sid, "fan", "not " + item, 3, true);
        }));
      }
      List<String> landed = new ArrayList<>(List.of("b10", "b9"));
      int failed = 0;
      for (int i = 1; i <= TURNS; i++) {
        try {
          Conversation.Turn turn = turns.get(i - 1).get(120, TimeUnit.SECONDS);
          assertThat(turn.result().session().unwanted()).contains("b" + i);
          landed.add("b" + i);
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOfSatisfying(ApiException.class, x -> assertThat(x.status()).isEqualTo(409));
          failed++;
        }
      }
      assertThat(landed).hasSize(2 + TURNS - failed);
      Session end = servers.get(2).session(sid).orElseThrow();
      assertThat(end.unwanted()).containsExactlyInAnyOrderElementsOf(landed);
      // what was said is recorded once per landed turn, and nothing for a failed one
      List<String> disliked = new ArrayList<>();
      for (Feedback f : t.store().feedback().history("fan")) {
        if (f.type().equals("dislike")) {
          disliked.add(f.item());
        }
      }
      assertThat(disliked).containsExactlyInAnyOrderElementsOf(landed);
    } finally {
      pool.shutdownNow();
      stores.forEach(Store::close);
    }
  }

  @Test
  void concurrent_turns_through_one_conversation_wait_for_each_other_and_all_land() throws Exception {
    Conversation c = new Conversation(t.store().sessions(), 600_000, System::currentTimeMillis);
    String sid = c.ask(t, turnDown("b10"), "", "fan", "not b10", 3, true).sessionId();
    ExecutorService pool = Executors.newFixedThreadPool(TURNS);
    try {
      CyclicBarrier start = new CyclicBarrier(TURNS);
      List<Future<Conversation.Turn>> turns = new ArrayList<>();
      for (int i = 1; i <= TURNS; i++) {
        String item = "b" + i;
        turns.add(pool.submit(() -> {
          start.await(60, TimeUnit.SECONDS);
          return c.ask(t, turnDown(item), sid, "fan", "not " + item, 3, true);
        }));
      }
      for (Future<Conversation.Turn> f : turns) {
        assertThat(f.get(120, TimeUnit.SECONDS).attempts()).isEqualTo(1); // never raced: each read the last write
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(c.session(sid).orElseThrow().unwanted())
        .containsExactlyInAnyOrder("b10", "b1", "b2", "b3", "b4", "b5", "b6");
    assertThat(t.store().feedback().history("fan")).filteredOn(f -> f.type().equals("dislike"))
        .extracting(Feedback::item).containsExactlyInAnyOrder("b10", "b1", "b2", "b3", "b4", "b5", "b6");
  }

  @Test
  void sessions_are_shared_by_stores_on_one_sqlite_file() throws Exception {
    Path file = home.resolve("shared.db");
    sharedAndConcurrent(new dev.tandem.store.SqliteBackend(file));
  }

  @Test
  void sessions_are_shared_by_servers_on_one_postgresql_database() throws Exception {
    sharedAndConcurrent(PostgresBackend.create());
  }
}

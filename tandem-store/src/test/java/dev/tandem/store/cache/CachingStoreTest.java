package dev.tandem.store.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.User;
import dev.tandem.store.BulkLoad;
import dev.tandem.store.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The caches in front of SQLite: every read through the {@link CachingStore} equals a read of
 * the same database through a plain store opened beside it ({@code raw}).
 */
class CachingStoreTest {
  @TempDir Path dir;
  private CachingStore store;
  private Store raw;

  @BeforeEach
  void open() {
    store = CachingStore.wrap(Store.open(dir.resolve("t.db")));
    raw = Store.open(dir.resolve("t.db"));
  }

  @AfterEach
  void close() {
    store.close();
    raw.close();
  }

  private static Feedback fb(String user, String item, double value, long ts) {
    return new Feedback(user, item, "rating", value, ts);
  }

  private static List<Long> times(List<Feedback> h) {
    List<Long> out = new ArrayList<>();
    h.forEach(f -> out.add(f.timestamp()));
    return out;
  }

  @Test
  void feedback_reaches_the_cached_history_at_once_in_time_order() {
    store.feedback().append(List.of(fb("u1", "a", 4, 10), fb("u1", "b", 5, 20)));
    assertThat(times(store.feedback().history("u1"))).containsExactly(10L, 20L);
    assertThat(store.historyCached("u1")).isTrue();

    store.feedback().append(List.of(fb("u1", "c", 3, 15), fb("u2", "a", 1, 5)));

    assertThat(store.historyCached("u1")).as("write-through keeps the entry").isTrue();
    assertThat(times(store.feedback().history("u1"))).containsExactly(10L, 15L, 20L);
    assertThat(store.feedback().history("u1")).isEqualTo(raw.feedback().history("u1"));
    assertThat(store.historyCached("u2")).as("a user never read is not cached by a write").isFalse();
  }

  @Test
  void an_event_replacing_a_cached_one_is_read_back_with_its_new_value() {
    store.feedback().append(List.of(fb("u1", "a", 3, 10)));
    assertThat(store.feedback().history("u1").get(0).value()).isEqualTo(3.0);

    assertThat(store.feedback().append(List.of(fb("u1", "a", 5, 10)))).as("replaced, not new").isZero();

    assertThat(store.feedback().history("u1")).containsExactly(fb("u1", "a", 5, 10));
    assertThat(store.feedback().history("u1")).isEqualTo(raw.feedback().history("u1"));
  }

  @Test
  void deleting_a_user_erases_the_cached_history_and_record() {
    store.users().upsert(List.of(new User("u1", Map.of(), "likes space opera")));
    store.feedback().append(List.of(fb("u1", "a", 3, 10), fb("u1", "b", 4, 11)));
    assertThat(store.feedback().history("u1")).hasSize(2);
    assertThat(store.users().get("u1")).isPresent();

    assertThat(store.users().delete("u1")).isTrue();

    assertThat(store.feedback().history("u1")).isEmpty();
    assertThat(store.users().get("u1")).isEmpty();
    assertThat(raw.feedback().history("u1")).isEmpty();
  }

  @Test
  void deleting_an_item_drops_its_events_from_cached_histories() {
    store.feedback().append(List.of(fb("u1", "a", 3, 10), fb("u1", "b", 4, 11), fb("u2", "a", 2, 12)));
    store.feedback().history("u1");
    store.feedback().history("u2");

    store.items().delete("a");

    assertThat(store.feedback().history("u1")).containsExactly(fb("u1", "b", 4, 11));
    assertThat(store.feedback().history("u2")).isEmpty();
  }

  @Test
  void item_and_user_upserts_are_seen_by_the_next_get() {
    store.items().upsert(List.of(Item.of("a", "Dune")));
    store.users().upsert(List.of(new User("u1", Map.of(), "")));
    assertThat(store.items().getAll(List.of("a", "zz"))).containsOnlyKeys("a");
    assertThat(store.users().get("u1").orElseThrow().profile()).isEmpty();

    store.items().upsert(List.of(Item.of("a", "Dune Messiah")));
    store.users().upsert(List.of(new User("u1", Map.of(), "hard sf")));

    assertThat(store.items().get("a").orElseThrow().title()).isEqualTo("Dune Messiah");
    assertThat(store.items().getAll(List.of("a")).get("a").title()).isEqualTo("Dune Messiah");
    assertThat(store.users().get("u1").orElseThrow().profile()).isEqualTo("hard sf");
  }

  @Test
  void a_committed_bulk_load_is_seen_by_cached_histories() {
    store.feedback().append(List.of(fb("u1", "a", 3, 10)));
    store.feedback().history("u1");
    try (BulkLoad load = store.bulkLoad()) {
      load.feedback("u1", "b", "rating", 4, 5);
      load.commit();
    }
    assertThat(times(store.feedback().history("u1"))).containsExactly(5L, 10L);
  }

  @Test
  void concurrent_writes_and_reads_lose_no_event_in_the_cache() throws Exception {
    long seed = 20261122L;
    System.out.println("concurrent_writes_and_reads_lose_no_event_in_the_cache seed " + seed);
    int writers = 4;
    int perWriter = 60;
    String[] users = {"u0", "u1", "u2"};
    AtomicLong ts = new AtomicLong(1000);
    AtomicBoolean writing = new AtomicBoolean(true);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      SplittableRandom rnd = new SplittableRandom(seed + w);
      threads.add(new Thread(() -> {
        try {
          start.await();
          for (int k = 0; k < perWriter; k++) {
            String u = users[rnd.nextInt(users.length)];
            store.feedback().append(List.of(fb(u, "i" + rnd.nextInt(20), 1 + rnd.nextInt(5), ts.incrementAndGet())));
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    for (int r = 0; r < 2; r++) {
      threads.add(new Thread(() -> {
        try {
          start.await();
          while (writing.get()) {
            for (String u : users) {
              store.feedback().history(u);
            }
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    threads.forEach(Thread::start);
    start.countDown();
    for (int w = 0; w < writers; w++) {
      threads.get(w).join();
    }
    writing.set(false);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failures).isEmpty();
    int total = 0;
    for (String u : users) {
      List<Feedback> cached = store.feedback().history(u);
      assertThat(cached).as(u).isEqualTo(raw.feedback().history(u));
      total += cached.size();
    }
    assertThat(total).isEqualTo(writers * perWriter);
    assertThat(raw.feedback().count()).isEqualTo(writers * perWriter);
  }

  @Test
  void a_write_by_another_process_is_seen_and_its_own_writes_keep_the_cache() {
    try (CachingStore checking = CachingStore.wrap(Store.open(dir.resolve("t.db")), 1000, 1000, 0)) {
      checking.feedback().append(List.of(fb("u1", "a", 3, 10)));
      checking.feedback().history("u1");
      checking.feedback().append(List.of(fb("u1", "b", 3, 11))); // its own write: merged, no reload
      assertThat(checking.items().get("none")).isEmpty(); // a read that checks for others' writes
      assertThat(checking.historyCached("u1")).as("its own write is not taken for another's").isTrue();
      assertThat(checking.feedback().history("u1")).hasSize(2);

      raw.feedback().append(List.of(fb("u1", "c", 4, 12))); // another connection, as another process

      assertThat(times(checking.feedback().history("u1"))).containsExactly(10L, 11L, 12L);
    }
  }

  @Test
  void merge_keeps_time_order_and_rereads_on_an_equal_timestamp() {
    List<Feedback> cached = List.of(fb("u", "a", 1, 10), fb("u", "b", 1, 30));
    assertThat(times(CachingStore.merge(cached, List.of(fb("u", "c", 1, 20), fb("u", "d", 1, 40),
        fb("u", "e", 1, 5))))).containsExactly(5L, 10L, 20L, 30L, 40L);
    assertThat(CachingStore.merge(cached, List.of(fb("u", "c", 1, 30)))).isNull();
    assertThat(CachingStore.merge(cached, List.of(fb("u", "c", 1, 20), fb("u", "d", 1, 20)))).isNull();
  }

  @Test
  void preload_caches_every_history_when_the_log_fits_under_the_cap() {
    store.feedback().append(List.of(fb("u1", "a", 1, 30), fb("u1", "b", 1, 10), fb("u1", "c", 1, 20),
        fb("u2", "a", 1, 1), fb("u2", "b", 1, 2), fb("u3", "a", 1, 5), fb("u3", "c", 1, 6)));
    try (CachingStore fits = CachingStore.wrap(Store.open(dir.resolve("t.db")), 7, 10)) {
      assertThat(fits.preloadHistories()).isEqualTo(3);
      assertThat(fits.cachedHistories()).isEqualTo(3);
      assertThat(times(fits.feedback().history("u1"))).containsExactly(10L, 20L, 30L);
      assertThat(fits.feedback().history("u1")).isEqualTo(raw.feedback().history("u1"));
      assertThat(fits.feedback().history("u3")).isEqualTo(raw.feedback().history("u3"));
    }
    try (CachingStore tooSmall = CachingStore.wrap(Store.open(dir.resolve("t.db")), 6, 10)) {
      assertThat(tooSmall.preloadHistories()).as("7 events above a cap of 6: load on demand").isZero();
      assertThat(tooSmall.cachedHistories()).isZero();
    }
  }

  @Test
  void a_fill_that_raced_with_a_write_is_not_kept() {
    KeyedCache<String> cache = new KeyedCache<>(100, v -> 1);
    String v = cache.get("k", k -> {
      cache.invalidate("k"); // a write to k commits while k is being read
      return "stale";
    });
    assertThat(v).isEqualTo("stale");
    assertThat(cache.contains("k")).isFalse();
    assertThat(cache.get("k", k -> "fresh")).isEqualTo("fresh");
    assertThat(cache.contains("k")).isTrue();
  }

  @Test
  void the_cache_stays_within_its_weight() {
    KeyedCache<String> cache = new KeyedCache<>(10, v -> 2);
    for (int i = 0; i < 50; i++) {
      cache.get("k" + i, k -> k);
      assertThat(cache.size()).isLessThanOrEqualTo(5);
    }
    KeyedCache<String> off = new KeyedCache<>(0, v -> 1);
    assertThat(off.get("k", k -> "v")).isEqualTo("v");
    assertThat(off.size()).isZero();
  }
}

package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Feedback;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent appends share transactions (group commit) but each caller gets its own count; on
 * SQLite here, on PostgreSQL in {@link PostgresFeedbackGroupCommitTest}.
 */
class FeedbackGroupCommitTest {
  @TempDir Path dir;

  /** This test's database. */
  protected Backend backend() {
    return new SqliteBackend(dir.resolve("t.db"));
  }

  @Test
  void concurrent_appends_each_get_their_own_new_row_count_and_nothing_is_lost() throws Exception {
    int threads = 8;
    int batches = 40;
    try (Store store = backend().open()) {
      store.feedback().append(List.of(new Feedback("seed", "x", "rating", 1, 0)));
      int[] counted = new int[threads];
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> all = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int me = t;
        all.add(new Thread(() -> {
          try {
            start.await();
            for (int b = 0; b < batches; b++) {
              // every 4th batch repeats this thread's previous event with a new value: a replacement
              long ts = b % 4 == 3 ? b - 1 : b;
              counted[me] += store.feedback().append(List.of(new Feedback("u" + me, "i" + (ts % 7), "rating",
                  b, ts)));
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        }));
      }
      all.forEach(Thread::start);
      start.countDown();
      for (Thread t : all) {
        t.join();
      }
      assertThat(failures).isEmpty();
      for (int t = 0; t < threads; t++) {
        assertThat(counted[t]).as("thread " + t).isEqualTo(30);
        List<Feedback> h = store.feedback().history("u" + t);
        assertThat(h).hasSize(30);
        // the replaced event at ts 2 holds the value of batch 3, its last write
        assertThat(h.stream().filter(f -> f.timestamp() == 2).findFirst().orElseThrow().value()).isEqualTo(3.0);
      }
      assertThat(store.feedback().count()).isEqualTo(1 + threads * 30L);
    }
  }
}

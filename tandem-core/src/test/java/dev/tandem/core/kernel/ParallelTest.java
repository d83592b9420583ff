package dev.tandem.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void visits_every_index_once_with_valid_worker_ids() {
    AtomicIntegerArray seen = new AtomicIntegerArray(1000);
    Parallel.forEach(1000, (w, i) -> {
      assertThat(w).isBetween(0, Parallel.threads() - 1);
      seen.incrementAndGet(i);
    });
    for (int i = 0; i < 1000; i++) {
      assertThat(seen.get(i)).as("index %d", i).isEqualTo(1);
    }
  }

  @Test
  void rethrows_the_first_failure() {
    assertThatThrownBy(() -> Parallel.forEach(100, (w, i) -> {
      if (i == 37) {
        throw new IllegalStateException("boom at 37");
      }
    })).isInstanceOf(IllegalStateException.class).hasMessage("boom at 37");
  }

  @Test
  void nested_loops_run_inline() {
    AtomicIntegerArray seen = new AtomicIntegerArray(100);
    Parallel.forEach(10, (w, i) -> Parallel.forEach(10, (w2, j) -> seen.incrementAndGet(i * 10 + j)));
    for (int i = 0; i < 100; i++) {
      assertThat(seen.get(i)).isEqualTo(1);
    }
  }
}

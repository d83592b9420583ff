package dev.tandem.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ItemContentBatchTest {

  @Test
  void derived_content_is_computed_once_per_reader_and_shared() {
    ItemContentBatch batch = new ItemContentBatch(2, new float[] {3, 4, 0, 0}, List.of("a", ""));
    AtomicInteger calls = new AtomicInteger();
    Object readerA = new Object();
    Object readerB = new Object();
    float[] first = batch.derived(readerA, b -> {
      calls.incrementAndGet();
      return new float[] {b.component(0, 0), b.size()};
    });
    float[] again = batch.derived(readerA, b -> {
      calls.incrementAndGet();
      return new float[0];
    });
    assertThat(again).isSameAs(first).containsExactly(0.6f, 2f);
    assertThat(calls).hasValue(1);
    float[] other = batch.derived(readerB, b -> {
      calls.incrementAndGet();
      return new float[] {1};
    });
    assertThat(other).containsExactly(1f);
    assertThat(calls).hasValue(2);
    assertThat(batch.hasVector(1)).isFalse();
  }
}

package dev.tandem.engine.internal.pipeline;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Turns feedback events into the history the pipeline scores, with the configured weights. */
public final class Histories {
  private final FeedbackWeights weights;

  /** Histories weighted by {@code weights}. */
  public Histories(FeedbackWeights weights) {
    this.weights = weights;
  }

  /**
   * {@code events} as a history over {@code items}; events on items outside it, of unconfigured
   * types or with a value outside the type's range are dropped.
   */
  public History of(List<Feedback> events, IdIndex items) {
    int n = 0;
    int[] its = new int[events.size()];
    float[] ws = new float[events.size()];
    long[] ts = new long[events.size()];
    for (Feedback f : events) {
      int i = items.indexOf(f.item());
      if (i < 0 || !weights.accepts(f.type(), f.value())) { // unconfigured type, or a value stored before its range
        continue;
      }
      its[n] = i;
      ws[n] = weights.weight(f.type(), f.value());
      ts[n] = f.timestamp();
      n++;
    }
    return new History(Arrays.copyOf(its, n), Arrays.copyOf(ws, n), Arrays.copyOf(ts, n));
  }

  /** The ids of {@code events} of configured types on items outside {@code items} (fresh items the user has seen). */
  public Set<String> outside(List<Feedback> events, IdIndex items) {
    Set<String> out = new HashSet<>();
    for (Feedback f : events) {
      if (items.indexOf(f.item()) < 0 && weights.knows(f.type())) {
        out.add(f.item());
      }
    }
    return out;
  }
}

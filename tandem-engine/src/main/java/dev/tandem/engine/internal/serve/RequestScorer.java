package dev.tandem.engine.internal.serve;

import dev.tandem.core.data.History;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.Request;
import dev.tandem.core.model.ScoredItems;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Per-request scoring on one {@link ServingSnapshot} (Lucene's {@code scorer()} idea): owns a
 * {@code float[numItems]} of scratch taken from the snapshot's pool, so that the hot recommend
 * path allocates no score array per call, and gives it back on {@link #close()}.
 *
 * {@snippet :
 * try (RequestScorer scorer = snapshot.scorer()) {
 *   ScoredItems top = scorer.top(model, history, Request.top(10));
 * }
 * }
 *
 * <p>Not thread-safe: one request, one thread. Results never refer to the scratch.
 */
public final class RequestScorer implements AutoCloseable {
  private final Pool pool;
  private float[] scratch;

  private RequestScorer(Pool pool, float[] scratch) {
    this.pool = pool;
    this.scratch = scratch;
  }

  /**
   * {@code model}'s best items for {@code history} under {@code request} ({@link
   * Model#recommend(History, Request, float[])}), scored into this scorer's scratch.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public ScoredItems top(Model model, History history, Request request) {
    if (scratch == null) {
      throw new IllegalStateException("request scorer is closed: take a new one with ServingSnapshot.scorer()");
    }
    if (scratch.length < model.numItems()) { // a model over more items than the snapshot: no pooled space fits
      return model.recommend(history, request);
    }
    return model.recommend(history, request, scratch);
  }

  /** Gives the scratch back to the pool; idempotent. */
  @Override
  public void close() {
    if (scratch != null) {
      pool.give(scratch);
      scratch = null;
    }
  }

  /**
   * The scratch arrays of one catalogue size: a few free slots, taken and given back without locks
   * or allocation; when all are taken a request allocates its own, and a surplus array is dropped.
   * Thread-safe.
   */
  static final class Pool {
    private final int numItems;
    private final AtomicReferenceArray<float[]> free;

    /** A pool of arrays of {@code numItems} floats. */
    Pool(int numItems) {
      this.numItems = numItems;
      this.free = new AtomicReferenceArray<>(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    /** A scorer owning a free array (or a new one). */
    RequestScorer scorer() {
      for (int k = 0; k < free.length(); k++) {
        float[] a = free.getAndSet(k, null);
        if (a != null) {
          return new RequestScorer(this, a);
        }
      }
      return new RequestScorer(this, new float[numItems]);
    }

    private void give(float[] a) {
      for (int k = 0; k < free.length(); k++) {
        if (free.compareAndSet(k, null, a)) {
          return;
        }
      }
    }
  }
}

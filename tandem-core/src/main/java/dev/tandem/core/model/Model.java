package dev.tandem.core.model;

import dev.tandem.core.data.History;
import dev.tandem.core.kernel.TopK;
import java.util.Arrays;

/**
 * A trained recommender: scores every item of its catalogue from a user's {@link History}
 * (never from a user id), so training users, held-out users, brand-new users and feedback
 * that arrived a millisecond ago all take the same path.
 *
 * <p>Implementations are immutable and thread-safe; per-request state lives on the stack.
 *
 * {@snippet :
 * Model ease = new Ease.Trainer(new Ease.Params(500)).fit(interactions);
 * ScoredItems top = ease.recommend(History.of(3, 17, 42), Request.top(10));
 * }
 */
public interface Model {

  /** The {@link ModelType#name() type name} of this model, e.g. {@code "ease"}. */
  String type();

  /** Size of the item index this model ranks over. */
  int numItems();

  /**
   * Writes a score for every item into {@code out[0..numItems())}. Higher is better. History
   * entries whose item is outside the model's index (items newer than the model) are ignored.
   *
   * @throws IllegalArgumentException if {@code out} is shorter than {@link #numItems()}
   */
  void score(History history, float[] out);

  /**
   * Whether {@link #score} reads the history's {@linkplain History#profile() profile} (text or
   * embedding), so that a user with a profile and no interactions still gets personal scores.
   * {@code false} by default.
   */
  default boolean readsProfile() {
    return false;
  }

  /** The best {@code request.n()} items for {@code history}, seen items excluded unless asked otherwise. */
  default ScoredItems recommend(History history, Request request) {
    return recommend(history, request, new float[numItems()]);
  }

  /**
   * As {@link #recommend(History, Request)}, scoring into {@code scratch}, caller-owned space of at
   * least {@link #numItems()} floats that it overwrites (a serving request takes it from a pool, so
   * that the hot path allocates no {@code float[numItems]} per call). Models that do not score
   * every item (an ANN index, a fusion of channels) override this and may leave {@code scratch}
   * unused; the result never refers to it.
   *
   * @throws IllegalArgumentException if {@code scratch} is shorter than {@link #numItems()}
   */
  default ScoredItems recommend(History history, Request request, float[] scratch) {
    int m = numItems();
    if (scratch.length < m) {
      throw new IllegalArgumentException("scratch.length (" + scratch.length + ") must be >= numItems (" + m + ")");
    }
    score(history, scratch);
    if (request.excludeSeen()) {
      for (int i = 0; i < history.size(); i++) {
        int item = history.items(i);
        if (item < m) {
          scratch[item] = Float.NEGATIVE_INFINITY;
        }
      }
    }
    return TopK.select(scratch, m, request.n(), request.filter());
  }

  /**
   * Items most related to {@code item}, the item itself excluded. The default scores the
   * one-item history {@code [item]}; models with an item-item structure may override it.
   */
  default ScoredItems similar(int item, int n, ItemFilter filter) {
    if (item < 0 || item >= numItems()) {
      throw new IllegalArgumentException("item (" + item + ") must be in [0, " + numItems() + ")");
    }
    return recommend(History.of(item), new Request(n, filter, true));
  }

  /** Checks the score buffer length; for implementations. */
  static void checkOut(float[] out, int numItems) {
    if (out.length < numItems) {
      throw new IllegalArgumentException("out.length (" + out.length + ") must be >= numItems (" + numItems + ")");
    }
    Arrays.fill(out, 0, numItems, 0f);
  }
}

package dev.tandem.engine.internal.pipeline;

import dev.tandem.core.data.History;
import dev.tandem.core.model.ContentScorer;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.engine.internal.serve.FreshItems;
import java.util.function.IntPredicate;

/**
 * The fresh-item step of the pipeline: items added after training (the snapshot's
 * {@linkplain FreshItems overlay}) join a ranked list when its model {@linkplain ContentScorer
 * scores content}. A list is over dense indices: the snapshot's {@code m} items, then overlay item
 * {@code k} as {@code m + k}. Shared by {@code recommend}, {@code similar} and {@code ask}'s channels.
 */
public final class FreshMerge {
  private FreshMerge() { }

  /**
   * {@code list} (snapshot items, best first) with the overlay items that {@code model} scores from
   * their content for {@code history} and {@code accept} accepts (by overlay position) merged in by
   * score, cut to {@code limit}; equal scores keep the snapshot item first, then overlay order.
   * {@code list} itself when the model reads no content or nothing is merged.
   */
  public static ScoredItems merged(ScoredItems list, Model model, FreshItems overlay, History history,
      IntPredicate accept, int m, int limit) {
    if (overlay.size() == 0 || !(model instanceof ContentScorer cs) || !cs.scoresContent()) {
      return list;
    }
    FreshItems.Ranked fresh = overlay.rank(cs, history, accept);
    if (fresh.size() == 0) {
      return list;
    }
    int size = Math.min(limit, list.size() + fresh.size());
    int[] items = new int[size];
    float[] scores = new float[size];
    int a = 0;
    int b = 0;
    for (int r = 0; r < size; r++) {
      if (b >= fresh.size() || (a < list.size() && list.score(a) >= fresh.scores()[b])) {
        items[r] = list.item(a);
        scores[r] = list.score(a++);
      } else {
        items[r] = m + fresh.positions()[b];
        scores[r] = fresh.scores()[b++];
      }
    }
    return new ScoredItems(items, scores);
  }
}

package dev.tandem.core.fusion;

import dev.tandem.core.data.History;
import dev.tandem.core.kernel.TopK;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Every channel's output for one history: its full score array, its top {@code depth} unseen
 * items and the rank of each, and the union of those tops (the fusion candidates). Items in the
 * history are never candidates; a channel that scores every unseen item the same ranks none.
 * Per-request scratch; not thread-safe.
 */
final class ChannelLists {
  final int numItems;
  final int depth;
  /** Per channel, the channel's score of every item. */
  final float[][] scores;
  /** Per channel, its top items (best first), at most {@code depth}. */
  final int[][] top;
  /** Per channel, 1-based rank of every item in {@link #top}, 0 when absent. */
  final int[][] rank;
  /** Union of the tops, ascending item index. */
  final int[] candidates;
  /** The history's items (any weight) within the index. */
  final BitSet seen;

  private ChannelLists(int numItems, int depth, float[][] scores, int[][] top, int[][] rank, int[] candidates,
      BitSet seen) {
    this.numItems = numItems;
    this.depth = depth;
    this.scores = scores;
    this.top = top;
    this.rank = rank;
    this.candidates = candidates;
    this.seen = seen;
  }

  static ChannelLists of(Model[] channels, History history, int depth) {
    int m = channels[0].numItems();
    int c = channels.length;
    BitSet seen = new BitSet(m);
    for (int e = 0; e < history.size(); e++) {
      int item = history.items(e);
      if (item < m) {
        seen.set(item);
      }
    }
    float[][] scores = new float[c][];
    int[][] top = new int[c][];
    int[][] rank = new int[c][];
    BitSet union = new BitSet(m);
    float[] masked = new float[m];
    for (int ch = 0; ch < c; ch++) {
      float[] s = new float[m];
      channels[ch].score(history, s);
      scores[ch] = s;
      System.arraycopy(s, 0, masked, 0, m);
      for (int i = seen.nextSetBit(0); i >= 0; i = seen.nextSetBit(i + 1)) {
        masked[i] = Float.NEGATIVE_INFINITY;
      }
      // a channel with one score for every unseen item (e.g. EASE or item-kNN for a history of
      // none of their items, a visitor known by a sentence only) has no opinion: it ranks nothing
      int[] items = constant(masked) ? new int[0] : TopK.select(masked, m, depth, ItemFilter.ALL).items();
      top[ch] = items;
      int[] r = new int[m];
      for (int k = 0; k < items.length; k++) {
        r[items[k]] = k + 1;
        union.set(items[k]);
      }
      rank[ch] = r;
    }
    return new ChannelLists(m, depth, scores, top, rank, union.stream().toArray(), seen);
  }

  /** Whether every finite value of {@code s} (the unseen items' scores) is the same. */
  private static boolean constant(float[] s) {
    float first = Float.NaN;
    for (float x : s) {
      if (x != Float.NEGATIVE_INFINITY) {
        if (first != first) {
          first = x;
        } else if (x != first) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The best-first order of {@code cand} (ascending items) by {@code fused}: higher first, then
   * the smaller item. Returns positions into {@code cand}.
   */
  static int[] order(int[] cand, float[] fused) {
    long[] keys = new long[cand.length];
    for (int k = 0; k < keys.length; k++) {
      int bits = Float.floatToIntBits(fused[k] + 0.0f);
      int ascending = bits ^ ((bits >> 31) & 0x7fffffff);
      keys[k] = ((long) ~ascending << 32) | k;
    }
    Arrays.sort(keys);
    int[] out = new int[keys.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = (int) keys[k];
    }
    return out;
  }
}

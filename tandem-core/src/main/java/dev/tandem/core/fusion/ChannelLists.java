package dev.tandem.core.fusion;

import dev.tandem.core.data.History;
import dev.tandem.core.kernel.TopK;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Every channel's output for one history: its full score array, its top {@code depth} unseen
 * items and the rank of each, and the union of those tops (the fusion candidates). Items in the
 * history are never candidates; a channel that scores every unseen item the same ranks none.
 *
 * <p>Per-request scratch, sized once for a channel count, catalogue and depth and refilled by
 * {@link #fill} for each history, so that a fused model's request allocates no per-channel arrays
 * (the model keeps a few in a {@link Pool}). Not thread-safe: one request at a time.
 */
final class ChannelLists {
  final int numItems;
  final int depth;
  /** Per channel, the channel's score of every item. */
  final float[][] scores;
  /** Per channel, its top items (best first) in {@code top[c][0..topSize[c])}, at most {@code depth}. */
  final int[][] top;
  /** Per channel, how many items {@link #top} holds. */
  final int[] topSize;
  /** Per channel, 1-based rank of every item in {@link #top}, 0 when absent. */
  final int[][] rank;
  /** Union of the tops, ascending item index, in {@code candidates[0..numCandidates)}. */
  final int[] candidates;
  /** How many items {@link #candidates} holds. */
  int numCandidates;
  /** The fused score of each candidate, aligned with {@link #candidates}, written by the fusion. */
  final float[] fused;
  /** The history's items (any weight) within the index. */
  final BitSet seen;
  /** A {@code float[numItems]} work array: the masked channel scores while filling, then free for the caller. */
  final float[] work;
  private final float[] topScores;
  private final BitSet union;

  /** Empty lists for {@code channels} channels over {@code numItems} items, each channel's top {@code depth}. */
  ChannelLists(int channels, int numItems, int depth) {
    int d = Math.min(depth, numItems);
    this.numItems = numItems;
    this.depth = depth;
    this.scores = new float[channels][numItems];
    this.top = new int[channels][d];
    this.topSize = new int[channels];
    this.rank = new int[channels][numItems];
    this.candidates = new int[channels * d];
    this.fused = new float[channels * d];
    this.seen = new BitSet(numItems);
    this.work = new float[numItems];
    this.topScores = new float[d];
    this.union = new BitSet(numItems);
  }

  /** The lists of {@code channels} for {@code history}, in new arrays (training uses it once per user). */
  static ChannelLists of(Model[] channels, History history, int depth) {
    ChannelLists lists = new ChannelLists(channels.length, channels[0].numItems(), depth);
    lists.fill(channels, history);
    return lists;
  }

  /** Refills these lists for {@code history}, forgetting the previous one. */
  void fill(Model[] channels, History history) {
    int m = numItems;
    seen.clear();
    for (int e = 0; e < history.size(); e++) {
      int item = history.items(e);
      if (item < m) {
        seen.set(item);
      }
    }
    union.clear();
    float[] masked = work;
    for (int ch = 0; ch < channels.length; ch++) {
      int[] r = rank[ch];
      int[] t = top[ch];
      for (int k = 0; k < topSize[ch]; k++) {
        r[t[k]] = 0;
      }
      float[] s = scores[ch];
      channels[ch].score(history, s);
      System.arraycopy(s, 0, masked, 0, m);
      for (int i = seen.nextSetBit(0); i >= 0; i = seen.nextSetBit(i + 1)) {
        masked[i] = Float.NEGATIVE_INFINITY;
      }
      // a channel with one score for every unseen item (e.g. EASE or item-kNN for a history of
      // none of their items, a visitor known by a sentence only) has no opinion: it ranks nothing
      int size = m == 0 || constant(masked) ? 0 : TopK.selectInto(masked, m, depth, ItemFilter.ALL, t, topScores);
      topSize[ch] = size;
      for (int k = 0; k < size; k++) {
        r[t[k]] = k + 1;
        union.set(t[k]);
      }
    }
    int n = 0;
    for (int i = union.nextSetBit(0); i >= 0; i = union.nextSetBit(i + 1)) {
      candidates[n++] = i;
    }
    numCandidates = n;
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

  /** Position of {@code item} among the candidates, or a negative number. */
  int candidateIndex(int item) {
    return Arrays.binarySearch(candidates, 0, numCandidates, item);
  }

  /**
   * The best-first order of the candidates by {@link #fused}: higher first, then the smaller item.
   * Returns positions into {@link #candidates}.
   */
  int[] order() {
    long[] keys = new long[numCandidates];
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

  /**
   * The free lists of one fused model: a few slots, taken and given back without locks or
   * allocation (as the engine's request scorer pools its score arrays); when all are taken a
   * request sizes new lists, and a surplus one is dropped. Thread-safe.
   */
  static final class Pool {
    private final int channels;
    private final int numItems;
    private final int depth;
    private final AtomicReferenceArray<ChannelLists> free;

    Pool(int channels, int numItems, int depth) {
      this.channels = channels;
      this.numItems = numItems;
      this.depth = depth;
      this.free = new AtomicReferenceArray<>(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    /** Free lists (or new ones), owned by the caller until {@link #give}. */
    ChannelLists take() {
      for (int k = 0; k < free.length(); k++) {
        ChannelLists l = free.getAndSet(k, null);
        if (l != null) {
          return l;
        }
      }
      return new ChannelLists(channels, numItems, depth);
    }

    /** Gives back lists from {@link #take}; the caller keeps no reference to them or their arrays. */
    void give(ChannelLists lists) {
      for (int k = 0; k < free.length(); k++) {
        if (free.compareAndSet(k, null, lists)) {
          return;
        }
      }
    }
  }
}

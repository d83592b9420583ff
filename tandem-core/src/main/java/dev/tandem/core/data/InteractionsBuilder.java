package dev.tandem.core.data;

import dev.tandem.core.kernel.SparseMatrix;
import it.unimi.dsi.fastutil.floats.FloatArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects weighted events and builds {@link Interactions}. Events of the same (user, item)
 * pair are summed (in double, then clamped to ±{@value FeedbackWeights#MAX_STRENGTH}, so no number
 * of events can overflow); pairs whose sum is not positive are dropped. Not thread-safe; single use.
 */
public final class InteractionsBuilder {
  private final IdIndex items;
  private final Object2IntOpenHashMap<String> userSlots = new Object2IntOpenHashMap<>();
  private final List<String> userIds = new ArrayList<>();
  private final IntArrayList userCol = new IntArrayList();
  private final IntArrayList itemCol = new IntArrayList();
  private final FloatArrayList weightCol = new FloatArrayList();
  private final LongArrayList timeCol = new LongArrayList();
  private boolean built;

  InteractionsBuilder(IdIndex items) {
    this.items = items;
    userSlots.defaultReturnValue(-1);
  }

  /**
   * Adds one event.
   *
   * @param user external user id
   * @param item dense item index in the builder's item index
   * @param weight the event's weight (negative for negative feedback)
   * @param timestamp epoch seconds, or 0 when unknown
   */
  public InteractionsBuilder add(String user, int item, float weight, long timestamp) {
    if (item < 0 || item >= items.size()) {
      throw new IllegalArgumentException("item (" + item + ") must be in [0, " + items.size() + ")");
    }
    if (!Float.isFinite(weight)) {
      throw new IllegalArgumentException("weight (" + weight + ") must be finite");
    }
    int slot = userSlots.getInt(user);
    if (slot < 0) {
      slot = userIds.size();
      userSlots.put(user, slot);
      userIds.add(user);
    }
    userCol.add(slot);
    itemCol.add(item);
    weightCol.add(weight);
    timeCol.add(timestamp);
    return this;
  }

  /** Adds one event by external item id. */
  public InteractionsBuilder add(String user, String item, float weight, long timestamp) {
    return add(user, items.require(item, "item"), weight, timestamp);
  }

  /** Builds the matrix: users in ascending id order, pairs summed, non-positive pairs dropped. */
  public Interactions build() {
    if (built) {
      throw new IllegalStateException("build() was already called");
    }
    built = true;
    IdIndex users = IdIndex.of(userIds);
    int[] rowOfSlot = new int[userIds.size()];
    for (int s = 0; s < rowOfSlot.length; s++) {
      rowOfSlot[s] = users.indexOf(userIds.get(s));
    }
    int n = userCol.size();
    int numItems = items.size();
    // sort event positions by (row, item), stable by insertion order
    int[] order = sortByKey(n, rowOfSlot, numItems);
    int[] rowPtr = new int[users.size() + 1];
    IntArrayList cols = new IntArrayList();
    FloatArrayList vals = new FloatArrayList();
    LongArrayList times = new LongArrayList();
    int e = 0;
    while (e < n) {
      int first = order[e];
      int row = rowOfSlot[userCol.getInt(first)];
      int item = itemCol.getInt(first);
      double sum = 0;
      long last = Long.MIN_VALUE;
      while (e < n && rowOfSlot[userCol.getInt(order[e])] == row && itemCol.getInt(order[e]) == item) {
        sum += weightCol.getFloat(order[e]);
        last = Math.max(last, timeCol.getLong(order[e]));
        e++;
      }
      if (sum > 0) {
        rowPtr[row + 1]++;
        cols.add(item);
        vals.add((float) FeedbackWeights.clamp(sum));
        times.add(last);
      }
    }
    for (int r = 0; r < users.size(); r++) {
      rowPtr[r + 1] += rowPtr[r];
    }
    SparseMatrix m = new SparseMatrix(users.size(), numItems, rowPtr, cols.toIntArray(), vals.toFloatArray());
    return new Interactions(users, items, m, times.toLongArray());
  }

  private int[] sortByKey(int n, int[] rowOfSlot, int numItems) {
    long[] packed = new long[n];
    // (row * numItems + item) fits in 63 bits for any realistic size; the event position breaks ties
    for (int e = 0; e < n; e++) {
      long cell = (long) rowOfSlot[userCol.getInt(e)] * numItems + itemCol.getInt(e);
      packed[e] = cell;
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    it.unimi.dsi.fastutil.ints.IntArrays.mergeSort(order, (a, b) -> Long.compare(packed[a], packed[b]));
    return order;
  }
}

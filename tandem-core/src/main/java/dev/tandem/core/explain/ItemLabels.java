package dev.tandem.core.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lower-case categories and tags of every item, by dense index, in ascending label order.
 * Immutable and thread-safe.
 */
public final class ItemLabels {
  /** No labels for any item. */
  public static final ItemLabels NONE = new ItemLabels(new String[0], new int[] {0}, new int[0]);

  private final String[] names;
  private final int[] ptr;
  private final int[] ids;

  private ItemLabels(String[] names, int[] ptr, int[] ids) {
    this.names = names;
    this.ptr = ptr;
    this.ids = ids;
  }

  /**
   * From label → items bitsets (e.g. a serving snapshot's label index) over {@code numItems}
   * items; labels are lower-cased and merged.
   *
   * @throws IllegalArgumentException if {@code numItems < 0}
   */
  public static ItemLabels of(Map<String, BitSet> byLabel, int numItems) {
    if (numItems < 0) {
      throw new IllegalArgumentException("numItems (" + numItems + ") must be >= 0");
    }
    TreeMap<String, BitSet> sorted = new TreeMap<>();
    byLabel.forEach((l, b) -> sorted.computeIfAbsent(l.toLowerCase(Locale.ROOT), k -> new BitSet()).or(b));
    String[] names = sorted.keySet().toArray(new String[0]);
    int[] counts = new int[numItems + 1];
    int l = 0;
    for (BitSet b : sorted.values()) {
      for (int i = b.nextSetBit(0); i >= 0 && i < numItems; i = b.nextSetBit(i + 1)) {
        counts[i + 1]++;
      }
      l++;
    }
    for (int i = 0; i < numItems; i++) {
      counts[i + 1] += counts[i];
    }
    int[] ptr = counts;
    int[] next = Arrays.copyOf(ptr, numItems);
    int[] ids = new int[ptr[numItems]];
    l = 0;
    for (BitSet b : sorted.values()) {
      for (int i = b.nextSetBit(0); i >= 0 && i < numItems; i = b.nextSetBit(i + 1)) {
        ids[next[i]++] = l;
      }
      l++;
    }
    return new ItemLabels(names, ptr, ids);
  }

  /** From per-item label lists (index = dense item index). */
  public static ItemLabels of(List<? extends List<String>> perItem) {
    Map<String, BitSet> byLabel = new TreeMap<>();
    for (int i = 0; i < perItem.size(); i++) {
      for (String l : perItem.get(i)) {
        byLabel.computeIfAbsent(l.toLowerCase(Locale.ROOT), k -> new BitSet()).set(i);
      }
    }
    return of(byLabel, perItem.size());
  }

  /** Number of items covered (items beyond have no labels). */
  public int numItems() {
    return ptr.length - 1;
  }

  /** The labels of {@code item}, ascending; empty for items outside the index. */
  public List<String> of(int item) {
    if (item < 0 || item >= numItems()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(ptr[item + 1] - ptr[item]);
    for (int p = ptr[item]; p < ptr[item + 1]; p++) {
      out.add(names[ids[p]]);
    }
    return out;
  }

  /** Whether {@code item} carries {@code label} (lower-case). */
  public boolean has(int item, String label) {
    if (item < 0 || item >= numItems()) {
      return false;
    }
    for (int p = ptr[item]; p < ptr[item + 1]; p++) {
      if (names[ids[p]].equals(label)) {
        return true;
      }
    }
    return false;
  }

  /** Number of distinct labels (label ids are 0 .. numLabels-1, in ascending label order). */
  public int numLabels() {
    return names.length;
  }

  /** The label of id {@code id}. */
  public String name(int id) {
    return names[id];
  }

  /** How many labels {@code item} has (0 for items outside the index). */
  public int count(int item) {
    return item < 0 || item >= numItems() ? 0 : ptr[item + 1] - ptr[item];
  }

  /** The id of {@code item}'s {@code k}-th label (ascending), {@code k < count(item)}. */
  public int labelId(int item, int k) {
    return ids[ptr[item] + k];
  }

  /** Every label, ascending. */
  public List<String> labels() {
    return List.of(names);
  }
}

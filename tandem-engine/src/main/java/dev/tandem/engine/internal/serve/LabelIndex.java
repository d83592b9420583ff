package dev.tandem.engine.internal.serve;

import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.Quote;
import dev.tandem.core.explain.ItemLabels;
import dev.tandem.core.model.ItemFilter;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The labels of a serving snapshot's items: which items carry each label, with the one definition
 * of an item's labels ({@link #labelsOf}) that category filters, {@code ask}, explanations,
 * fresh items and evaluation all use.
 *
 * <p>Guarantees: immutable once built and thread-safe. The bit sets it returns are shared: callers
 * must not modify them (clone first).
 */
public final class LabelIndex {
  private final int numItems;
  private final Map<String, BitSet> byLabel;
  private final Map<String, Integer> counts;
  private final ItemLabels itemLabels;

  private LabelIndex(int numItems, Map<String, BitSet> byLabel) {
    this.numItems = numItems;
    this.byLabel = Collections.unmodifiableMap(byLabel);
    Map<String, Integer> c = new TreeMap<>();
    byLabel.forEach((k, v) -> c.put(k, v.cardinality()));
    this.counts = Collections.unmodifiableMap(c);
    this.itemLabels = ItemLabels.of(byLabel, numItems);
  }

  /**
   * The labels of {@code item}: its categories, then its tags, each lower-cased ({@link Locale#ROOT})
   * and stripped, blanks and repeats dropped, in that order.
   */
  public static Set<String> labelsOf(Item item) {
    Set<String> out = new LinkedHashSet<>();
    for (String c : item.categories()) {
      out.add(normalise(c));
    }
    for (String t : item.tags()) {
      out.add(normalise(t));
    }
    out.remove("");
    return out;
  }

  /** {@code label} as labels are indexed: lower-cased ({@link Locale#ROOT}) and stripped. */
  public static String normalise(String label) {
    return label.toLowerCase(Locale.ROOT).strip();
  }

  /** Collects the labels of the items of one index; not thread-safe, used once. */
  public static final class Builder {
    private final IdIndex items;
    private final Map<String, BitSet> byLabel = new HashMap<>();

    /** A builder over {@code items}. */
    public Builder(IdIndex items) {
      this.items = items;
    }

    /** Adds {@code item}'s labels when it is in the index; items outside it are ignored. */
    public Builder add(Item item) {
      int i = items.indexOf(item.id());
      if (i >= 0) {
        for (String l : labelsOf(item)) {
          byLabel.computeIfAbsent(l, k -> new BitSet(items.size())).set(i);
        }
      }
      return this;
    }

    /** The index. */
    public LabelIndex build() {
      return new LabelIndex(items.size(), new HashMap<>(byLabel));
    }
  }

  /** Number of items of the index. */
  public int numItems() {
    return numItems;
  }

  /** The items carrying {@code label} (normalised), or null when no item does; do not modify. */
  public BitSet items(String label) {
    return byLabel.get(label);
  }

  /** Whether some item carries {@code label} (normalised). */
  public boolean contains(String label) {
    return byLabel.containsKey(label);
  }

  /** Each label with the items carrying it; do not modify the bit sets. */
  public Map<String, BitSet> byLabel() {
    return byLabel;
  }

  /** Each label with how many items carry it, in label order. */
  public Map<String, Integer> counts() {
    return counts;
  }

  /** The same labels per item, for explanations. */
  public ItemLabels itemLabels() {
    return itemLabels;
  }

  /**
   * The items of {@code category} (any case and surrounding spaces) as a filter; {@link ItemFilter#ALL}
   * when {@code category} is null.
   *
   * @throws IllegalArgumentException if no item carries it
   */
  public ItemFilter filter(String category) {
    if (category == null) {
      return ItemFilter.ALL;
    }
    BitSet b = byLabel.get(normalise(category));
    if (b == null) {
      throw new IllegalArgumentException("category (" + Quote.of(category) + ") matches no item's categories or tags");
    }
    return ItemFilter.of(b);
  }
}

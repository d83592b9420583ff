package dev.tandem.core.model;

import java.util.BitSet;

/**
 * Which items may be returned. Never null: use {@link #ALL} for "no restriction".
 * Implementations must be thread-safe and cheap: they run once per candidate item.
 */
@FunctionalInterface
public interface ItemFilter {

  /** Accepts every item. */
  ItemFilter ALL = item -> true;

  /** Whether dense item index {@code item} may be returned. */
  boolean accept(int item);

  /** Only the items whose bit is set in {@code allowed} (copied). */
  static ItemFilter of(BitSet allowed) {
    BitSet copy = (BitSet) allowed.clone();
    return copy::get;
  }

  /** Every item except those whose bit is set in {@code excluded} (copied). */
  static ItemFilter excluding(BitSet excluded) {
    BitSet copy = (BitSet) excluded.clone();
    return item -> !copy.get(item);
  }

  /** Items accepted by both this filter and {@code other}. */
  default ItemFilter and(ItemFilter other) {
    if (this == ALL) {
      return other;
    }
    if (other == ALL) {
      return this;
    }
    return item -> accept(item) && other.accept(item);
  }
}

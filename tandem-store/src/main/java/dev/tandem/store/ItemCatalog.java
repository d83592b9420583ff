package dev.tandem.store;

import dev.tandem.core.data.Item;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The item catalogue port. Thread-safe. */
public interface ItemCatalog {

  /**
   * Inserts new items and replaces every field of existing ones (matched by id), in one
   * transaction. An item first created bare by feedback is filled in this way.
   *
   * @return the number of items that were new
   */
  int upsert(Collection<Item> items);

  /** The item with this id, or empty. */
  Optional<Item> get(String id);

  /**
   * A page of items in ascending id order.
   *
   * @throws IllegalArgumentException if offset < 0 or limit < 0
   */
  List<Item> list(int offset, int limit);

  /** The items with the given ids that exist, keyed by id (ids not found are absent). */
  Map<String, Item> getAll(Collection<String> ids);

  /** Number of items. */
  int count();

  /**
   * Deletes an item and every feedback event on it. To retire an item but keep the history
   * that mentions it, upsert it with {@code available = false} instead.
   *
   * @return whether the item existed
   */
  boolean delete(String id);

  /** Streams every item in ascending id order without holding them all in memory. */
  void forEach(Consumer<Item> action);

  /**
   * Streams, in ascending id order, the stored items that the current rules reject (written by an
   * older version or by hand). Every read of this port treats them alike: an item whose id breaks
   * the id policy is skipped (absent from {@link #get}, {@link #list}, {@link #getAll} and
   * {@link #forEach}; {@link #count} counts rows, so it includes them); an item with a valid id
   * whose content is over a limit is returned cut to the limits ({@link dev.tandem.core.data.Limits#cut}).
   */
  void forEachInvalid(Consumer<InvalidRecord> action);
}

package dev.tandem.store;

import dev.tandem.core.data.Item;
import dev.tandem.core.data.User;

/**
 * One write transaction for many rows: what importers use. Not thread-safe; use from one
 * thread. Nothing is visible to readers until {@link #commit()}; {@link #close()} without a
 * commit rolls everything back, leaving the store exactly as it was.
 */
public interface BulkLoad extends AutoCloseable {

  /**
   * Inserts the item or replaces every field of the existing one with that id.
   *
   * @return true if the item was new
   */
  boolean putItem(Item item);

  /**
   * Inserts the user or replaces attributes and profile of the existing one.
   *
   * @return true if the user was new
   */
  boolean putUser(User user);

  /**
   * Writes one feedback event (batched), creating a bare user or item for unknown ids. An event
   * with the same (user, item, type, timestamp) as an existing one replaces its value.
   */
  void feedback(String user, String item, String type, double value, long timestamp);

  /**
   * Commits everything written so far.
   *
   * @return what the load changed
   * @throws IllegalStateException if already committed or closed
   */
  Counts commit();

  /** Rolls back unless committed, and frees the write side. Idempotent. */
  @Override
  void close();

  /**
   * What a bulk load changed.
   *
   * @param itemsInserted items that were new (including bare items created by feedback)
   * @param itemsUpdated existing items that were replaced
   * @param usersInserted users that were new (including bare users created by feedback)
   * @param usersUpdated existing users that were replaced
   * @param feedbackInserted feedback rows added
   * @param feedbackReplaced feedback events that replaced an identical (user, item, type, ts)
   *     event, either already stored or written earlier in the same load
   */
  record Counts(long itemsInserted, long itemsUpdated, long usersInserted, long usersUpdated,
      long feedbackInserted, long feedbackReplaced) {}
}

package dev.tandem.store;

import dev.tandem.core.data.Feedback;
import java.util.Collection;
import java.util.List;

/**
 * The feedback log port. Thread-safe.
 *
 * <p>An event is identified by (user, item, type, timestamp): writing the same event again
 * replaces its value (the last write wins) instead of adding a row, so re-importing the same
 * data is idempotent. Feedback on an unknown user or item creates a bare one (id only; items
 * get an empty title and are available).
 */
public interface FeedbackLog {

  /**
   * Appends events in one transaction. Each event's value must be in its type's range under the
   * store's {@linkplain Store#open(java.nio.file.Path, dev.tandem.core.data.FeedbackWeights) feedback
   * rules} (ids, type name, finiteness and timestamp are checked by {@link Feedback} itself).
   *
   * @throws IllegalArgumentException naming the first event out of range, e.g. {@code feedback[3]
   *     (user "u1", item "i9", type click): value (1.0E308) must be in [-1000, 1000]
   *     (feedback.value_ranges.click)}; nothing is written then
   * @return the number of new rows (events that replaced an identical (user, item, type,
   *     timestamp) event are not counted)
   */
  int append(Collection<Feedback> events);

  /**
   * A user's events in time order, then in insertion order; empty for an unknown user. Stored rows
   * that cannot be a {@link Feedback} (written before the current rules: an invalid item id, a
   * non-finite value, a timestamp out of range) are left out.
   */
  List<Feedback> history(String user);

  /**
   * The user's most recent {@code limit} events (by time, then insertion), in time order: what
   * serving reads, so that however many events a user gathers, one request reads a bounded number.
   * All of them when there are fewer. Rows older than the current rules are left out as in
   * {@link #history(String)}.
   *
   * @throws IllegalArgumentException if {@code limit} < 1
   */
  List<Feedback> history(String user, int limit);

  /** How many events {@code user} has stored (0 for an unknown user), counted without reading them. */
  long countOf(String user);

  /**
   * Streams every event in insertion order, as stored (rows written before the current rules may
   * break them; see {@link #scanRows}). Ids are resolved from in-memory tables, so this costs about
   * a microsecond per row. The visitor must not write to this store.
   */
  void scan(FeedbackVisitor visitor);

  /**
   * Streams every event in insertion order with its row id, as stored: rows written before the
   * current rules may break them. Costs what {@link #scan} costs. The visitor must not write to
   * this store.
   */
  void scanRows(FeedbackRowVisitor visitor);

  /**
   * Deletes the events with these row ids (from {@link #scanRows}) in one transaction; ids that
   * do not exist are ignored.
   *
   * @return the number of events deleted
   */
  int delete(Collection<Long> ids);

  /** Number of events. */
  long count();

  /** Number of distinct users with at least one event. */
  long countUsers();
}

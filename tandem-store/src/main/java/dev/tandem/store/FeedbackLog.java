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
   * Appends events in one transaction.
   *
   * @return the number of new rows (events that replaced an identical (user, item, type,
   *     timestamp) event are not counted)
   */
  int append(Collection<Feedback> events);

  /**
   * A user's events in time order, then in insertion order; empty for an unknown user.
   */
  List<Feedback> history(String user);

  /**
   * Streams every event in insertion order. Ids are resolved from in-memory tables, so this
   * costs about a microsecond per row. The visitor must not write to this store.
   */
  void scan(FeedbackVisitor visitor);

  /** Number of events. */
  long count();

  /** Number of distinct users with at least one event. */
  long countUsers();
}

package dev.tandem.store;

/**
 * Receives feedback rows one by one with their row ids from {@link FeedbackLog#scanRows}; no
 * record per row.
 */
@FunctionalInterface
public interface FeedbackRowVisitor {

  /**
   * One stored feedback event, as stored (it may break rules added after it was written: check it
   * before use, e.g. with {@link dev.tandem.core.data.FeedbackWeights#problemOf}).
   *
   * @param id the event's row id: stable, ascending in insertion order, and what
   *     {@link FeedbackLog#delete} takes
   * @param user external user id
   * @param item external item id
   * @param type feedback type
   * @param value the event's value
   * @param timestamp epoch seconds (0 when unknown; a position for sources that only give order)
   */
  void accept(long id, String user, String item, String type, double value, long timestamp);
}

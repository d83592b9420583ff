package dev.tandem.store;

/** Receives feedback rows one by one from {@link FeedbackLog#scan}; no record per row. */
@FunctionalInterface
public interface FeedbackVisitor {

  /**
   * One feedback event.
   *
   * @param user external user id
   * @param item external item id
   * @param type feedback type
   * @param value the event's value
   * @param timestamp epoch seconds (0 when unknown; a position for sources that only give order)
   */
  void accept(String user, String item, String type, double value, long timestamp);
}

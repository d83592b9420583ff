package dev.tandem.store.imports;

import java.util.List;
import java.util.Locale;

/**
 * What an import read and changed. Immutable.
 *
 * @param source format and input, e.g. "goodbooks /data/goodbooks-10k"
 * @param itemsRead item rows read from the input
 * @param usersRead user rows read from the input
 * @param feedbackRead feedback events read (and written) from the input
 * @param itemsInserted items that were new, including bare items created for feedback
 * @param itemsUpdated items that existed and were replaced
 * @param usersInserted users that were new, including bare users created for feedback
 * @param usersUpdated users that existed and were replaced
 * @param feedbackInserted feedback rows added
 * @param feedbackReplaced events that replaced a stored event with the same (user, item, type,
 *     timestamp): duplicates in the input, or events already stored by an earlier import
 * @param badRows malformed rows skipped (at most the {@code maxBadRows} option)
 * @param badRowMessages the first few (up to 10) bad rows' messages
 * @param seconds wall time of the whole import, commit included
 */
public record ImportSummary(String source, long itemsRead, long usersRead, long feedbackRead, long itemsInserted,
    long itemsUpdated, long usersInserted, long usersUpdated, long feedbackInserted, long feedbackReplaced,
    long badRows, List<String> badRowMessages, double seconds) {

  /** Copies the message list. */
  public ImportSummary {
    badRowMessages = List.copyOf(badRowMessages);
  }

  /** A one-line human-readable summary. */
  public String describe() {
    return String.format(Locale.ROOT,
        "%s: %,d items (%,d new, %,d updated), %,d users (%,d new, %,d updated), %,d feedback (%,d new, %,d replaced),"
            + " %,d bad rows skipped, %.2f s",
        source, itemsRead, itemsInserted, itemsUpdated, usersRead, usersInserted, usersUpdated, feedbackRead,
        feedbackInserted, feedbackReplaced, badRows, seconds);
  }
}

package dev.tandem.engine;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a training run did.
 *
 * @param version the new snapshot's version
 * @param file where it was written
 * @param users users with at least one positive interaction
 * @param items items in the index (the whole catalogue)
 * @param interactions positive (user, item) pairs trained on
 * @param events feedback events read
 * @param skippedEvents events of feedback types not in the configuration (ignored)
 * @param loadSeconds time to read the feedback and build the matrix
 * @param fitSeconds fit time of each model, in training order
 * @param writeSeconds time to write the snapshot
 * @param snapshotBytes size of the snapshot file
 * @param invalid events skipped by reason, with sample row ids: unconfigured types, and events that
 *     break the current rules (invalid ids, non-finite or out-of-range values, timestamps out of
 *     range), which training never fails on ({@link InvalidEvents#NONE} when none)
 */
public record TrainReport(long version, Path file, int users, int items, long interactions, long events,
    long skippedEvents, double loadSeconds, Map<String, Double> fitSeconds, double writeSeconds, long snapshotBytes,
    InvalidEvents invalid) {
  public TrainReport {
    fitSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(fitSeconds));
    if (invalid == null) {
      throw new IllegalArgumentException("invalid must not be null; use InvalidEvents.NONE");
    }
  }

  /** A report without skipped invalid events. */
  public TrainReport(long version, Path file, int users, int items, long interactions, long events,
      long skippedEvents, double loadSeconds, Map<String, Double> fitSeconds, double writeSeconds, long snapshotBytes) {
    this(version, file, users, items, interactions, events, skippedEvents, loadSeconds, fitSeconds, writeSeconds,
        snapshotBytes, InvalidEvents.NONE);
  }
}

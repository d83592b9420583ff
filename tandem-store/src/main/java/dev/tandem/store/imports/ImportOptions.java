package dev.tandem.store.imports;

import dev.tandem.core.data.FeedbackWeights;

/**
 * Options shared by all importers. Immutable.
 *
 * @param weights the configured feedback types; an event of a type not configured here is a bad
 *     row (default {@link FeedbackWeights#DEFAULT}: purchase, like, rating, click, view, dislike)
 * @param maxBadRows how many malformed rows to skip (listed in the summary) before failing; the
 *     row after that fails the whole import (default 0: the first bad row fails)
 * @param progress receives progress (default {@link ProgressListener#NONE})
 */
public record ImportOptions(FeedbackWeights weights, int maxBadRows, ProgressListener progress) {

  /** Default options: default feedback weights, no bad rows allowed, no progress. */
  public static final ImportOptions DEFAULT = new ImportOptions(FeedbackWeights.DEFAULT, 0, ProgressListener.NONE);

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException if maxBadRows < 0 or an argument is null
   */
  public ImportOptions {
    if (weights == null) {
      throw new IllegalArgumentException("weights must not be null; pass FeedbackWeights.DEFAULT");
    }
    if (progress == null) {
      throw new IllegalArgumentException("progress must not be null; pass ProgressListener.NONE");
    }
    if (maxBadRows < 0) {
      throw new IllegalArgumentException("maxBadRows (" + maxBadRows + ") must be >= 0");
    }
  }

  /** A copy with other feedback weights. */
  public ImportOptions withWeights(FeedbackWeights w) {
    return new ImportOptions(w, maxBadRows, progress);
  }

  /** A copy that skips up to {@code n} bad rows. */
  public ImportOptions withMaxBadRows(int n) {
    return new ImportOptions(weights, n, progress);
  }

  /** A copy reporting progress to {@code listener}. */
  public ImportOptions withProgress(ProgressListener listener) {
    return new ImportOptions(weights, maxBadRows, listener);
  }
}

package dev.tandem.engine;

import dev.tandem.core.data.Quote;

/**
 * A predicted explicit rating ({@link Tandem#predict}): what {@code model} predicts {@code user}
 * would rate {@code item}, from the user's stored ratings folded in at request time.
 *
 * <p>Immutable.
 *
 * @param user the user id
 * @param item the item id
 * @param rating the prediction, finite and clamped to the rating scale seen in training
 * @param model the rating model that predicted
 * @param ratingsUsed how many of the user's ratings (distinct items of the snapshot, the latest
 *     rating of each) were folded in; 0 when the user has none
 * @param reason why the answer is a fallback, "" when it is not: a user without ratings gets the
 *     model's baseline for the item (global mean plus item bias)
 * @param snapshotVersion the snapshot the model came from
 */
public record PredictResult(String user, String item, double rating, String model, int ratingsUsed, String reason,
    long snapshotVersion) {

  public PredictResult {
    if (!Double.isFinite(rating)) {
      throw new IllegalArgumentException("rating (" + rating + ") of item " + Quote.of(item) + " must be finite");
    }
    if (ratingsUsed < 0) {
      throw new IllegalArgumentException("ratingsUsed (" + ratingsUsed + ") must be >= 0");
    }
    if (reason == null) {
      throw new IllegalArgumentException("reason must not be null; use \"\" for none");
    }
  }

  /** Whether the prediction is a fallback (see {@link #reason()}). */
  public boolean fallback() {
    return !reason.isEmpty();
  }
}

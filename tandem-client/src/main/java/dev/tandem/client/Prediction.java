package dev.tandem.client;

/**
 * A predicted rating as {@link TandemClient#predict} returns it.
 *
 * @param user the user's id
 * @param item the item's id
 * @param rating the predicted rating, on the rating scale seen in training
 * @param model the rating model that predicted
 * @param ratingsUsed how many of the user's ratings were folded in
 * @param fallback whether the user had no ratings, so the model's baseline answered
 * @param fallbackReason why the fallback answered ("" when not a fallback)
 * @param snapshotVersion the snapshot the model came from
 */
public record Prediction(String user, String item, double rating, String model, int ratingsUsed, boolean fallback,
    String fallbackReason, long snapshotVersion) {

  /** Null text becomes "". */
  public Prediction {
    fallbackReason = Checks.orEmpty(fallbackReason);
  }
}

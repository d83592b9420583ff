package dev.tandem.engine;

import java.util.List;

/**
 * The answer to a recommend or similar call.
 *
 * @param items best first
 * @param model the model that produced the list
 * @param historySize how many usable history events the user had (0 for similar)
 * @param fallback true when the requested model could not score this user (no usable history) and
 *     popularity answered instead
 * @param snapshotVersion the snapshot the models came from
 */
public record RecommendResult(List<Recommendation> items, String model, int historySize, boolean fallback,
    long snapshotVersion) {
  public RecommendResult {
    items = List.copyOf(items);
  }
}

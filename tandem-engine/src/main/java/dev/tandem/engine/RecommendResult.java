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
 * @param intro a short personalised introduction to the list when explanations were asked for
 *     ({@link Tandem#explain}), else ""
 */
public record RecommendResult(List<Recommendation> items, String model, int historySize, boolean fallback,
    long snapshotVersion, String intro) {
  public RecommendResult {
    items = List.copyOf(items);
    intro = intro == null ? "" : intro;
  }

  /** A result without an introduction. */
  public RecommendResult(List<Recommendation> items, String model, int historySize, boolean fallback,
      long snapshotVersion) {
    this(items, model, historySize, fallback, snapshotVersion, "");
  }
}

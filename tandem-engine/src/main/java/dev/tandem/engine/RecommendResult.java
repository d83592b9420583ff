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
 * @param reranked true when a chat model reordered the list ({@code [chat] rerank = true})
 * @param rerankProblem why the model's order was kept although a chat rerank was tried (e.g. "chat
 *     model failed (TIMEOUT)"); {@code ""} when reranked or when no rerank was tried
 */
public record RecommendResult(List<Recommendation> items, String model, int historySize, boolean fallback,
    long snapshotVersion, String intro, boolean reranked, String rerankProblem) {
  /** Copies the list; a null intro or problem becomes "". */
  public RecommendResult {
    items = List.copyOf(items);
    intro = intro == null ? "" : intro;
    rerankProblem = rerankProblem == null ? "" : rerankProblem;
  }

  /** A result with an introduction, not reranked. */
  public RecommendResult(List<Recommendation> items, String model, int historySize, boolean fallback,
      long snapshotVersion, String intro) {
    this(items, model, historySize, fallback, snapshotVersion, intro, false, "");
  }

  /** This result with {@code intro} as its introduction. */
  public RecommendResult withIntro(String intro) {
    return new RecommendResult(items, model, historySize, fallback, snapshotVersion, intro, reranked, rerankProblem);
  }

  /** A result without an introduction. */
  public RecommendResult(List<Recommendation> items, String model, int historySize, boolean fallback,
      long snapshotVersion) {
    this(items, model, historySize, fallback, snapshotVersion, "");
  }
}

package dev.tandem.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The answer to a recommend or similar call.
 *
 * @param items best first
 * @param model the model that produced the list
 * @param historySize how many usable history events the user had (0 for similar)
 * @param fallback true when the answer did not come from the requested model (or, when none was
 *     named, the configured {@code recommend.model}), or when it ignored the profile text it was given
 *     because no model of the snapshot could read it: {@code fallbackReason} says why
 * @param snapshotVersion the snapshot the models came from
 * @param intro a short personalised introduction to the list when explanations were asked for
 *     ({@link Tandem#explain}), else ""
 * @param reranked true when a chat model reordered the list ({@code [chat] rerank = true})
 * @param rerankProblem why the model's order was kept although a chat rerank was tried (e.g. "chat
 *     model failed (TIMEOUT)"); {@code ""} when reranked or when no rerank was tried
 * @param fallbackReason why {@code model} answered instead of the requested or configured one
 *     (e.g. "the history has no events model ease can use"); {@code ""} unless {@code fallback}
 * @param cutShort the optional steps skipped because the request's {@link Deadline} was too close
 *     (e.g. "chat rerank"), in order; empty when nothing was cut
 * @param basis the history and serving snapshot the list was computed from, which
 *     {@link Tandem#explain(RecommendResult, dev.tandem.llm.explain.Language, List, Deadline)} reads;
 *     not part of the value ({@link Basis#equals}), never rendered
 */
public record RecommendResult(List<Recommendation> items, String model, int historySize, boolean fallback,
    long snapshotVersion, String intro, boolean reranked, String rerankProblem, String fallbackReason,
    List<String> cutShort, Basis basis) {
  /** The step {@link #cutShort()} names when a chat rerank was skipped for lack of time. */
  public static final String CUT_RERANK = "chat rerank";
  /** The step {@link #cutShort()} names when chat explanations gave way to templates for lack of time. */
  public static final String CUT_CHAT_EXPLANATIONS = "chat explanations";

  /** Copies the lists; a null intro, problem or reason becomes "". */
  public RecommendResult {
    items = List.copyOf(items);
    intro = intro == null ? "" : intro;
    rerankProblem = rerankProblem == null ? "" : rerankProblem;
    fallbackReason = fallbackReason == null ? "" : fallbackReason;
    cutShort = List.copyOf(cutShort);
    basis = Objects.requireNonNull(basis, "basis (use Basis.NONE)");
    if (fallback && fallbackReason.isEmpty()) {
      throw new IllegalArgumentException("a fallback answer needs a fallbackReason");
    }
  }

  /** A result without a {@link Basis} (explaining it needs the history). */
  public RecommendResult(List<Recommendation> items, String model, int historySize, boolean fallback,
      long snapshotVersion, String intro, boolean reranked, String rerankProblem, String fallbackReason,
      List<String> cutShort) {
    this(items, model, historySize, fallback, snapshotVersion, intro, reranked, rerankProblem, fallbackReason,
        cutShort, Basis.NONE);
  }

  /** A result without fallback reason (so not a fallback) and nothing cut short. */
  public RecommendResult(List<Recommendation> items, String model, int historySize, boolean fallback,
      long snapshotVersion, String intro, boolean reranked, String rerankProblem) {
    this(items, model, historySize, fallback, snapshotVersion, intro, reranked, rerankProblem, "", List.of());
  }

  /** A result with an introduction, not reranked. */
  public RecommendResult(List<Recommendation> items, String model, int historySize, boolean fallback,
      long snapshotVersion, String intro) {
    this(items, model, historySize, fallback, snapshotVersion, intro, false, "");
  }

  /** This result with {@code intro} as its introduction. */
  public RecommendResult withIntro(String intro) {
    return new RecommendResult(items, model, historySize, fallback, snapshotVersion, intro, reranked, rerankProblem,
        fallbackReason, cutShort, basis);
  }

  /** This result with {@code items} instead (same order of meaning: best first), the rest kept. */
  public RecommendResult withItems(List<Recommendation> items) {
    return new RecommendResult(items, model, historySize, fallback, snapshotVersion, intro, reranked, rerankProblem,
        fallbackReason, cutShort, basis);
  }

  /** This result with the chat rerank's outcome. */
  public RecommendResult withRerank(List<Recommendation> items, boolean reranked, String rerankProblem) {
    return new RecommendResult(items, model, historySize, fallback, snapshotVersion, intro, reranked, rerankProblem,
        fallbackReason, cutShort, basis);
  }

  /** This result marked as answered by a fallback, for {@code reason}. */
  public RecommendResult asFallback(String reason) {
    return new RecommendResult(items, model, historySize, true, snapshotVersion, intro, reranked, rerankProblem,
        reason, cutShort, basis);
  }

  /** This result noting that {@code step} was skipped for lack of time. */
  public RecommendResult withCutShort(String step) {
    List<String> cut = new ArrayList<>(cutShort);
    cut.add(step);
    return new RecommendResult(items, model, historySize, fallback, snapshotVersion, intro, reranked, rerankProblem,
        fallbackReason, cut, basis);
  }

  /** A result without an introduction. */
  public RecommendResult(List<Recommendation> items, String model, int historySize, boolean fallback,
      long snapshotVersion) {
    this(items, model, historySize, fallback, snapshotVersion, "");
  }
}

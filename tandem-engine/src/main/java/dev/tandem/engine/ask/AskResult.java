package dev.tandem.engine.ask;

import dev.tandem.core.data.Feedback;
import dev.tandem.engine.Basis;
import dev.tandem.engine.Deadline;
import dev.tandem.engine.Tandem;
import dev.tandem.llm.explain.Narrowing;
import dev.tandem.llm.intent.Intent;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The answer to an {@link AskRequest}.
 *
 * @param intent the parsed intent of this turn (before merging with the session)
 * @param effective the intent the items answer: this turn's merged with the session's constraints
 * @param items the best items, best first; every id is a catalogue item
 * @param session the conversation after this turn (shown items, constraints, liked, unwanted)
 * @param feedback the events this turn implies for a user (a liked reference {@code like}, an
 *     unwanted item {@code dislike}, for the types configured); not yet recorded
 * @param personalModel the model of the personalised list ({@code pop} when the history gave nothing)
 * @param matchModel the model of the intent match ({@code semantic} or {@code bm25}), {@code ""} when
 *     there was no query to match
 * @param fallback true when the personalised list is popularity because the user's history was empty
 * @param snapshotVersion the snapshot that answered
 * @param titles the titles of the intent's references, by item id
 * @param relaxed true when fewer than the requested number of items carried every included label,
 *     so items carrying any of them were admitted too (exclusions and ranges always hold)
 * @param asked how many items were asked for: the intent's count, else the request's {@code n}
 * @param matching how many catalogue items meet every hard constraint in force (after relaxing)
 * @param shortfall when {@code items} holds fewer than {@code asked}: each hard constraint in
 *     force (available, each included label or the relaxed any-of, each exclusion, each range,
 *     not seen/turned down/referenced) with how many catalogue items satisfy it alone and how many
 *     satisfy all the others ({@link Narrowing}); empty when the answer is not short
 * @param reranked true when the chat model's order was used ({@code [chat] rerank})
 * @param rerankProblem why the fused order was kept although a rerank was tried; {@code ""} when
 *     reranked or when no rerank was tried (off, or fewer than 2 items)
 * @param fallbackReason why the personal list came from another model than {@code recommend.model};
 *     {@code ""} unless {@code fallback}
 * @param cutShort optional steps skipped because the request's deadline was too close (e.g.
 *     "chat intent parser", "chat rerank"); empty when nothing was cut
 * @param intentSource which parser's intent this turn used: {@value #CHAT} (the chat model's answer,
 *     validated; parts dropped on the way are in {@code intentProblems}), {@value #FALLBACK} (a chat
 *     model is configured for intents, but it failed, answered unusably or had no time, so the
 *     in-process parser answered; {@code intentProblems} says why) or {@value #IN_PROCESS} (no chat
 *     model is used for intents)
 * @param intentProblems what was wrong with the chat model's intent and what was done about it, in
 *     the order found (e.g. "chat model failed (TIMEOUT)"); empty when nothing was
 * @param basis the history (stored events and the conversation's liked items) and the serving
 *     snapshot the answer was computed from, which {@link Tandem#explain(AskResult, Deadline)} reads;
 *     not part of the value ({@link Basis#equals}), never rendered
 */
public record AskResult(Intent intent, Intent effective, List<AskItem> items, Session session, List<Feedback> feedback,
    String personalModel, String matchModel, boolean fallback, long snapshotVersion, Map<String, String> titles,
    boolean relaxed, int asked, int matching, List<Narrowing> shortfall, boolean reranked, String rerankProblem,
    String fallbackReason, List<String> cutShort, String intentSource, List<String> intentProblems, Basis basis) {
  /** The step {@link #cutShort()} names when the chat intent parser was skipped for lack of time. */
  public static final String CUT_CHAT_INTENT = "chat intent parser";
  /** {@link #intentSource()}: the chat model's intent was used. */
  public static final String CHAT = "chat";
  /** {@link #intentSource()}: a chat model is configured for intents, but the in-process parser answered. */
  public static final String FALLBACK = "fallback";
  /** {@link #intentSource()}: the in-process parser answered, and no chat model was asked. */
  public static final String IN_PROCESS = "in-process";

  /** Copies the lists; validates the intent source. */
  public AskResult {
    if (!Set.of(CHAT, FALLBACK, IN_PROCESS).contains(intentSource)) {
      throw new IllegalArgumentException("intentSource (" + intentSource + ") must be one of " + CHAT + ", "
          + FALLBACK + ", " + IN_PROCESS);
    }
    intentProblems = List.copyOf(intentProblems);
    cutShort = List.copyOf(cutShort);
    Objects.requireNonNull(fallbackReason, "fallbackReason");
    if (fallback && fallbackReason.isEmpty()) {
      throw new IllegalArgumentException("a fallback answer needs a fallbackReason");
    }
    items = List.copyOf(items);
    feedback = List.copyOf(feedback);
    titles = Map.copyOf(titles);
    shortfall = List.copyOf(shortfall);
    Objects.requireNonNull(rerankProblem, "rerankProblem");
    Objects.requireNonNull(basis, "basis (use Basis.NONE)");
  }

  /** An answer without a {@link Basis} (it cannot be explained). */
  public AskResult(Intent intent, Intent effective, List<AskItem> items, Session session, List<Feedback> feedback,
      String personalModel, String matchModel, boolean fallback, long snapshotVersion, Map<String, String> titles,
      boolean relaxed, int asked, int matching, List<Narrowing> shortfall, boolean reranked, String rerankProblem,
      String fallbackReason, List<String> cutShort, String intentSource, List<String> intentProblems) {
    this(intent, effective, items, session, feedback, personalModel, matchModel, fallback, snapshotVersion, titles,
        relaxed, asked, matching, shortfall, reranked, rerankProblem, fallbackReason, cutShort, intentSource,
        intentProblems, Basis.NONE);
  }

  /**
   * The constraint that narrowed a short answer most ({@link Narrowing#narrowest}): the one
   * without which most items would match. Empty when the answer is not short, or no single
   * constraint narrowed it.
   */
  public Optional<Narrowing> narrowest() {
    return Narrowing.narrowest(shortfall, matching);
  }
}

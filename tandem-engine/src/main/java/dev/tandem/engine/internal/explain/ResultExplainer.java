package dev.tandem.engine.internal.explain;

import dev.tandem.core.data.History;
import dev.tandem.core.model.Model;
import dev.tandem.engine.Basis;
import dev.tandem.engine.ChatConfig;
import dev.tandem.engine.Deadline;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.ask.AskResult;
import dev.tandem.engine.internal.chat.ChatModels;
import dev.tandem.engine.internal.pipeline.Computed;
import dev.tandem.engine.internal.serve.Serving;
import dev.tandem.engine.internal.serve.ServingSnapshot;
import dev.tandem.llm.chat.ChatModel;
import dev.tandem.llm.chat.ScrubbingChatModel;
import dev.tandem.llm.explain.ChatExplanations;
import dev.tandem.llm.explain.Language;
import dev.tandem.store.Store;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Explains results ({@link ListExplainer}, and {@link AskExplanation} on top for {@code ask}
 * answers) from the history and serving snapshot they were computed from ({@link Basis}), or from
 * a history given with the serving snapshot; writes sentences by templates, or by the chat model
 * when {@code [chat] explain = true} or {@link #useChat} says so. Thread-safe.
 */
public final class ResultExplainer {
  private final Serving serving;
  private final ChatConfig chat;
  private final ChatModels chatModels;
  private final ListExplainer explainer;
  /** Whether {@code [chat] explain} was looked at (on the first explanation) or {@link #useChat} decided. */
  private volatile boolean chatChecked;

  /** Explanations over {@code serving}'s snapshots, naming cited items from {@code store}. */
  public ResultExplainer(Serving serving, Store store, ChatConfig chat, ChatModels chatModels) {
    this.serving = serving;
    this.chat = chat;
    this.chatModels = chatModels;
    this.explainer = new ListExplainer(store);
  }

  /**
   * {@code result} explained for {@code history}, over the serving snapshot (see
   * {@link ListExplainer#explain}).
   */
  public RecommendResult explain(RecommendResult result, History history, Language lang, List<String> terms,
      Deadline deadline) throws IOException {
    return explain(result, history, serving.current(), lang, terms, deadline);
  }

  /**
   * {@code result} explained from its {@link RecommendResult#basis()}.
   *
   * @throws IllegalArgumentException if {@code result} carries no basis (it was not computed here)
   */
  public RecommendResult explain(RecommendResult result, Language lang, List<String> terms, Deadline deadline) {
    ServingSnapshot s = Computed.snapshotOf(result.basis()).orElseThrow(() -> new IllegalArgumentException(
        "result (" + result.items().size() + " items of model " + result.model() + ") carries no basis; explain it"
        + " with explain(result, history, lang, terms, deadline)"));
    return explain(result, result.basis().history().orElseThrow(), s, lang, terms, deadline);
  }

  /**
   * {@code r}'s items explained from its {@link AskResult#basis()}, as a list in the request's
   * language with the request's terms, then finished by {@link AskExplanation#finish}.
   *
   * @throws IllegalArgumentException if {@code r} carries no basis (it was not computed here)
   */
  public RecommendResult explain(AskResult r, Deadline deadline) {
    ServingSnapshot s = Computed.snapshotOf(r.basis()).orElseThrow(() -> new IllegalArgumentException(
        "answer (" + r.items().size() + " items, snapshot " + r.snapshotVersion() + ") carries no basis;"
        + " explain an answer of ask(request) as it was returned"));
    History h = r.basis().history().orElseThrow();
    List<String> terms = AskExplanation.terms(r);
    Language lang = Language.parse(r.intent().language());
    RecommendResult x = explain(AskExplanation.asList(r, h.size()), h, s, lang, terms, deadline);
    return AskExplanation.finish(r, x, s.items(), terms, lang);
  }

  private RecommendResult explain(RecommendResult result, History history, ServingSnapshot s, Language lang,
      List<String> terms, Deadline deadline) {
    Model model = s.version() == result.snapshotVersion() && s.has(result.model()) ? serving.model(s, result.model())
        : null;
    if (!chatChecked) {
      chatChecked = true;
      if (chat.explain()) { // [chat] explain: sentences by the configured chat model, scrubbed, checked
        chatModels.model().ifPresent(m -> useChat(new ScrubbingChatModel(m), chat.timeout()));
      }
    }
    return explainer.explain(result, history, lang, terms, s.items(), s.labels(), model, deadline);
  }

  /**
   * Has explanations written by {@code chatModel} (checked for faithfulness, the template sentence
   * used on rejection or failure), or by templates only when it is null; outranks {@code [chat] explain}.
   */
  public void useChat(ChatModel chatModel, Duration timeout) {
    chatChecked = true;
    explainer.useChat(chatModel, timeout);
  }

  /** The chat explanation writer in use (its accepted/rejected counters), if any has run. */
  public Optional<ChatExplanations> chatWriter() {
    return Optional.ofNullable(explainer.chatWriter());
  }
}

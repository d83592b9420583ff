package dev.tandem.engine;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.ItemTexts;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.core.data.Profile;
import dev.tandem.core.data.User;
import dev.tandem.core.eval.EvalData;
import dev.tandem.core.eval.EvalReport;
import dev.tandem.core.eval.Events;
import dev.tandem.core.eval.Protocol;
import dev.tandem.core.eval.SplitData;
import dev.tandem.core.eval.SplitFolder;
import dev.tandem.core.eval.SplitOptions;
import dev.tandem.core.model.ContentScorer;
import dev.tandem.core.model.ItemContent;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ParamValues;
import dev.tandem.core.retrieval.Popularity;
import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.core.snapshot.SnapshotFile;
import dev.tandem.engine.ask.AskRequest;
import dev.tandem.engine.ask.AskResult;
import dev.tandem.engine.embed.EmbedProgress;
import dev.tandem.engine.embed.EmbedReport;
import dev.tandem.engine.internal.ask.Ask;
import dev.tandem.engine.internal.ask.Preparation;
import dev.tandem.engine.internal.chat.ChatModels;
import dev.tandem.engine.internal.embed.ItemEmbeddings;
import dev.tandem.engine.internal.explain.AskExplanation;
import dev.tandem.engine.internal.explain.ListExplainer;
import dev.tandem.engine.internal.pipeline.ChatRerank;
import dev.tandem.engine.internal.pipeline.Computed;
import dev.tandem.engine.internal.pipeline.Histories;
import dev.tandem.engine.internal.pipeline.Pipeline;
import dev.tandem.engine.internal.serve.FreshItems;
import dev.tandem.engine.internal.serve.ModelChoice;
import dev.tandem.engine.internal.serve.Serving;
import dev.tandem.engine.internal.serve.ServingSnapshot;
import dev.tandem.engine.internal.train.Training;
import dev.tandem.llm.chat.ChatModel;
import dev.tandem.llm.chat.LlmReranker;
import dev.tandem.llm.chat.ScrubbingChatModel;
import dev.tandem.llm.embed.Embedder;
import dev.tandem.llm.explain.ChatExplanations;
import dev.tandem.llm.explain.Language;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.store.Store;
import dev.tandem.store.cache.CachingStore;
import dev.tandem.store.snapshot.SnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A Tandem home: configuration, store and model snapshots in one folder, and the operations
 * on them. The one entry point of the embedded library: a facade over classes with one job each,
 * {@link Training} (train, evaluate, split), {@link Serving} (the immutable
 * {@link ServingSnapshot} that answers, published whole on every change), {@link Pipeline}
 * (recommend and similar: route, candidates, fresh items, filters, render, rerank),
 * {@code Ask} (requests in words on the same pipeline pieces), {@link ListExplainer}
 * (explanations), and {@link ItemEmbeddings} (documents, vectors and the embedding models).
 *
 * <p>Layout: {@code <home>/tandem.toml} (written with the defaults when absent),
 * {@code <home>/tandem.db} (SQLite), {@code <home>/snapshots/}. One {@code Tandem} per home per
 * process; methods are thread-safe, training is serialised.
 *
 * {@snippet :
 * try (Tandem tandem = Tandem.open(Path.of("tandem-home"))) {
 *   tandem.store().items().upsert(List.of(Item.of("b1", "Dune"), Item.of("b2", "Hyperion")));
 *   tandem.store().feedback().append(List.of(new Feedback("u1", "b1", "like", 1, 0)));
 *   tandem.train(TrainOptions.defaults());
 *   RecommendResult top = tandem.recommend("u1", RecommendOptions.top(10));
 *   EmbedReport r = tandem.embedItems(EmbedProgress.NONE); // item documents -> cached vectors
 * }
 * }
 */
public final class Tandem implements AutoCloseable {
  private final Path home;
  private final TandemConfig config;
  private final Store store;
  private final SnapshotStore snapshots;
  private final Training training;
  /** The serving snapshot, published whole on every change. */
  private final Serving serving;
  private final Pipeline pipeline;
  private final Histories histories;
  private final ItemEmbeddings embeddings;
  private final ChatModels chat;
  private final Preparation preparation;
  private final Ask asker;
  private final ListExplainer explainer;
  /** Whether {@code [chat] explain} was looked at (on the first {@link #explain}). */
  private volatile boolean chatExplainChecked;

  private Tandem(Path home, TandemConfig config, Store store) {
    this.home = home;
    this.config = config;
    this.store = store;
    this.snapshots = new SnapshotStore(home.resolve("snapshots"), config.retrain().keepSnapshots());
    this.explainer = new ListExplainer(store);
    this.histories = new Histories(config.feedback());
    this.embeddings = new ItemEmbeddings(config.embed(), store);
    this.serving = new Serving(snapshots, store, config.recommendModel(), config.embed().documents(),
        (items, texts) -> FreshItems.entriesOf(items, texts, embeddings.documentVectors(texts)));
    this.chat = new ChatModels(config.chat(), System.getenv());
    this.pipeline = new Pipeline(serving, store, config.recommendModel(), config.chat(), chat::model);
    this.preparation = new Preparation(serving, config.chat(), chat, embeddings);
    this.asker = new Ask(config, store, serving, histories, embeddings, chat);
    this.training = new Training(home, config, store, snapshots, serving, embeddings, this::swapTo);
  }

  /**
   * Opens (creating when needed) the home at {@code home}: writes the documented default
   * {@code tandem.toml} when there is none, loads and validates it, opens and migrates the store
   * ({@code [store]}: SQLite {@code tandem.db} in the home by default, or PostgreSQL by URL; the
   * {@code TANDEM_STORE_URL}, {@code _USER}, {@code _PASSWORD} environment variables override it).
   *
   * @throws IllegalArgumentException when the configuration is invalid (the message names the key)
   */
  public static Tandem open(Path home) {
    try {
      Files.createDirectories(home);
      Path cfgFile = home.resolve("tandem.toml");
      if (!Files.exists(cfgFile)) {
        Files.writeString(cfgFile, TandemConfig.defaultText());
      }
      TandemConfig config = TandemConfig.load(cfgFile);
      // users' histories, users and items are cached in memory (write-through), so serving reads no database
      // the store checks every feedback value written against the configured ranges
      return new Tandem(home, config, config.store().withEnv(System.getenv()).openCached(home, config.feedback()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open Tandem home " + home + ": " + e.getMessage(), e);
    }
  }

  /** The home folder. */
  public Path home() {
    return home;
  }

  /** The validated configuration. */
  public TandemConfig config() {
    return config;
  }

  /** The store: items, users, feedback. */
  public Store store() {
    return store;
  }

  /** The snapshot folder. */
  public SnapshotStore snapshots() {
    return snapshots;
  }

  /**
   * The effective parameters each model of {@code options} would train with, validated as
   * {@link #train} validates them, without training (see {@link Training#trainParams}).
   *
   * @throws IllegalArgumentException naming an unknown model, an invalid parameter or a parameter
   *     of a model that is not being trained
   */
  public Map<String, ParamValues> trainParams(TrainOptions options) {
    return training.trainParams(options);
  }

  /**
   * Trains the models named in {@code options} on all feedback in the store, writes a new
   * snapshot and swaps it in without a cold start (see {@link Training#train}). A failed fit or
   * write leaves the previous snapshot serving.
   */
  public TrainReport train(TrainOptions options) throws IOException {
    return training.train(options);
  }

  /**
   * {@code data} with the catalogue's item vectors and/or documents attached for the split's items,
   * as {@code needs} asks (see {@link Training#withContent(EvalData, Set)}).
   *
   * @throws IllegalArgumentException if content is needed but no item of the split has a document
   */
  public EvalData withContent(EvalData data, Set<ItemContent> needs) {
    return training.withContent(data, needs);
  }

  /** The store's feedback as events to split with {@code protocol} (see {@link Training#events}). */
  public Events events(Protocol protocol, double minRating) {
    return training.events(protocol, minRating);
  }

  /**
   * Splits the store's feedback (see {@link #events}) by {@code options}; write it with
   * {@link SplitFolder#write} to get a refrec-compatible folder.
   */
  public SplitData split(SplitOptions options) {
    return training.split(options);
  }

  /** Evaluates models on {@code split} with this home's configuration (see {@link Training#evaluate}). */
  public EvalReport evaluate(SplitData split, EvaluateOptions options) {
    return training.evaluate(split, options);
  }

  /**
   * Gets ready to serve, so that the first requests are as fast as the rest: loads the current
   * snapshot's configured recommend model and popularity (the fallback), when trained, and fills
   * the store's history cache from one scan of the feedback log when the whole log fits under its
   * cap ({@code [store] history_cache_events}). It also prepares requests in words ({@link #ask}):
   * the snapshot's catalogue, the intent parser with its encoder and label prototypes, and the
   * fresh-item overlay; from then on every snapshot swapped in ({@link #train}, {@link #reload}) is
   * prepared the same way before it is published, so that neither the first {@code /ask} after a
   * start nor the first after a retrain pays seconds for it.
   *
   * @return what was loaded, one line for a log
   */
  public String warm() throws IOException {
    StringBuilder out = new StringBuilder();
    if (snapshots.latest().isPresent()) {
      ServingSnapshot s = serving.current();
      for (String name : List.of(config.recommendModel(), Popularity.NAME)) {
        if (s.has(name)) {
          serving.model(s, name);
          out.append(out.length() == 0 ? "loaded " : ", ").append(name);
        }
      }
      long t0 = System.nanoTime();
      if (preparation.warm(serving.current())) {
        serving.withFresh(serving.current());
        out.append(String.format(Locale.ROOT, "; prepared requests in words in %.1f s", (System.nanoTime() - t0) / 1e9));
      }
    }
    if (store instanceof CachingStore cache) {
      int users = cache.preloadHistories();
      out.append(out.length() == 0 ? "" : "; ").append("cached the histories of ").append(users).append(" users");
    }
    return out.toString();
  }

  /** The user's history as the current snapshot's item indices, with configured weights. */
  public History historyOf(String userId) throws IOException {
    return histories.of(store.feedback().history(userId, config.store().maxHistoryEvents()), serving.current().items());
  }

  /**
   * {@code events} (e.g. an anonymous session) as a history over the current snapshot's items,
   * weighted as configured; events on items outside the snapshot or of unknown types are dropped.
   */
  public History historyOf(List<Feedback> events) throws IOException {
    return histories.of(events, serving.current().items());
  }

  /**
   * The current snapshot's header: version, creation time, items, each model's parameters and
   * the training facts ({@link ModelSnapshot#info()}); no model is loaded.
   *
   * @throws IllegalStateException when nothing was trained yet
   */
  public ModelSnapshot snapshotHeader() throws IOException {
    return serving.current().header();
  }

  /**
   * Recommendations for a known (or unknown: popularity) user, from the history in the store. With
   * a chat model and {@code [chat] rerank = true}, every {@code recommend} lets it reorder the top
   * {@code rerank_top_k} items ({@link RecommendResult#reranked()}, {@link
   * RecommendResult#rerankProblem()}); the items stay the model's.
   */
  public RecommendResult recommend(String userId, RecommendOptions options) throws IOException {
    return recommend(userId, "", options);
  }

  /**
   * Recommendations for a user's stored history together with what they say they like, e.g.
   * {@code "I like space opera and hard science fiction"}: the text is embedded as a query
   * ({@link #profile}) and attached to the history, so that {@code semantic} and {@code bm25}
   * read it. Either may be empty ({@code ""}): no user is a brand-new user with a profile only;
   * no profile is {@link #recommend(String, RecommendOptions)}.
   *
   * {@snippet :
   * RecommendResult r = tandem.recommend("", "I like space opera", RecommendOptions.top(10));
   * }
   */
  public RecommendResult recommend(String userId, String profileText, RecommendOptions options) throws IOException {
    ServingSnapshot s = serving.current();
    List<Feedback> events = userId.isEmpty() ? List.of()
        : store.feedback().history(userId, config.store().maxHistoryEvents());
    History h = histories.of(events, s.items());
    History hp = profileText.isBlank() ? h : h.withProfile(profile(profileText));
    options.deadline().check("scoring");
    return pipeline.recommend(s, hp, histories.outside(events, s.items()), options, storedProfile(userId));
  }

  /**
   * Recommendations for an anonymous session: {@code events} (weighted as configured) and, unless
   * blank, a profile text (see {@link #profile}). Unlike {@link #historyOf(List)} followed by
   * {@link #recommend(History, RecommendOptions)}, the history's item indices and the scoring come
   * from one snapshot even when a retrain swaps in another meanwhile, and events on
   * {@linkplain #itemsUpserted fresh items} keep those items out of the list.
   */
  public RecommendResult recommend(List<Feedback> events, String profileText, RecommendOptions options)
      throws IOException {
    ServingSnapshot s = serving.current();
    History h = histories.of(events, s.items());
    History hp = profileText.isBlank() ? h : h.withProfile(profile(profileText));
    options.deadline().check("scoring");
    return pipeline.recommend(s, hp, histories.outside(events, s.items()), options, () -> "");
  }

  /**
   * The profile of {@code text}: the text and its query embedding by the configured {@code [embed]}
   * model ({@link Embedder#embedQuery}, which adds the model's query instruction, e.g. BGE's), the
   * same model that embedded the items. Loads the model on first use.
   *
   * @throws IllegalArgumentException if {@code text} is blank
   */
  public Profile profile(String text) {
    return embeddings.profile(text);
  }

  /**
   * Recommendations for any history (an anonymous session, a user not in the store, a what-if).
   * Seen items, unavailable items and (when asked) items outside the category are left out. When
   * no model is named and the history carries a {@linkplain History#profile() profile}, a model
   * that reads it answers: {@code semantic} (or {@code bm25} when only that is trained or the
   * profile has no embedding), so that the profile is never silently ignored; with neither
   * trained, the configured model answers from the interactions alone. A history with neither
   * usable interactions nor a profile the model reads gets popularity.
   */
  public RecommendResult recommend(History history, RecommendOptions options) throws IOException {
    return pipeline.recommend(serving.current(), history, Set.of(), options, () -> "");
  }

  /** The stored user's self-description ({@link dev.tandem.core.data.User#profile()}), read when asked for. */
  private Supplier<String> storedProfile(String userId) {
    return () -> userId.isBlank() ? "" : store.users().get(userId).map(User::profile).orElse("");
  }

  /** The step {@link RecommendResult#cutShort()} names when a chat rerank was skipped for lack of time. */
  public static final String CUT_RERANK = ChatRerank.CUT;
  /** The step {@link AskResult#cutShort()} names when the chat intent parser was skipped for lack of time. */
  public static final String CUT_CHAT_INTENT = "chat intent parser";
  /** The step {@link RecommendResult#cutShort()} names when chat explanations gave way to templates for lack of time. */
  public static final String CUT_CHAT_EXPLANATIONS = "chat explanations";

  /**
   * What is wrong with the serving snapshot for answering by default: that it lacks the configured
   * {@code recommend.model} (then answers come from another model and say {@code fallback: true});
   * empty when nothing was trained yet or nothing is wrong.
   */
  public Optional<String> servingProblem() throws IOException {
    if (snapshots.latest().isEmpty()) {
      return Optional.empty();
    }
    ModelChoice c = ModelChoice.byDefault(serving.current().header(), config.recommendModel());
    return c.reason().isEmpty() ? Optional.empty() : Optional.of(c.reason() + " (answers say fallback: true)");
  }

  /**
   * {@code result} (from {@code recommend}) with an {@link Explanation} per item and an
   * introduction for the list: the history items that led to each (through the answering model's
   * {@link dev.tandem.core.explain.Explains}; a fused model's channels weighted by their
   * contributions), the categories and tags it shares with them and with the history, the request
   * {@code terms} it matches (e.g. an ask intent's include terms; empty for none), and a sentence in
   * {@code lang} written by templates, or by the chat model set with {@link #explainWithChat}
   * (checked for faithfulness, template on rejection).
   *
   * {@snippet :
   * RecommendResult r = tandem.recommend("u1", RecommendOptions.top(10));
   * r = tandem.explain(r, tandem.historyOf("u1"), Language.ZH, List.of());
   * String s = r.items().get(0).explanation().sentence(); // "因为你喜欢《沙丘》…"
   * }
   *
   * @param history the history {@code result} was recommended for, over the current snapshot
   */
  public RecommendResult explain(RecommendResult result, History history, Language lang,
      List<String> terms) throws IOException {
    return explain(result, history, lang, terms, Deadline.NONE);
  }

  /**
   * As {@link #explain(RecommendResult, History, dev.tandem.llm.explain.Language, List)}, under
   * {@code deadline}: a chat writer gets only the time left, and once too little is left the
   * remaining sentences are written by templates ({@link #CUT_CHAT_EXPLANATIONS} in
   * {@link RecommendResult#cutShort()}).
   */
  public RecommendResult explain(RecommendResult result, History history, Language lang,
      List<String> terms, Deadline deadline) throws IOException {
    return explain(result, history, serving.current(), lang, terms, deadline);
  }

  /**
   * {@code result} (from {@code recommend} or {@code similar}) explained as by
   * {@link #explain(RecommendResult, History, dev.tandem.llm.explain.Language, List, Deadline)},
   * from the history and snapshot it was computed from ({@link RecommendResult#basis()}): reads
   * neither the store's history nor a newer snapshot, and embeds no profile again.
   *
   * @throws IllegalArgumentException if {@code result} carries no basis (it was not computed here)
   */
  public RecommendResult explain(RecommendResult result, Language lang, List<String> terms,
      Deadline deadline) {
    ServingSnapshot s = Computed.snapshotOf(result.basis()).orElseThrow(() -> new IllegalArgumentException(
        "result (" + result.items().size() + " items of model " + result.model() + ") carries no basis; explain it"
        + " with explain(result, history, lang, terms, deadline)"));
    return explain(result, result.basis().history().orElseThrow(), s, lang, terms, deadline);
  }

  private RecommendResult explain(RecommendResult result, History history, ServingSnapshot s,
      Language lang, List<String> terms, Deadline deadline) {
    Model model = s.version() == result.snapshotVersion() && s.has(result.model()) ? serving.model(s, result.model())
        : null;
    if (!chatExplainChecked) {
      chatExplainChecked = true;
      if (config.chat().explain()) { // [chat] explain: sentences by the configured chat model, scrubbed, checked
        chatModel().ifPresent(m -> explainWithChat(new ScrubbingChatModel(m),
            config.chat().timeout()));
      }
    }
    return explainer.explain(result, history, lang, terms, s.items(), s.labels(), model, deadline);
  }

  /**
   * {@code r}'s items (from {@link #ask}) explained as {@link #explain(RecommendResult, History,
   * dev.tandem.llm.explain.Language, List)} explains a list: the history items of {@code user} (and
   * the conversation's liked items) that led to each through the personal model, shared labels, the
   * request's included terms each matches, and a sentence in the request's language plus an intro.
   * The items keep {@code r}'s order and scores. When {@code r} holds fewer items than asked for,
   * the intro opens with why ({@link dev.tandem.llm.explain.Explanations#shortfall}: the
   * constraint that narrowed it and how many items there would be without it).
   */
  public RecommendResult explain(AskResult r, String user) throws IOException {
    return explain(r, user, Deadline.NONE);
  }

  /** As {@link #explain(AskResult, String)}, under {@code deadline} (see {@link #explain(RecommendResult, History,
   * dev.tandem.llm.explain.Language, List, Deadline)}). */
  public RecommendResult explain(AskResult r, String user, Deadline deadline) throws IOException {
    List<Feedback> events = new ArrayList<>(user.isBlank() ? List.of()
        : store.feedback().history(user, config.store().maxHistoryEvents()));
    for (String liked : r.session().liked()) {
      events.add(new Feedback(user.isBlank() ? Ask.VISITOR : user, liked, Ask.LIKE, 1, 0));
    }
    ServingSnapshot s = serving.current();
    History h = events.isEmpty() ? History.EMPTY : histories.of(events, s.items());
    List<String> terms = AskExplanation.terms(r);
    Language lang = Language.parse(r.intent().language());
    RecommendResult x = explain(AskExplanation.asList(r, h.size()), h, s, lang, terms, deadline);
    return AskExplanation.finish(r, x, s.items(), terms, lang);
  }

  /**
   * Has explanations written by {@code chat} (each checked for faithfulness against the catalogue's
   * titles and labels, the template sentence used on rejection or failure), or by templates only
   * when {@code chat} is null. What {@code [chat] explain = true} switches on.
   */
  public void explainWithChat(ChatModel chat, Duration timeout) {
    chatExplainChecked = true; // an explicit choice outranks [chat] explain
    explainer.useChat(chat, timeout);
  }

  /** The chat explanation writer in use (its accepted/rejected counters), if any has run. */
  public Optional<ChatExplanations> chatExplanations() {
    return Optional.ofNullable(explainer.chatWriter());
  }

  /**
   * Items most similar to {@code itemId}. With {@code semantic}, {@linkplain #itemsUpserted fresh
   * items} take part too, as the query or among the results.
   */
  public RecommendResult similar(String itemId, RecommendOptions options) throws IOException {
    return pipeline.similar(serving.current(), itemId, options);
  }

  /**
   * Swaps in the newest snapshot on disk when it is newer than the one serving (e.g. written by
   * {@code tandem train} in another process while a server runs), preloading models as
   * {@link #train} does; cheap when there is nothing new (one folder listing). Thread-safe; requests
   * keep being answered by the old snapshot until the new one is ready.
   *
   * @return the version serving afterwards, or 0 when there is no snapshot at all
   * @throws IOException if the newer snapshot cannot be read (the old one keeps serving)
   */
  public long reload() throws IOException {
    List<Long> versions = snapshots.versions();
    if (versions.isEmpty()) {
      ServingSnapshot s = serving.currentOrNull();
      return s == null ? 0 : s.version();
    }
    long newest = versions.get(versions.size() - 1);
    return swapTo(snapshots.fileOf(newest), newest);
  }

  /**
   * The version of the snapshot serving requests, without loading one; empty before the first
   * request, {@link #train} or {@link #reload}.
   */
  public OptionalLong servingVersion() {
    ServingSnapshot s = serving.currentOrNull();
    return s == null ? OptionalLong.empty() : OptionalLong.of(s.version());
  }

  /**
   * The snapshot files on disk, newest first, with their headers' facts and which one serves.
   * Files deleted while listing are left out.
   */
  public List<SnapshotInfo> snapshotList() throws IOException {
    ServingSnapshot s = serving.currentOrNull();
    long servingVersion = s == null ? -1 : s.version();
    List<Long> versions = snapshots.versions();
    List<SnapshotInfo> out = new ArrayList<>();
    for (int i = versions.size() - 1; i >= 0; i--) {
      Path file = snapshots.fileOf(versions.get(i));
      try {
        long bytes = Files.size(file);
        ModelSnapshot h = SnapshotFile.read(file, Set.of());
        out.add(new SnapshotInfo(h.version(), h.createdAtMillis(), bytes, List.copyOf(h.params().keySet()), file,
            h.version() == servingVersion));
      } catch (NoSuchFileException e) {
        // pruned while listing
      }
    }
    return out;
  }

  /**
   * Loads {@code file} (version {@code version}) and publishes it unless that version or a newer one
   * serves already; once {@link #warm} ran, its {@code ask} catalogue and fresh-item overlay are
   * built before it is published.
   */
  private long swapTo(Path file, long version) throws IOException {
    return serving.swapTo(file, version, preparation::beforePublishing, preparation.warmed());
  }

  /** The snapshot versions {@link #ask} has a catalogue for, newest first (tests). */
  List<Long> askCatalogueVersions() {
    return serving.askCatalogueVersions();
  }

  // ---- natural-language requests (see Ask) ----------------------------------------------------

  /**
   * Answers a natural-language request ({@code "cosy mysteries, nothing too dark"}) with the
   * configured intent parser ({@link #intentParser()}): the parsed
   * intent and items combining the user's personalised scores with the intent's semantic match,
   * under its hard constraints. See {@link Ask} for the steps and weights.
   *
   * {@snippet :
   * AskResult r = tandem.ask(new AskRequest("u1", Session.NEW, "cosy mysteries, nothing too dark", 10));
   * }
   *
   * @throws IllegalStateException when nothing was trained yet
   */
  public AskResult ask(AskRequest request) throws IOException {
    return asker.ask(request, preparation.parser());
  }

  /**
   * The intent parser {@link #ask(AskRequest)} uses, created on first use: the in-process one
   * ({@link dev.tandem.llm.intent.IntentParsers#inProcess}), or with a chat model configured and
   * {@code [chat] intent = true}, a {@link dev.tandem.llm.chat.LlmIntentParser} over
   * {@link #chatModel()} that falls back to it. With {@code [chat] rerank = true}, {@code ask}
   * also lets {@link #reranker()} reorder its (already constrained) items. Thread-safe.
   */
  public IntentParser intentParser() {
    return preparation.parser();
  }

  /** {@link #ask(AskRequest)} with {@code parser} turning the text into an intent. */
  public AskResult ask(AskRequest request, IntentParser parser) throws IOException {
    return asker.ask(request, parser);
  }

  /**
   * The documents of the items of {@code index} rendered by the configured template (the same
   * text that is embedded); items without one, and ids not in the catalogue, get {@code null}.
   */
  public ItemTexts itemTexts(IdIndex index) {
    return embeddings.itemTexts(index);
  }

  /**
   * Makes sure every catalogue item's document (rendered by {@code [embed] template}) has a vector
   * of the configured model in the store's embedding cache, embedding only documents not cached
   * yet (see {@link ItemEmbeddings#embedItems}). Serialised with other embedding calls.
   *
   * @param progress told documents resolved so far (see {@link EmbedProgress})
   * @throws dev.tandem.llm.embed.EmbeddingException if the model cannot be loaded or fails
   */
  public EmbedReport embedItems(EmbedProgress progress) {
    return embeddings.embedItems(progress);
  }

  /**
   * The document vectors of the items of {@code index}, row {@code i} for {@code index.id(i)},
   * embedding documents not yet cached first (see {@link ItemEmbeddings#itemVectors}).
   */
  public ItemVectors itemVectors(IdIndex index) {
    return embeddings.itemVectors(index);
  }

  /**
   * The current snapshot with every model loaded (EASE on a large catalogue is hundreds of MB;
   * prefer {@link #model(String)} when one model is enough).
   */
  public ModelSnapshot snapshot() throws IOException {
    ServingSnapshot s = serving.current();
    Map<String, Model> all = new LinkedHashMap<>();
    for (String name : s.header().params().keySet()) {
      all.put(name, serving.model(s, name));
    }
    ModelSnapshot h = s.header();
    return new ModelSnapshot(h.version(), h.createdAtMillis(), h.items(), all, h.params(), h.info());
  }

  /** The current snapshot's model {@code name}, loaded on first use and then kept. */
  public Model model(String name) throws IOException {
    ServingSnapshot s = serving.current();
    return serving.model(s, name);
  }

  /**
   * Tells the engine that {@code items} were committed to the store (inserted or replaced), so that
   * items outside the serving snapshot become recommendable at once by the models that can
   * {@linkplain ContentScorer score content} ({@code semantic}, {@code hybrid}): the documents of
   * those with one (rendered by {@code [embed] template}) are embedded through the embedding cache
   * and put into the snapshot's fresh-item overlay, replacing an earlier version; one whose document
   * became empty leaves it. Items in the snapshot are left alone. Does nothing (and loads no
   * embedding model) when nothing is trained or no trained model scores content. Thread-safe: the
   * serving snapshot with the new overlay is published in one write.
   *
   * @return how many of {@code items} are now in the overlay
   * @throws dev.tandem.llm.embed.EmbeddingException if the embedding model cannot be loaded or fails
   */
  public int itemsUpserted(List<Item> items) throws IOException {
    return serving.itemsUpserted(items);
  }

  /**
   * Tells the engine that the items {@code ids} were deleted from the store: they leave the
   * fresh-item overlay (see {@link #itemsUpserted}). Thread-safe.
   */
  public void itemsDeleted(Collection<String> ids) throws IOException {
    serving.updateFresh(List.of(), ids);
  }

  /** The ids of the items in the serving snapshot's fresh-item overlay, in insertion order (empty when nothing is trained). */
  public List<String> freshItems() throws IOException {
    ServingSnapshot s = serving.ifTrained();
    if (s == null || !s.scoresContent()) {
      return List.of();
    }
    FreshItems f = serving.withFresh(s).fresh();
    List<String> ids = new ArrayList<>(f.size());
    for (int k = 0; k < f.size(); k++) {
      ids.add(f.entry(k).id());
    }
    return ids;
  }
  /**
   * The chat model of {@code [chat]}, opened on first use (its API key read from the environment
   * variable {@code chat.api_key_env}); empty when {@code chat.url} is "" (the default). Callers
   * must validate its answers and fall back to the in-process path on any
   * {@link dev.tandem.llm.chat.ChatException}; {@link ChatConfig#intentParser} and
   * {@link ChatConfig#reranker} do that. Closed with this Tandem. Thread-safe.
   */
  public Optional<ChatModel> chatModel() {
    return chat.model();
  }

  /** The chat-model reranker when a chat model is configured and {@code [chat] rerank = true}. */
  public Optional<LlmReranker> reranker() {
    return chat.reranker();
  }

  /** Closes the chat model and embedding model (when loaded) and the store. */
  @Override
  public void close() {
    chat.close();
    try {
      embeddings.close();
    } finally {
      store.close();
    }
  }
}

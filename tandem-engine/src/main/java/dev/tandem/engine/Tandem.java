package dev.tandem.engine;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.ItemTexts;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.core.data.Profile;
import dev.tandem.core.eval.EvalData;
import dev.tandem.core.eval.EvalReport;
import dev.tandem.core.eval.Events;
import dev.tandem.core.eval.Protocol;
import dev.tandem.core.eval.SplitData;
import dev.tandem.core.eval.SplitOptions;
import dev.tandem.core.model.ItemContent;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ParamValues;
import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.engine.ask.AskRequest;
import dev.tandem.engine.ask.AskResult;
import dev.tandem.engine.embed.EmbedProgress;
import dev.tandem.engine.embed.EmbedReport;
import dev.tandem.engine.internal.ask.Ask;
import dev.tandem.engine.internal.ask.Preparation;
import dev.tandem.engine.internal.chat.ChatModels;
import dev.tandem.engine.internal.embed.ItemEmbeddings;
import dev.tandem.engine.internal.explain.ResultExplainer;
import dev.tandem.engine.internal.pipeline.Histories;
import dev.tandem.engine.internal.pipeline.Pipeline;
import dev.tandem.engine.internal.pipeline.Recommending;
import dev.tandem.engine.internal.predict.Predicting;
import dev.tandem.engine.internal.serve.FreshItems;
import dev.tandem.engine.internal.serve.Serving;
import dev.tandem.engine.internal.serve.SnapshotFiles;
import dev.tandem.engine.internal.serve.Warmup;
import dev.tandem.engine.internal.train.Training;
import dev.tandem.llm.chat.ChatModel;
import dev.tandem.llm.explain.ChatExplanations;
import dev.tandem.llm.explain.Language;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.store.Store;
import dev.tandem.store.snapshot.SnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A Tandem home: configuration, store and model snapshots in one folder, and the operations on
 * them. The one entry point of the embedded library: short methods delegating to classes with one
 * job each ({@link Training}, {@link Serving}, {@link SnapshotFiles}, {@link Recommending} over the
 * {@link Pipeline}, {@link Ask}, {@link ResultExplainer}, {@link ItemEmbeddings}, {@link ChatModels}).
 * Layout: {@code <home>/tandem.toml} (written with the defaults when absent), {@code <home>/tandem.db}
 * (SQLite), {@code <home>/snapshots/}. One {@code Tandem} per home per process; methods are
 * thread-safe, training is serialised.
 *
 * {@snippet :
 * try (Tandem tandem = Tandem.open(Path.of("tandem-home"))) {
 *   tandem.store().items().upsert(List.of(Item.of("b1", "Dune"), Item.of("b2", "Hyperion")));
 *   tandem.store().feedback().append(List.of(new Feedback("u1", "b1", "like", 1, 0)));
 *   tandem.train(TrainOptions.defaults());
 *   RecommendResult top = tandem.recommend("u1", RecommendOptions.top(10));
 *   AskResult a = tandem.ask(new AskRequest("u1", Session.NEW, "cosy mysteries, nothing too dark", 10));
 * }
 * }
 */
public final class Tandem implements AutoCloseable {
  private final Path home;
  private final TandemConfig config;
  private final Store store;
  private final SnapshotStore snapshots;
  private final Serving serving;
  private final SnapshotFiles files;
  private final ItemEmbeddings embeddings;
  private final ChatModels chat;
  private final Training training;
  private final Recommending recommending;
  private final Predicting predicting;
  private final ResultExplainer explainer;
  private final Preparation preparation;
  private final Ask asker;

  private Tandem(Path home, TandemConfig config, Store store) {
    this.home = home;
    this.config = config;
    this.store = store;
    this.snapshots = new SnapshotStore(home.resolve("snapshots"), config.retrain().keepSnapshots());
    this.embeddings = new ItemEmbeddings(config.embed(), store, home, System.getenv());
    this.serving = new Serving(snapshots, store, config.recommendModel(), config.embed().documents(),
        (items, texts) -> FreshItems.entriesOf(items, texts, embeddings.documentVectors(texts)));
    this.files = new SnapshotFiles(snapshots, serving, config.recommendModel());
    this.chat = new ChatModels(config.chat(), System.getenv());
    Histories histories = new Histories(config.feedback());
    this.recommending = new Recommending(serving, store, histories, config.store().maxHistoryEvents(),
        embeddings::profile, new Pipeline(serving, store, config.recommendModel(), config.chat(), chat::model));
    this.predicting = new Predicting(serving, store, config.feedback(), config.store().maxHistoryEvents());
    this.explainer = new ResultExplainer(serving, store, config.chat(), chat);
    this.preparation = new Preparation(serving, config.chat(), chat, embeddings);
    this.asker = new Ask(config, store, serving, histories, embeddings, chat);
    this.training = new Training(home, config, store, snapshots, serving, embeddings, this::swapTo);
  }

  /**
   * Opens (creating when needed; {@link #isHome} tells a folder that is not a home yet) the home at {@code home}: writes the default {@code tandem.toml}
   * when absent, loads and validates it with the {@code TANDEM_<SECTION>_<KEY>} environment variables
   * applied ({@link TandemConfig#loadWithSources}; e.g. {@code TANDEM_STORE_URL}), opens and migrates
   * the store ({@code [store]}).
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
      TandemConfig config = TandemConfig.load(cfgFile, System.getenv());
      // histories, users and items cached in memory (write-through); feedback values checked against their ranges
      return new Tandem(home, config, config.store().openCached(home, config.feedback()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open Tandem home " + home + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code dir} is a Tandem home: a folder holding {@code tandem.toml} or {@code tandem.db},
   * as {@link #open} leaves it. Callers that must not create a home (a mistyped path would silently
   * become a new, empty one) check this before {@link #open}.
   */
  public static boolean isHome(Path dir) {
    return Files.isDirectory(dir)
        && (Files.isRegularFile(dir.resolve("tandem.toml")) || Files.isRegularFile(dir.resolve("tandem.db")));
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
   * The parameters each model of {@code options} would train with, validated as {@link #train} does.
   *
   * @throws IllegalArgumentException naming an unknown model or an invalid or foreign parameter
   */
  public Map<String, ParamValues> trainParams(TrainOptions options) {
    return training.trainParams(options);
  }

  /** Trains on all feedback, writes a snapshot and swaps it in; a failure leaves the previous one serving. */
  public TrainReport train(TrainOptions options) throws IOException {
    return training.train(options);
  }

  /**
   * {@code data} with the catalogue's item vectors and/or documents attached, as {@code needs} asks.
   *
   * @throws IllegalArgumentException if content is needed but no item of the split has a document
   */
  public EvalData withContent(EvalData data, Set<ItemContent> needs) {
    return training.withContent(data, needs);
  }

  /** The store's feedback as events to split with {@code protocol}. */
  public Events events(Protocol protocol, double minRating) {
    return training.events(protocol, minRating);
  }

  /** The store's feedback split by {@code options} ({@link dev.tandem.core.eval.SplitFolder#write} writes it). */
  public SplitData split(SplitOptions options) {
    return training.split(options);
  }

  /** Evaluates models on {@code split} with this home's configuration. */
  public EvalReport evaluate(SplitData split, EvaluateOptions options) {
    return training.evaluate(split, options);
  }

  /**
   * Gets ready to serve ({@link Warmup}): loads the default models, prepares requests in words
   * ({@link Preparation}; later snapshots before they serve), fills the history cache; returns a log line.
   */
  public String warm() throws IOException {
    return Warmup.warm(snapshots, serving, store, config.recommendModel(), preparation::warm);
  }

  /**
   * Swaps in the newest snapshot on disk when newer than the serving one (e.g. from another process).
   *
   * @return the version serving afterwards, or 0 when there is no snapshot at all
   * @throws IOException if the newer snapshot cannot be read (the old one keeps serving)
   */
  public long reload() throws IOException {
    return files.reload(this::swapTo);
  }

  private long swapTo(Path file, long version) throws IOException {
    return serving.swapTo(file, version, preparation::beforePublishing, preparation.warmed());
  }

  /** The version of the snapshot serving requests, without loading one; empty before one serves. */
  public OptionalLong servingVersion() {
    return files.servingVersion();
  }

  /** The snapshot files on disk, newest first, with their facts and which one serves. */
  public List<SnapshotInfo> snapshotList() throws IOException {
    return files.list();
  }

  /**
   * The serving snapshot's header (version, items, parameters, training facts); loads no model.
   *
   * @throws IllegalStateException when nothing was trained yet
   */
  public ModelSnapshot snapshotHeader() throws IOException {
    return serving.current().header();
  }

  /** The serving snapshot's model {@code name}, loaded on first use and then kept. */
  public Model model(String name) throws IOException {
    return serving.model(serving.current(), name);
  }

  /** That the serving snapshot lacks {@code recommend.model}; empty when nothing is wrong or trained. */
  public Optional<String> servingProblem() throws IOException {
    return files.servingProblem();
  }

  /** The user's stored history over the serving snapshot's items, with configured weights. */
  public History historyOf(String userId) throws IOException {
    return recommending.historyOf(userId);
  }

  /** {@code events} (e.g. a session) as a history; events on unknown items or of unknown types are dropped. */
  public History historyOf(List<Feedback> events) throws IOException {
    return recommending.historyOf(events);
  }

  /**
   * Recommendations for a stored (or unknown: popularity) user from their history and their stored
   * profile ({@code User.profile()}), which counts as a request's profile text
   * would; see {@link Recommending}.
   */
  public RecommendResult recommend(String userId, RecommendOptions options) throws IOException {
    return recommending.forUser(userId, "", options);
  }

  /**
   * Recommendations for a stored user ({@code ""}: none) and what they like in words, as a query
   * ({@link #profile}); a non-blank {@code profileText} wins over the user's stored profile, a blank
   * one leaves the stored profile in force.
   */
  public RecommendResult recommend(String userId, String profileText, RecommendOptions options) throws IOException {
    return recommending.forUser(userId, profileText, options);
  }

  /** Recommendations for a session's {@code events} and a profile text ({@code ""}: none), on one snapshot. */
  public RecommendResult recommend(List<Feedback> events, String profileText, RecommendOptions options)
      throws IOException {
    return recommending.forEvents(events, profileText, options);
  }

  /**
   * Recommendations for any history; one with a {@linkplain History#profile() profile} is never
   * answered blind to it: a model that cannot read the profile answers as a fallback whose reason
   * says the profile text was not used.
   */
  public RecommendResult recommend(History history, RecommendOptions options) throws IOException {
    return recommending.forHistory(history, options);
  }

  /**
   * {@code text} and its query embedding by the configured {@code [embed]} model.
   *
   * @throws IllegalArgumentException if {@code text} is blank
   */
  public Profile profile(String text) {
    return embeddings.profile(text);
  }

  /**
   * The rating {@code model} (empty: the snapshot's first rating model) predicts {@code userId}
   * gives {@code itemId}, from the user's stored ratings folded in now; see {@link Predicting}.
   *
   * @throws ApiException 404 for an unknown user or item, 400 for an item outside the trained
   *     catalogue or a model that is not a rating model of the snapshot
   */
  public PredictResult predict(String userId, String itemId, Optional<String> model) throws IOException {
    return predicting.predict(userId, itemId, model);
  }

  /** Items most similar to {@code itemId}; with {@code semantic}, fresh items take part too. */
  public RecommendResult similar(String itemId, RecommendOptions options) throws IOException {
    return recommending.similar(itemId, options);
  }

  /** {@code result} with an {@link Explanation} per item (history items, shared labels, matched {@code terms}) and an intro. */
  public RecommendResult explain(RecommendResult result, History history, Language lang, List<String> terms)
      throws IOException {
    return explain(result, history, lang, terms, Deadline.NONE);
  }

  /** As {@link #explain(RecommendResult, History, Language, List)}; chat sentences only while {@code deadline} allows. */
  public RecommendResult explain(RecommendResult result, History history, Language lang, List<String> terms,
      Deadline deadline) throws IOException {
    return explainer.explain(result, history, lang, terms, deadline);
  }

  /**
   * {@code result} explained from its {@link RecommendResult#basis()}: no store or newer snapshot read.
   *
   * @throws IllegalArgumentException if {@code result} carries no basis (it was not computed here)
   */
  public RecommendResult explain(RecommendResult result, Language lang, List<String> terms, Deadline deadline) {
    return explainer.explain(result, lang, terms, deadline);
  }

  /**
   * {@code r} explained from its {@link AskResult#basis()}, in the request's language and terms; a
   * short answer's intro says why. Reads neither the store nor a newer snapshot.
   *
   * @throws IllegalArgumentException if {@code r} carries no basis (it was not answered here)
   */
  public RecommendResult explain(AskResult r, Deadline deadline) {
    return explainer.explain(r, deadline);
  }

  /** Explanations written by {@code chat} (checked; template on rejection), or templates when null. */
  void explainWithChat(ChatModel chat, Duration timeout) {
    explainer.useChat(chat, timeout);
  }

  /** The chat explanation writer in use (its accepted/rejected counters), if any has run. */
  public Optional<ChatExplanations> chatExplanations() {
    return explainer.chatWriter();
  }

  /**
   * Answers a request in words ({@code "cosy mysteries, nothing too dark"}) with {@link #intentParser()}:
   * the user's taste and the intent's match under its hard constraints (see {@link Ask}).
   *
   * @throws IllegalStateException when nothing was trained yet
   */
  public AskResult ask(AskRequest request) throws IOException {
    return asker.ask(request, preparation.parser());
  }

  /** {@link #ask(AskRequest)} with {@code parser} turning the text into an intent. */
  public AskResult ask(AskRequest request, IntentParser parser) throws IOException {
    return asker.ask(request, parser);
  }

  /** The parser of {@link #ask(AskRequest)}: in-process, or the chat model's ({@code [chat] intent}) falling back to it. */
  public IntentParser intentParser() {
    return preparation.parser();
  }

  /** The snapshot versions {@link #ask} has a catalogue for, newest first (tests). */
  List<Long> askCatalogueVersions() {
    return serving.askCatalogueVersions();
  }

  /** The documents of the items of {@code index} (the text that is embedded); {@code null} for none. */
  public ItemTexts itemTexts(IdIndex index) {
    return embeddings.itemTexts(index);
  }

  /**
   * Embeds every catalogue document not yet in the store's embedding cache.
   *
   * @throws dev.tandem.llm.embed.EmbeddingException if the model cannot be loaded or fails
   */
  public EmbedReport embedItems(EmbedProgress progress) {
    return embeddings.embedItems(progress);
  }

  /** The document vectors of the items of {@code index}, embedding documents not yet cached first. */
  public ItemVectors itemVectors(IdIndex index) {
    return embeddings.itemVectors(index);
  }

  /**
   * Tells the engine that {@code items} were committed: those outside the snapshot join the fresh-item overlay.
   *
   * @return how many of {@code items} are now in the overlay
   * @throws dev.tandem.llm.embed.EmbeddingException if the embedding model cannot be loaded or fails
   */
  public int itemsUpserted(List<Item> items) throws IOException {
    return serving.itemsUpserted(items);
  }

  /** Tells the engine that the items {@code ids} were deleted: they leave the fresh-item overlay. */
  public void itemsDeleted(Collection<String> ids) throws IOException {
    serving.updateFresh(List.of(), ids);
  }

  /** The ids of the fresh-item overlay's items, in insertion order (empty when nothing is trained). */
  public List<String> freshItems() throws IOException {
    return serving.freshIds();
  }

  /** Closes the chat model and embedding models (when loaded) and the store. */
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

package dev.tandem.engine;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.ItemTexts;
import dev.tandem.core.eval.EvalData;
import dev.tandem.core.eval.EvalReport;
import dev.tandem.core.eval.Events;
import dev.tandem.core.eval.Protocol;
import dev.tandem.core.eval.SplitData;
import dev.tandem.core.eval.SplitFolder;
import dev.tandem.core.eval.SplitOptions;
import dev.tandem.core.eval.Splitter;
import dev.tandem.core.fusion.Contribution;
import dev.tandem.core.fusion.FusedItem;
import dev.tandem.core.fusion.FusedModel;
import dev.tandem.core.model.ContentScorer;
import dev.tandem.core.model.ItemContent;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.ParamValues;
import dev.tandem.core.model.Request;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.core.data.Profile;
import dev.tandem.core.data.Quote;
import dev.tandem.core.retrieval.Bm25;
import dev.tandem.core.retrieval.Popularity;
import dev.tandem.core.retrieval.Semantic;
import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.core.snapshot.SnapshotFile;
import dev.tandem.engine.embed.EmbedProgress;
import dev.tandem.engine.embed.EmbedReport;
import dev.tandem.engine.embed.ItemDocuments;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.llm.chat.ChatModel;
import dev.tandem.llm.embed.Embedder;
import dev.tandem.llm.embed.Embedders;
import dev.tandem.llm.embed.OnnxEmbedder;
import dev.tandem.store.EmbeddingCache;
import dev.tandem.store.Store;
import dev.tandem.store.cache.CachingStore;
import dev.tandem.store.snapshot.SnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Tandem home: configuration, store and model snapshots in one folder, and the operations
 * on them. The one entry point of the embedded library.
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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Tandem.class);
  private final Path home;
  private final TandemConfig config;
  private final Store store;
  private final SnapshotStore snapshots;
  private final Object trainLock = new Object();
  /** Held while a snapshot is loaded and published; never by a request once one serves. */
  private final Object loadLock = new Object();
  private volatile Serving serving;
  private final Object embedLock = new Object();
  /** Guards {@link #embedder} only, so that a profile query never waits for a long embedding run under embedLock. */
  private final Object embedderLock = new Object();
  private Embedder embedder;
  private Embedder zhEncoder;
  /** Guards {@link #chatModel}. */
  private final Object chatLock = new Object();
  private ChatModel chatModel;
  private final ListExplainer explainer;
  /** Whether {@code [chat] explain} was looked at (on the first {@link #explain}). */
  private volatile boolean chatExplainChecked;

  private Tandem(Path home, TandemConfig config, Store store) {
    this.home = home;
    this.config = config;
    this.store = store;
    this.snapshots = new SnapshotStore(home.resolve("snapshots"), config.retrain().keepSnapshots());
    this.explainer = new ListExplainer(store);
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
   * The effective parameters each model of {@code options} would train with (the configured
   * {@code train.models} when it names none), validated as {@link #train} validates them, without
   * training: lets a caller reject a bad request before queuing it.
   *
   * @throws IllegalArgumentException naming an unknown model, an invalid parameter or a parameter
   *     of a model that is not being trained
   */
  public Map<String, ParamValues> trainParams(TrainOptions options) {
    List<String> models = options.models().isEmpty() ? config.trainModels() : options.models();
    Map<String, ParamValues> params = new LinkedHashMap<>();
    for (String m : models) {
      ParamValues run = options.params().get(m);
      ParamValues p = config.overridesOf(m, run != null ? run : ModelTypes.byName(m).parameters().defaults());
      ModelTypes.bind(p);
      params.put(m, p);
    }
    for (String m : options.params().keySet()) {
      if (!models.contains(m)) {
        throw new IllegalArgumentException("--param names model '" + m + "', which is not being trained " + models);
      }
    }
    return params;
  }

  /**
   * Trains the models named in {@code options} on all feedback in the store, writes a new
   * snapshot and swaps it in. A failed fit or write leaves the previous snapshot serving. When a
   * model {@linkplain ModelType#needs needs item content}, the catalogue's document vectors
   * (see {@link #itemVectors}, embedding documents not yet cached) or texts are attached first.
   *
   * <p>The swap has no cold start: the new snapshot's header, filters and the models the old one
   * had loaded (at least the configured {@code recommend.model} and {@code pop}) are loaded from the
   * written file first, then published with one volatile write; requests in flight finish on the
   * snapshot they started with. Training holds no lock that a request takes. Old snapshot files
   * beyond {@code [server] keep_snapshots} are deleted, never the one serving.
   */
  public TrainReport train(TrainOptions options) throws IOException {
    synchronized (trainLock) {
      List<String> models = options.models().isEmpty() ? config.trainModels() : options.models();
      Map<String, ParamValues> params = trainParams(options); // validate before any work
      long t0 = System.nanoTime();
      Loaded data = loadInteractions();
      Interactions x = data.interactions();
      if (x.nnz() == 0) {
        throw new IllegalStateException("no positive feedback to train on (" + data.events() + " events read): "
            + "import data first, e.g. `tandem import csv --feedback feedback.csv`");
      }
      x = withContent(x, Evaluation.needs(params));
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      Map<String, Model> fitted = new LinkedHashMap<>();
      Map<String, Double> fitSeconds = new LinkedHashMap<>();
      for (String m : models) {
        long t = System.nanoTime();
        fitted.put(m, ModelTypes.fit(params.get(m), x));
        fitSeconds.put(m, (System.nanoTime() - t) / 1e9);
        options.listener().modelTrained(m, fitSeconds.get(m));
      }
      Map<String, String> info = new LinkedHashMap<>();
      info.put("users", Integer.toString(x.numUsers()));
      info.put("items", Integer.toString(x.numItems()));
      info.put("interactions", Integer.toString(x.nnz()));
      info.put("events", Long.toString(data.events()));
      fitSeconds.forEach((m, s) -> info.put("fit_seconds." + m, String.format(Locale.ROOT, "%.3f", s)));
      long version = snapshots.nextVersion();
      Map<String, Map<String, String>> described = new LinkedHashMap<>();
      params.forEach((m, p) -> described.put(m, p.describe()));
      ModelSnapshot snap = new ModelSnapshot(version, System.currentTimeMillis(), x.items(), fitted, described, info);
      long tw = System.nanoTime();
      // never delete the snapshot serving here, nor the previous newest, which a concurrent reload
      // (or a server running next to this process) may be swapping in
      Set<Long> protect = new HashSet<>();
      protect.add(version - 1);
      Serving current = serving;
      if (current != null) {
        protect.add(current.header.version());
      }
      Path file = snapshots.write(snap, protect);
      double writeSeconds = (System.nanoTime() - tw) / 1e9;
      swapTo(file, version);
      return new TrainReport(version, file, x.numUsers(), x.numItems(), x.nnz(), data.events(), data.skipped(),
          loadSeconds, fitSeconds, writeSeconds, Files.size(file), data.invalid());
    }
  }

  /** {@code x} with the catalogue's item vectors and/or texts attached, as {@code needs} asks. */
  private Interactions withContent(Interactions x, Set<ItemContent> needs) {
    if (needs.isEmpty()) {
      return x;
    }
    Content c = content(x.items(), needs);
    if (c.vectors != null) {
      x = x.withItemVectors(c.vectors);
    }
    return needs.contains(ItemContent.TEXTS) ? x.withItemTexts(c.texts) : x;
  }

  /** The documents of {@code index} and, when {@code needs} asks, their vectors, from one rendering of the catalogue. */
  private record Content(ItemTexts texts, ItemVectors vectors) { }

  private Content content(IdIndex index, Set<ItemContent> needs) {
    synchronized (embedLock) {
      Documents docs = documents();
      return new Content(texts(index, docs), needs.contains(ItemContent.VECTORS) ? vectors(index, docs) : null);
    }
  }

  /**
   * {@code data} with the catalogue's item vectors (embedding missing ones first) and/or documents
   * attached for the split's items, as {@code needs} asks; items unknown to the catalogue get none.
   *
   * @throws IllegalArgumentException if content is needed but no item of the split has a document
   */
  public EvalData withContent(EvalData data, Set<ItemContent> needs) {
    if (needs.isEmpty()) {
      return data;
    }
    Content c = content(data.items(), needs);
    if (c.texts.present() == 0) {
      throw new IllegalArgumentException("no item of the split has a document, so models reading " + needs
          + " cannot score: import items with titles or descriptions (check the [embed] template)");
    }
    if (c.vectors != null) {
      data = data.withItemVectors(c.vectors);
    }
    if (needs.contains(ItemContent.TEXTS)) {
      data = data.withItemTexts(c.texts);
    }
    return data;
  }

  /**
   * The documents of the items of {@code index} rendered by the configured template (the same
   * text that is embedded); items without one, and ids not in the catalogue, get {@code null}.
   */
  public ItemTexts itemTexts(IdIndex index) {
    return texts(index, documents());
  }

  private static ItemTexts texts(IdIndex index, Documents docs) {
    Map<String, String> byId = new HashMap<>(docs.ids.size() * 2);
    for (int i = 0; i < docs.ids.size(); i++) {
      if (docs.hashes[i] != null) {
        byId.put(docs.ids.get(i), docs.texts.get(i));
      }
    }
    String[] texts = new String[index.size()];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = byId.get(index.id(i));
    }
    return new ItemTexts(index, texts);
  }

  private record Loaded(Interactions interactions, long events, long skipped, InvalidEvents invalid) {}

  /**
   * The store's feedback as a matrix over the catalogue. Never fails on data: events that cannot
   * be trained on ({@link FeedbackWeights#problemOf}: unconfigured type, invalid id, non-finite or
   * out-of-range value, timestamp out of range; written by an older version, by hand or by a bug)
   * are skipped and counted by reason with their row ids, and training goes on with the rest.
   */
  private Loaded loadInteractions() {
    List<String> ids = new ArrayList<>();
    store.items().forEach(item -> ids.add(item.id()));
    IdIndex items = IdIndex.of(ids);
    InteractionsBuilder b = Interactions.builder(items);
    FeedbackWeights weights = config.feedback();
    long[] events = new long[1];
    InvalidEvents.Collector invalid = new InvalidEvents.Collector();
    store.feedback().scanRows((id, user, item, type, value, timestamp) -> {
      events[0]++;
      dev.tandem.core.data.FeedbackProblem problem = weights.problemOf(user, item, type, value, timestamp);
      if (problem != null) {
        invalid.add(problem, id);
        return;
      }
      int i = items.indexOf(item);
      if (i >= 0) {
        b.add(user, i, weights.weight(type, value), timestamp);
      }
    });
    InvalidEvents skipped = invalid.build();
    if (skipped.invalid() > 0) {
      // the report carries it (TrainReport.invalid: `tandem train` warns, the server's job and /health show it)
      org.slf4j.LoggerFactory.getLogger(Tandem.class).info("training {}; `tandem doctor` lists them, `tandem doctor"
          + " --fix` removes them", skipped.describe());
    }
    return new Loaded(b.build(), events[0], invalid.count(dev.tandem.core.data.FeedbackProblem.UNKNOWN_TYPE), skipped);
  }

  /**
   * The store's feedback as events to split with {@code protocol}. For {@code ratings}, only
   * events of type {@code rating}, with their values. For every other protocol, positives only,
   * one per (user, item) pair (the earliest): rating events rated at least {@code minRating} keep
   * their value, and events of any other configured type whose weight
   * ({@link FeedbackWeights#weight}) is positive count as rated {@code minRating}; events of
   * unconfigured types, non-positive events and events that break the current rules (as training
   * skips them, see {@link TrainReport#invalid()}) are left out.
   */
  public Events events(Protocol protocol, double minRating) {
    FeedbackWeights weights = config.feedback();
    Events.Builder b = Events.builder();
    if (protocol == Protocol.RATINGS) {
      store.feedback().scan((user, item, type, value, timestamp) -> {
        if (FeedbackWeights.RATING.equals(type) && weights.problemOf(user, item, type, value, timestamp) == null) {
          b.add(user, item, value, timestamp);
        }
      });
      return b.build();
    }
    record Positive(String user, String item, double rating, long timestamp) {}
    Map<String, Positive> first = new LinkedHashMap<>();
    store.feedback().scan((user, item, type, value, timestamp) -> {
      if (weights.problemOf(user, item, type, value, timestamp) != null) {
        return;
      }
      double rating;
      if (FeedbackWeights.RATING.equals(type)) {
        rating = value;
        if (!(value >= minRating)) {
          return;
        }
      } else if (weights.weight(type, value) > 0) {
        rating = minRating;
      } else {
        return;
      }
      String key = user + '\u0000' + item;
      Positive prior = first.get(key);
      if (prior == null || timestamp < prior.timestamp()) {
        first.put(key, new Positive(user, item, rating, timestamp));
      }
    });
    for (Positive p : first.values()) {
      b.add(p.user(), p.item(), p.rating(), p.timestamp());
    }
    return b.build();
  }

  /**
   * Splits the store's feedback (see {@link #events}) by {@code options}; write it with
   * {@link SplitFolder#write} to get a refrec-compatible folder.
   */
  public SplitData split(SplitOptions options) {
    return Splitter.split(events(options.protocol(), options.minRating()), options, home.getFileName() + "/tandem.db");
  }

  /**
   * Evaluates models on {@code split} with this home's configuration; intra-list diversity uses
   * the catalogue's categories and tags (lower-cased) when any item has some. Item content that a
   * model {@linkplain ModelType#needs needs} is attached as by {@link #withContent}.
   */
  public EvalReport evaluate(SplitData split, EvaluateOptions options) {
    Map<String, List<String>> labels = new HashMap<>();
    store.items().forEach(item -> {
      List<String> l = new ArrayList<>();
      for (String c : item.categories()) {
        l.add(c.toLowerCase(Locale.ROOT));
      }
      for (String t : item.tags()) {
        l.add(t.toLowerCase(Locale.ROOT));
      }
      if (!l.isEmpty()) {
        labels.put(item.id(), l);
      }
    });
    EvalData data = EvalData.of(split);
    if (!labels.isEmpty()) {
      data = data.withCategories(labels);
    }
    List<String> models = options.models().isEmpty() ? config.trainModels() : options.models();
    data = withContent(data, Evaluation.needs(Evaluation.params(models, options, config)));
    return Evaluation.run(data, options, config);
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
      Serving s = serving();
      for (String name : List.of(config.recommendModel(), Popularity.NAME)) {
        if (s.has(name)) {
          s.model(name);
          out.append(out.length() == 0 ? "loaded " : ", ").append(name);
        }
      }
      askWarm = true;
      long t0 = System.nanoTime();
      if (prepareAsk(s)) {
        if (scoresContent(s)) {
          fresh(s);
        }
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
    return toHistory(store.feedback().history(userId, config.store().maxHistoryEvents()),
        serving().header.items());
  }

  /**
   * {@code events} (e.g. an anonymous session) as a history over the current snapshot's items,
   * weighted as configured; events on items outside the snapshot or of unknown types are dropped.
   */
  public History historyOf(List<Feedback> events) throws IOException {
    return toHistory(events, serving().header.items());
  }

  /**
   * The current snapshot's header: version, creation time, items, each model's parameters and
   * the training facts ({@link ModelSnapshot#info()}); no model is loaded.
   *
   * @throws IllegalStateException when nothing was trained yet
   */
  public ModelSnapshot snapshotHeader() throws IOException {
    return serving().header;
  }

  private History toHistory(List<Feedback> events, IdIndex items) {
    FeedbackWeights weights = config.feedback();
    int n = 0;
    int[] its = new int[events.size()];
    float[] ws = new float[events.size()];
    long[] ts = new long[events.size()];
    for (Feedback f : events) {
      int i = items.indexOf(f.item());
      if (i < 0 || !weights.accepts(f.type(), f.value())) { // unconfigured type, or a value stored before its range
        continue;
      }
      its[n] = i;
      ws[n] = weights.weight(f.type(), f.value());
      ts[n] = f.timestamp();
      n++;
    }
    return new History(java.util.Arrays.copyOf(its, n), java.util.Arrays.copyOf(ws, n), java.util.Arrays.copyOf(ts, n));
  }

  /**
   * Recommendations for a known (or unknown: popularity) user, from the history in the store. With
   * a chat model and {@code [chat] rerank = true}, every {@code recommend} lets it reorder the top
   * {@code rerank_top_k} items ({@link RecommendResult#reranked()}, {@link
   * RecommendResult#rerankProblem()}); the items stay the model's.
   */
  public RecommendResult recommend(String userId, RecommendOptions options) throws IOException {
    Serving s = serving();
    List<Feedback> events = store.feedback().history(userId, config.store().maxHistoryEvents());
    History h = toHistory(events, s.header.items());
    options.deadline().check("scoring");
    return rerank(s, h, storedProfile(userId), ranked(s, h, outsideSnapshot(events, s), options), options.deadline());
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
    Serving s = serving();
    List<Feedback> events = userId.isEmpty() ? List.of()
        : store.feedback().history(userId, config.store().maxHistoryEvents());
    History h = toHistory(events, s.header.items());
    History hp = profileText.isBlank() ? h : h.withProfile(profile(profileText));
    options.deadline().check("scoring");
    return rerank(s, hp, storedProfile(userId), ranked(s, hp, outsideSnapshot(events, s), options),
        options.deadline());
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
    Serving s = serving();
    History h = toHistory(events, s.header.items());
    History hp = profileText.isBlank() ? h : h.withProfile(profile(profileText));
    options.deadline().check("scoring");
    return recommend(s, hp, outsideSnapshot(events, s), options);
  }

  /**
   * The profile of {@code text}: the text and its query embedding by the configured {@code [embed]}
   * model ({@link Embedder#embedQuery}, which adds the model's query instruction, e.g. BGE's), the
   * same model that embedded the items. Loads the model on first use.
   *
   * @throws IllegalArgumentException if {@code text} is blank
   */
  public Profile profile(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("profile text must not be blank");
    }
    // embedders are thread-safe: a query runs alongside a training's document embedding
    return new Profile(text, embedder().embedQuery(text.strip()));
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
    return recommend(serving(), history, Set.of(), options);
  }

  /**
   * {@link #recommend(History, RecommendOptions)} on snapshot {@code s}, whose item indices
   * {@code history} uses; a model that can {@linkplain ContentScorer score content} also ranks the
   * {@linkplain #itemsUpserted fresh items} except those of {@code freshSeen} (the ids of the
   * user's feedback outside the snapshot).
   */
  private RecommendResult recommend(Serving s, History history, Set<String> freshSeen, RecommendOptions options) {
    return rerank(s, history, () -> "", ranked(s, history, freshSeen, options), options.deadline());
  }

  /** The stored user's self-description ({@link dev.tandem.core.data.User#profile()}), read when asked for. */
  private java.util.function.Supplier<String> storedProfile(String userId) {
    return () -> userId.isBlank() ? "" : store.users().get(userId).map(dev.tandem.core.data.User::profile).orElse("");
  }

  /** How many recent history titles describe a user to the chat reranker when there is no profile text. */
  static final int RERANK_HISTORY_TITLES = 5;

  /**
   * {@code r} reordered by the chat model when {@code [chat] rerank = true} and a chat model is
   * configured (else {@code r} itself): the first {@code rerank_top_k} items go to
   * {@link dev.tandem.llm.chat.LlmReranker} (through a {@link dev.tandem.llm.chat.ScrubbingChatModel}),
   * which may only permute them; on any failure the model's order stands and the result says why.
   * Items keep their scores, so after a rerank they need not fall. The request text is the
   * history's profile text, else the user's stored profile ({@code stored}, "" for none), else
   * {@link #rerankQuery}. The chat model gets at most the time {@code deadline} leaves; with less
   * than {@link Deadline#MIN_STEP} left the rerank is skipped and the result says so
   * ({@link RecommendResult#cutShort()}).
   */
  private RecommendResult rerank(Serving s, History history, java.util.function.Supplier<String> stored,
      RecommendResult r, Deadline deadline) {
    if (r.items().size() < 2 || !config.chat().rerank()) {
      return r;
    }
    Optional<dev.tandem.llm.chat.LlmReranker> reranker =
        config.chat().reranker(chatModel().map(dev.tandem.llm.chat.ScrubbingChatModel::new));
    if (reranker.isEmpty()) {
      return r;
    }
    java.time.Duration budget = deadline.budget(config.chat().rerankBudget());
    if (budget.isZero()) {
      return r.withCutShort(CUT_RERANK);
    }
    List<dev.tandem.llm.chat.LlmReranker.Candidate> candidates = new ArrayList<>(r.items().size());
    Map<String, Recommendation> byId = new HashMap<>();
    for (Recommendation rec : r.items()) {
      candidates.add(new dev.tandem.llm.chat.LlmReranker.Candidate(rec.itemId(), rec.title(),
          channelsText(rec.evidence())));
      byId.put(rec.itemId(), rec);
    }
    String query = history.profile().hasText() ? history.profile().text() : stored.get().strip();
    if (query.isEmpty()) {
      query = rerankQuery(s, history);
    }
    dev.tandem.llm.chat.LlmReranker.Reranked rr = reranker.get().rerank(query, candidates, budget);
    List<Recommendation> out = new ArrayList<>(rr.ids().size());
    for (String id : rr.ids()) {
      out.add(byId.get(id));
    }
    return r.withRerank(out, rr.problem().isEmpty(), rr.problem());
  }

  /** The step {@link RecommendResult#cutShort()} names when a chat rerank was skipped for lack of time. */
  public static final String CUT_RERANK = "chat rerank";
  /** The step {@link AskResult#cutShort()} names when the chat intent parser was skipped for lack of time. */
  public static final String CUT_CHAT_INTENT = "chat intent parser";
  /** The step {@link RecommendResult#cutShort()} names when chat explanations gave way to templates for lack of time. */
  public static final String CUT_CHAT_EXPLANATIONS = "chat explanations";

  /**
   * A short description of a user for the chat reranker from the history alone: the titles of the
   * {@value #RERANK_HISTORY_TITLES} most recent distinct items with a positive weight, latest first
   * ("Recently liked: Dune; Hyperion."); {@code ""} when there are none.
   */
  String rerankQuery(Serving s, History history) {
    Integer[] order = new Integer[history.size()];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    // latest first; on equal timestamps the later event first
    java.util.Arrays.sort(order, (a, b) -> history.timestamps(a) != history.timestamps(b)
        ? Long.compare(history.timestamps(b), history.timestamps(a)) : Integer.compare(b, a));
    List<String> recent = new ArrayList<>();
    IdIndex items = s.header.items();
    for (int k : order) {
      if (recent.size() == RERANK_HISTORY_TITLES) {
        break;
      }
      int i = history.items(k);
      if (history.weights(k) > 0 && i >= 0 && i < items.size() && !recent.contains(items.id(i))) {
        recent.add(items.id(i));
      }
    }
    if (recent.isEmpty()) {
      return "";
    }
    Map<String, dev.tandem.core.data.Item> found = store.items().getAll(recent);
    List<String> titles = new ArrayList<>();
    for (String id : recent) {
      dev.tandem.core.data.Item it = found.get(id);
      if (it != null && !it.title().isBlank()) {
        titles.add(it.title().strip());
      }
    }
    return titles.isEmpty() ? "" : "Recently liked: " + String.join("; ", titles) + ".";
  }

  /** A fused item's channel ranks as short evidence ("ease #1, itemknn #3"); "" for none. */
  private static String channelsText(List<Contribution> channels) {
    StringBuilder b = new StringBuilder();
    for (Contribution c : channels) {
      if (c.retrieved()) {
        b.append(b.length() == 0 ? "" : ", ").append(c.channel()).append(" #").append(c.rank());
      }
    }
    return b.toString();
  }

  /** {@link #recommend(Serving, History, Set, RecommendOptions)} before any chat rerank. */
  private RecommendResult ranked(Serving s, History history, Set<String> freshSeen, RecommendOptions options) {
    String name = options.model().orElse(null);
    Profile profile = history.profile();
    if (name == null && !profile.isEmpty()) {
      if (profile.hasVector() && s.has(Semantic.NAME)) {
        name = Semantic.NAME;
      } else if (profile.hasText() && s.has(Bm25.NAME)) {
        name = Bm25.NAME;
      }
    }
    String reason = "";
    Model model;
    if (name != null) {
      model = s.model(name);
    } else {
      Choice c = defaultModel(s.header, config.recommendModel());
      model = s.model(c.name());
      reason = c.reason();
    }
    boolean usable = history.positives(model.numItems()).size() > 0 || (model.readsProfile() && !profile.isEmpty());
    if (!usable && !(model instanceof Popularity) && s.has(Popularity.NAME)) {
      reason = (reason.isEmpty() ? "" : reason + "; ") + "the history has no events model " + model.type()
          + " can use (" + history.size() + " read), so popularity answered";
      model = s.model(Popularity.NAME);
    }
    boolean fallback = !reason.isEmpty();
    FreshItems fresh = model instanceof ContentScorer cs && cs.scoresContent() ? fresh(s) : FreshItems.EMPTY;
    String label = options.category().map(c -> c.toLowerCase(Locale.ROOT)).orElse(null);
    ItemFilter filter = s.available.and(categoryFilter(s, fresh, options.category().orElse(null)));
    Request request = new Request(options.n(), filter, true);
    if (model instanceof FusedModel fused) {
      List<FusedItem> items = options.mmr().isPresent()
          ? fused.recommendWithEvidence(history, request, options.mmr().getAsDouble())
          : fused.recommendWithEvidence(history, request);
      int[] ids = new int[items.size()];
      float[] scores = new float[items.size()];
      Map<Integer, List<Contribution>> evidence = new HashMap<>();
      for (int r = 0; r < ids.length; r++) {
        ids[r] = items.get(r).item();
        scores[r] = items.get(r).score();
        evidence.put(ids[r], items.get(r).channels());
      }
      List<Recommendation> out = new ArrayList<>();
      for (Recommendation rec : render(new ScoredItems(ids, scores), s)) {
        out.add(new Recommendation(rec.itemId(), rec.title(), rec.score(),
            evidence.get(s.header.items().indexOf(rec.itemId()))));
      }
      if (fresh.size() > 0) {
        out = withFresh(out, fresh.recommend((ContentScorer) model, history, options.n(), label, freshSeen),
            options.n());
      }
      return new RecommendResult(out, model.type(), history.size(), fallback, s.header.version(), "", false, "", reason,
          List.of());
    }
    if (options.mmr().isPresent()) {
      throw new IllegalArgumentException("mmr_lambda (" + options.mmrLambda() + ") reranks fused models only (rrf,"
          + " fusion); model " + model.type() + " answered");
    }
    ScoredItems top = model.recommend(history, request);
    List<Recommendation> out = render(top, s);
    if (fresh.size() > 0) {
      out = withFresh(out, fresh.recommend((ContentScorer) model, history, options.n(), label, freshSeen),
          options.n());
    }
    return new RecommendResult(out, model.type(), history.size(), fallback, s.header.version(), "", false, "", reason,
        List.of());
  }

  /**
   * The model that answers when a request names none: {@code configured} ({@code recommend.model})
   * when the snapshot has it; otherwise popularity, else the snapshot's first model, with the
   * reason, so that the answer says {@code fallback: true} instead of switching models silently.
   *
   * @param name the model to use
   * @param reason why it is not {@code configured}; "" when it is
   */
  record Choice(String name, String reason) {}

  static Choice defaultModel(ModelSnapshot header, String configured) {
    java.util.Set<String> trained = header.params().keySet();
    if (trained.contains(configured)) {
      return new Choice(configured, "");
    }
    String instead = trained.contains(Popularity.NAME) ? Popularity.NAME : trained.iterator().next();
    return new Choice(instead, missingDefault(header, configured) + ", so " + instead + " answered");
  }

  /**
   * What is wrong with the serving snapshot for answering by default: that it lacks the configured
   * {@code recommend.model} (then answers come from another model and say {@code fallback: true});
   * empty when nothing was trained yet or nothing is wrong.
   */
  public Optional<String> servingProblem() throws IOException {
    if (snapshots.latest().isEmpty()) {
      return Optional.empty();
    }
    ModelSnapshot h = serving().header;
    Choice c = defaultModel(h, config.recommendModel());
    return c.reason().isEmpty() ? Optional.empty() : Optional.of(c.reason() + " (answers say fallback: true)");
  }

  /** "recommend.model (ease) is not in snapshot 7, which has [pop]; retrain with it". */
  static String missingDefault(ModelSnapshot header, String configured) {
    return "recommend.model (" + configured + ") is not in snapshot " + header.version() + ", which has "
        + header.params().keySet() + "; retrain with it (tandem train --models ...," + configured + ")";
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
  public RecommendResult explain(RecommendResult result, History history, dev.tandem.llm.explain.Language lang,
      List<String> terms) throws IOException {
    return explain(result, history, lang, terms, Deadline.NONE);
  }

  /**
   * As {@link #explain(RecommendResult, History, dev.tandem.llm.explain.Language, List)}, under
   * {@code deadline}: a chat writer gets only the time left, and once too little is left the
   * remaining sentences are written by templates ({@link #CUT_CHAT_EXPLANATIONS} in
   * {@link RecommendResult#cutShort()}).
   */
  public RecommendResult explain(RecommendResult result, History history, dev.tandem.llm.explain.Language lang,
      List<String> terms, Deadline deadline) throws IOException {
    Serving s = serving();
    Model model = s.header.version() == result.snapshotVersion() && s.has(result.model()) ? s.model(result.model())
        : null;
    if (!chatExplainChecked) {
      chatExplainChecked = true;
      if (config.chat().explain()) { // [chat] explain: sentences by the configured chat model, scrubbed, checked
        chatModel().ifPresent(m -> explainWithChat(new dev.tandem.llm.chat.ScrubbingChatModel(m),
            config.chat().timeout()));
      }
    }
    return explainer.explain(result, history, lang, terms, s.header.items(), s.byLabel, model, deadline);
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
    List<Recommendation> recs = new ArrayList<>(r.items().size());
    for (AskItem it : r.items()) {
      recs.add(new Recommendation(it.itemId(), it.title(), it.score()));
    }
    List<Feedback> events = new ArrayList<>(user.isBlank() ? List.of()
        : store.feedback().history(user, config.store().maxHistoryEvents()));
    for (String liked : r.session().liked()) {
      events.add(new Feedback(user.isBlank() ? Ask.VISITOR : user, liked, Ask.LIKE, 1, 0));
    }
    History h = events.isEmpty() ? History.EMPTY : historyOf(events);
    RecommendResult rr = new RecommendResult(recs, r.personalModel(), h.size(), r.fallback(), r.snapshotVersion(),
        "", r.reranked(), r.rerankProblem(), r.fallbackReason(), r.cutShort());
    List<String> terms = new ArrayList<>(r.effective().include());
    terms.addAll(r.effective().prefer());
    dev.tandem.llm.explain.Language lang = dev.tandem.llm.explain.Language.parse(r.intent().language());
    RecommendResult x = explain(rr, h, lang, terms, deadline);
    // items added after training (fresh) have no evidence in the snapshot: they say they are new, and
    // which of the request's labels they carry
    IdIndex snapshotItems = serving().header.items();
    List<Recommendation> explained = new ArrayList<>(x.items());
    boolean anyFresh = false;
    for (int k = 0; k < explained.size(); k++) {
      AskItem it = r.items().get(k);
      if (snapshotItems.indexOf(it.itemId()) >= 0) {
        continue;
      }
      List<String> carried = new ArrayList<>();
      for (String t : it.matched()) {
        if (terms.contains(t)) {
          carried.add(t);
        }
      }
      explained.set(k, explained.get(k).withExplanation(new Explanation(List.of(), List.of(), carried, 0,
          new dev.tandem.llm.explain.Explanations().fresh(carried, lang),
          dev.tandem.llm.explain.Written.Source.TEMPLATE)));
      anyFresh = true;
    }
    if (anyFresh) {
      x = x.withItems(explained);
    }
    String why = new dev.tandem.llm.explain.Explanations().shortfall(r.items().size(), r.asked(), r.matching(),
        r.shortfall(), lang);
    if (why.isEmpty()) {
      return x;
    }
    // a short answer says first which constraint narrowed it; an empty one says only that
    return x.withIntro(r.items().isEmpty() ? why
        : why + (lang == dev.tandem.llm.explain.Language.ZH ? "" : " ") + x.intro());
  }

  /**
   * Has explanations written by {@code chat} (each checked for faithfulness against the catalogue's
   * titles and labels, the template sentence used on rejection or failure), or by templates only
   * when {@code chat} is null. What {@code [chat] explain = true} switches on.
   */
  public void explainWithChat(dev.tandem.llm.chat.ChatModel chat, java.time.Duration timeout) {
    chatExplainChecked = true; // an explicit choice outranks [chat] explain
    explainer.useChat(chat, timeout);
  }

  /** The chat explanation writer in use (its accepted/rejected counters), if any has run. */
  public java.util.Optional<dev.tandem.llm.explain.ChatExplanations> chatExplanations() {
    return java.util.Optional.ofNullable(explainer.chatWriter());
  }

  /**
   * The snapshot items of {@code category} (all when null); none, rather than an error, when only
   * fresh items carry it.
   */
  private static ItemFilter categoryFilter(Serving s, FreshItems fresh, String category) {
    if (category != null && !s.byLabel.containsKey(category.toLowerCase(Locale.ROOT))
        && fresh.hasLabel(category.toLowerCase(Locale.ROOT))) {
      return item -> false;
    }
    return s.category(category);
  }

  /** The ids of {@code events} of configured types on items outside the serving snapshot. */
  private Set<String> outsideSnapshot(List<Feedback> events, Serving s) {
    Set<String> out = new HashSet<>();
    for (Feedback f : events) {
      if (s.header.items().indexOf(f.item()) < 0 && config.feedback().knows(f.type())) {
        out.add(f.item());
      }
    }
    return out;
  }

  /** The best {@code n} of {@code top} and {@code fresh} (both best first) by score; equal scores keep {@code top}'s first. */
  private List<Recommendation> withFresh(List<Recommendation> top, List<FreshItems.Scored> fresh, int n) {
    if (fresh.isEmpty()) {
      return top;
    }
    List<String> ids = new ArrayList<>();
    for (FreshItems.Scored f : fresh) {
      ids.add(f.id());
    }
    Map<String, Item> items = store.items().getAll(ids);
    List<Recommendation> out = new ArrayList<>(n);
    int a = 0;
    int b = 0;
    while (out.size() < n && (a < top.size() || b < fresh.size())) {
      if (b >= fresh.size() || (a < top.size() && top.get(a).score() >= fresh.get(b).score())) {
        out.add(top.get(a++));
      } else {
        FreshItems.Scored f = fresh.get(b++);
        Item it = items.get(f.id());
        out.add(new Recommendation(f.id(), it == null ? "" : it.title(), f.score()));
      }
    }
    return out;
  }

  /**
   * Items most similar to {@code itemId}. With {@code semantic}, {@linkplain #itemsUpserted fresh
   * items} take part too, as the query or among the results.
   */
  public RecommendResult similar(String itemId, RecommendOptions options) throws IOException {
    Serving s = serving();
    int item = s.header.items().indexOf(itemId);
    Choice choice = options.model().map(m -> new Choice(m, ""))
        .orElseGet(() -> defaultModel(s.header, config.recommendModel()));
    Model model = s.model(choice.name());
    // semantic's similarity is the cosine of document vectors, which fresh items have too
    FreshItems fresh = model instanceof Semantic ? fresh(s) : FreshItems.EMPTY;
    int freshIndex = item < 0 ? fresh.indexOf(itemId) : -1;
    if (item < 0 && freshIndex < 0) {
      throw new IllegalArgumentException("item (" + Quote.of(itemId) + ") is not in the trained catalogue ("
          + s.header.items().size() + " items); retrain after adding items");
    }
    String label = options.category().map(c -> c.toLowerCase(Locale.ROOT)).orElse(null);
    ItemFilter filter = s.available.and(categoryFilter(s, fresh, options.category().orElse(null)));
    ScoredItems top;
    History query;
    if (item >= 0) {
      top = model.similar(item, options.n(), filter);
      query = History.of(item);
    } else { // the fresh item's vector as the query: its cosine to every item
      query = History.of(new Profile("", fresh.batch().vector(freshIndex)));
      top = model.recommend(query, new Request(options.n(), filter, false));
    }
    List<Recommendation> out = render(top, s);
    if (fresh.size() > 0) {
      out = withFresh(out, fresh.recommend((ContentScorer) model, query, options.n(), label, Set.of(itemId)),
          options.n());
    }
    options.deadline().check("rendering");
    return new RecommendResult(out, model.type(), 0, !choice.reason().isEmpty(), s.header.version(), "", false, "",
        choice.reason(), List.of());
  }

  private List<Recommendation> render(ScoredItems top, Serving s) {
    List<String> ids = new ArrayList<>(top.size());
    for (int r = 0; r < top.size(); r++) {
      ids.add(s.header.items().id(top.item(r)));
    }
    Map<String, Item> items = store.items().getAll(ids);
    List<Recommendation> out = new ArrayList<>(top.size());
    for (int r = 0; r < top.size(); r++) {
      Item it = items.get(ids.get(r));
      out.add(new Recommendation(ids.get(r), it == null ? "" : it.title(), top.score(r)));
    }
    return out;
  }

  /**
   * The snapshot serving requests: its header with the catalogue facts needed to filter, loaded
   * once (the newest on disk on first use); models not preloaded load on first use.
   */
  private Serving serving() throws IOException {
    Serving s = serving;
    if (s == null) {
      synchronized (loadLock) {
        s = serving;
        if (s == null) {
          Path file = snapshots.requireLatest();
          s = load(file, null);
          serving = s;
        }
      }
    }
    return s;
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
      Serving s = serving;
      return s == null ? 0 : s.header.version();
    }
    long newest = versions.get(versions.size() - 1);
    return swapTo(snapshots.fileOf(newest), newest);
  }

  /**
   * The version of the snapshot serving requests, without loading one; empty before the first
   * request, {@link #train} or {@link #reload}.
   */
  public java.util.OptionalLong servingVersion() {
    Serving s = serving;
    return s == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(s.header.version());
  }

  /**
   * The snapshot files on disk, newest first, with their headers' facts and which one serves.
   * Files deleted while listing are left out.
   */
  public List<SnapshotInfo> snapshotList() throws IOException {
    Serving s = serving;
    long servingVersion = s == null ? -1 : s.header.version();
    List<Long> versions = snapshots.versions();
    List<SnapshotInfo> out = new ArrayList<>();
    for (int i = versions.size() - 1; i >= 0; i--) {
      Path file = snapshots.fileOf(versions.get(i));
      try {
        long bytes = Files.size(file);
        ModelSnapshot h = SnapshotFile.read(file, Set.of());
        out.add(new SnapshotInfo(h.version(), h.createdAtMillis(), bytes, List.copyOf(h.params().keySet()), file,
            h.version() == servingVersion));
      } catch (java.nio.file.NoSuchFileException e) {
        // pruned while listing
      }
    }
    return out;
  }

  /** Loads {@code file} (version {@code version}) and publishes it unless that version or a newer one serves already. */
  private long swapTo(Path file, long version) throws IOException {
    Serving published = null;
    long now;
    synchronized (loadLock) {
      Serving current = serving;
      if (current == null || current.header.version() < version) {
        Serving next = load(file, current);
        if (askWarm) {
          prepareAsk(next); // before publishing: no request pays for the new catalogue's prototypes
        }
        serving = next; // the one volatile write: requests see the old or the new, whole
        published = next;
      }
      now = serving.header.version();
    }
    if (published != null && askWarm && scoresContent(published)) {
      // the overlay reads the store's items outside the snapshot, so it is built after publishing (an item
      // upserted meanwhile is added to it by itemsUpserted); here rather than in the first request
      try {
        fresh(published);
      } catch (RuntimeException e) {
        LOG.warn("cannot build the fresh-item overlay of snapshot {} yet; the first request will: {}", version,
            e.toString());
      }
    }
    return now;
  }

  /** The snapshot versions {@link #ask} has a catalogue for, newest first (tests). */
  List<Long> askCatalogueVersions() {
    return asker.catalogueVersions();
  }

  /** Whether {@link #warm} asked for snapshots to be prepared for {@link #ask} before they serve. */
  private volatile boolean askWarm;

  /**
   * Prepares {@link #ask} on {@code s} (see {@link Ask#prepare}); a failure (e.g. an encoder that
   * cannot load) is logged and left to the first request, which reports it.
   *
   * @return whether it was prepared
   */
  private boolean prepareAsk(Serving s) {
    try {
      asker.prepare(new View(s.header, s.available, s::model, s::has, () -> FreshItems.EMPTY));
      return true;
    } catch (RuntimeException e) {
      LOG.warn("cannot prepare requests in words for snapshot {}; the first request will: {}", s.header.version(),
          e.toString());
      return false;
    }
  }

  /**
   * A ready {@link Serving} for {@code file}: header, filters, and the models {@code previous} had
   * loaded plus {@code recommend.model} (or, when absent, the model that answers instead) and
   * {@code pop}.
   */
  private Serving load(Path file, Serving previous) throws IOException {
    Set<String> preload = new HashSet<>();
    if (previous != null) {
      preload.addAll(previous.models.keySet());
    }
    preload.add(config.recommendModel());
    preload.add(Popularity.NAME);
    Serving next = new Serving(file, SnapshotFile.read(file, preload), store);
    if (!next.header.params().isEmpty()) {
      next.pick(null, config.recommendModel()); // loads the model answering by default, if not yet
    }
    return next;
  }

  // ---- natural-language requests (see Ask) ----------------------------------------------------

  /** Catalogue facts and the intent logic of {@link #ask}, cached per snapshot; created on first use. */
  private final Ask asker = new Ask(this);

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
    return asker.ask(request, asker.defaultParser());
  }

  /**
   * The intent parser {@link #ask(AskRequest)} uses, created on first use: the in-process one
   * ({@link dev.tandem.llm.intent.IntentParsers#inProcess}), or with a chat model configured and
   * {@code [chat] intent = true}, a {@link dev.tandem.llm.chat.LlmIntentParser} over
   * {@link #chatModel()} that falls back to it. With {@code [chat] rerank = true}, {@code ask}
   * also lets {@link #reranker()} reorder its (already constrained) items. Thread-safe.
   */
  public dev.tandem.llm.intent.IntentParser intentParser() {
    return asker.defaultParser();
  }

  /** {@link #ask(AskRequest)} with {@code parser} turning the text into an intent. */
  public AskResult ask(AskRequest request, dev.tandem.llm.intent.IntentParser parser) throws IOException {
    return asker.ask(request, parser);
  }

  /**
   * One consistent view of the serving snapshot for {@link Ask}: its header, the available items,
   * its models by name (loaded on first use) and its fresh-item overlay (built on first use; empty
   * when no trained model scores content).
   */
  record View(ModelSnapshot header, ItemFilter available, java.util.function.Function<String, Model> models,
      java.util.function.Predicate<String> has, java.util.function.Supplier<FreshItems> fresh) {
    /** A view without fresh items. */
    View(ModelSnapshot header, ItemFilter available, java.util.function.Function<String, Model> models,
        java.util.function.Predicate<String> has) {
      this(header, available, models, has, () -> FreshItems.EMPTY);
    }
  }

  /** The serving snapshot as a {@link View}. */
  View view() throws IOException {
    Serving s = serving();
    return new View(s.header, s.available, s::model, s::has, () -> scoresContent(s) ? fresh(s) : FreshItems.EMPTY);
  }

  /** The configured embedder (loaded on first use); for {@link Ask}'s in-process parser. */
  Embedder queryEmbedder() {
    return embedder();
  }

  /** The built-in Chinese encoder for the in-process parser's Chinese label prototypes. */
  static final String ZH_ENCODER = "bge-small-zh-v15";

  /**
   * The Chinese encoder of {@link Ask}'s in-process parser: the configured embedder when it is
   * {@value #ZH_ENCODER}, else that built-in model, loaded on first use (one thread: it embeds a
   * few short phrases per request) and closed with this Tandem.
   */
  Embedder zhEncoder() {
    if (ZH_ENCODER.equals(config.embed().model())) {
      return embedder();
    }
    synchronized (embedderLock) {
      if (zhEncoder == null) {
        zhEncoder = Embedders.builtIn(ZH_ENCODER, new OnnxEmbedder.Options(32, true, 1));
      }
      return zhEncoder;
    }
  }

  /** The configured weights turning {@code events} into a history over {@code items}. */
  History toHistoryOf(List<Feedback> events, IdIndex items) {
    return toHistory(events, items);
  }

  /**
   * The current snapshot with every model loaded (EASE on a large catalogue is hundreds of MB;
   * prefer {@link #model(String)} when one model is enough).
   */
  public ModelSnapshot snapshot() throws IOException {
    Serving s = serving();
    Map<String, Model> all = new LinkedHashMap<>();
    for (String name : s.header.params().keySet()) {
      all.put(name, s.model(name));
    }
    return new ModelSnapshot(s.header.version(), s.header.createdAtMillis(), s.header.items(), all, s.header.params(),
        s.header.info());
  }

  /** The current snapshot's model {@code name}, loaded on first use and then kept. */
  public Model model(String name) throws IOException {
    return serving().model(name);
  }

  private static final class Serving {
    final Path file;
    final ModelSnapshot header;
    final ItemFilter available;
    final Map<String, BitSet> byLabel = new LinkedHashMap<>();
    final Map<String, Model> models = new java.util.concurrent.ConcurrentHashMap<>();
    /** The fresh-item overlay of this snapshot; null until first used (see {@link Tandem#fresh}). */
    final java.util.concurrent.atomic.AtomicReference<FreshItems> fresh = new java.util.concurrent.atomic.AtomicReference<>();

    /** {@code read}'s loaded models become this serving's preloaded ones; its header keeps none. */
    Serving(Path file, ModelSnapshot read, Store store) {
      this.file = file;
      this.header = new ModelSnapshot(read.version(), read.createdAtMillis(), read.items(), Map.of(), read.params(),
          read.info());
      this.models.putAll(read.models());
      IdIndex items = read.items();
      BitSet ok = new BitSet(items.size());
      store.items().forEach(item -> {
        int i = items.indexOf(item.id());
        if (i < 0) {
          return;
        }
        if (item.available()) {
          ok.set(i);
        }
        Set<String> labels = new HashSet<>();
        for (String c : item.categories()) {
          labels.add(c.toLowerCase(Locale.ROOT));
        }
        for (String t : item.tags()) {
          labels.add(t.toLowerCase(Locale.ROOT));
        }
        for (String l : labels) {
          byLabel.computeIfAbsent(l, k -> new BitSet(items.size())).set(i);
        }
      });
      this.available = ItemFilter.of(ok);
    }

    boolean has(String name) {
      return header.params().containsKey(name);
    }

    Model model(String name) {
      if (!has(name)) {
        throw new IllegalArgumentException("model (" + Quote.of(name) + ") is not in snapshot " + header.version()
            + "; it has " + header.params().keySet() + " (train it with `tandem train --models " + name + "`)");
      }
      return models.computeIfAbsent(name, n -> {
        try {
          return SnapshotFile.read(file, Set.of(n)).models().get(n);
        } catch (java.nio.file.NoSuchFileException e) {
          throw new IllegalStateException("cannot load model " + n + ": snapshot " + header.version() + " (" + file
              + ") was deleted, by another process's retention ([server] keep_snapshots) or by hand; a newer"
              + " snapshot is swapped in by reload()", e);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot load model " + n + " from " + file + ": " + e.getMessage(), e);
        }
      });
    }

    ItemFilter category(String label) {
      if (label == null) {
        return ItemFilter.ALL;
      }
      BitSet b = byLabel.get(label.toLowerCase(Locale.ROOT));
      if (b == null) {
        throw new IllegalArgumentException("category (" + Quote.of(label) + ") matches no item's categories or tags");
      }
      return ItemFilter.of(b);
    }

    Model pick(String requested, String configured) {
      return model(requested != null ? requested : defaultModel(header, configured).name());
    }
  }

  /**
   * Tells the engine that {@code items} were committed to the store (inserted or replaced), so that
   * items outside the serving snapshot become recommendable at once by the models that can
   * {@linkplain ContentScorer score content} ({@code semantic}, {@code hybrid}): the documents of
   * those with one (rendered by {@code [embed] template}) are embedded through the embedding cache
   * and put into the snapshot's fresh-item overlay, replacing an earlier version; one whose document
   * became empty leaves it. Items in the snapshot are left alone. Does nothing (and loads no
   * embedding model) when nothing is trained or no trained model scores content. Thread-safe.
   *
   * @return how many of {@code items} are now in the overlay
   * @throws dev.tandem.llm.embed.EmbeddingException if the embedding model cannot be loaded or fails
   */
  public int itemsUpserted(List<Item> items) throws IOException {
    Serving s = servingIfTrained();
    if (s == null || !scoresContent(s)) {
      return 0;
    }
    ItemDocuments template = config.embed().documents();
    List<Item> fresh = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<String> emptied = new ArrayList<>();
    for (Item item : items) {
      String text = template.render(item);
      if (text.isEmpty()) {
        emptied.add(item.id());
      } else {
        fresh.add(item);
        texts.add(text);
      }
    }
    List<FreshItems.Entry> entries = freshEntries(fresh, texts);
    int count = 0;
    for (Serving at = s; at != null; at = serving == at ? null : servingIfTrained()) {
      count = updateFresh(at, entries, emptied);
    }
    return count;
  }

  /**
   * Tells the engine that the items {@code ids} were deleted from the store: they leave the
   * fresh-item overlay (see {@link #itemsUpserted}). Thread-safe.
   */
  public void itemsDeleted(java.util.Collection<String> ids) throws IOException {
    Serving s = servingIfTrained();
    if (s != null && scoresContent(s)) {
      for (Serving at = s; at != null; at = serving == at ? null : servingIfTrained()) {
        updateFresh(at, List.of(), List.copyOf(ids));
      }
    }
  }

  /** The ids of the items in the serving snapshot's fresh-item overlay, in insertion order (empty when nothing is trained). */
  public List<String> freshItems() throws IOException {
    Serving s = servingIfTrained();
    if (s == null || !scoresContent(s)) {
      return List.of();
    }
    FreshItems f = fresh(s);
    List<String> ids = new ArrayList<>(f.size());
    for (int k = 0; k < f.size(); k++) {
      ids.add(f.entry(k).id());
    }
    return ids;
  }

  /** Applies an update to {@code s}'s overlay (items in its snapshot skipped); returns how many of {@code added} it holds. */
  private int updateFresh(Serving s, List<FreshItems.Entry> added, List<String> removed) {
    List<FreshItems.Entry> outside = new ArrayList<>();
    for (FreshItems.Entry e : added) {
      if (s.header.items().indexOf(e.id()) < 0) {
        outside.add(e);
      }
    }
    fresh(s);
    FreshItems now = s.fresh.updateAndGet(f -> f.with(outside, removed));
    int count = 0;
    for (FreshItems.Entry e : outside) {
      count += now.indexOf(e.id()) >= 0 ? 1 : 0;
    }
    return count;
  }

  /** The serving snapshot, or null when nothing is trained yet. */
  private Serving servingIfTrained() throws IOException {
    return serving != null || snapshots.latest().isPresent() ? serving() : null;
  }

  /**
   * Whether a model of {@code s}, or a channel of a fused one, can score content (read from the
   * header: no model is loaded).
   */
  private static boolean scoresContent(Serving s) {
    for (Map.Entry<String, Map<String, String>> m : s.header.params().entrySet()) {
      ModelType<?, ?> type = ModelTypes.byName(m.getKey());
      if (type instanceof dev.tandem.core.fusion.FusionType fusion) {
        for (String channel : fusion.channelNames(m.getValue())) {
          if (ContentScorer.class.isAssignableFrom(ModelTypes.byName(channel).modelClass())) {
            return true;
          }
        }
      } else if (ContentScorer.class.isAssignableFrom(type.modelClass())) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code s}'s overlay, built on first use from the store's items outside the snapshot that have a
   * document (so that items added while the snapshot was trained are not lost).
   */
  private FreshItems fresh(Serving s) {
    FreshItems f = s.fresh.get();
    if (f != null) {
      return f;
    }
    synchronized (s.fresh) {
      if (s.fresh.get() == null) {
        ItemDocuments template = config.embed().documents();
        List<Item> outside = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        store.items().forEach(item -> {
          if (s.header.items().indexOf(item.id()) < 0) {
            String text = template.render(item);
            if (!text.isEmpty()) {
              outside.add(item);
              texts.add(text);
            }
          }
        });
        List<FreshItems.Entry> entries = freshEntries(outside, texts);
        s.fresh.set(FreshItems.EMPTY.with(entries, List.of()));
      }
      return s.fresh.get();
    }
  }

  /** Overlay entries for {@code items} with their rendered documents {@code texts} (same order), embedded. */
  private List<FreshItems.Entry> freshEntries(List<Item> items, List<String> texts) {
    Map<String, float[]> vectors = documentVectors(texts);
    List<FreshItems.Entry> entries = new ArrayList<>(items.size());
    for (int k = 0; k < items.size(); k++) {
      Item it = items.get(k);
      entries.add(new FreshItems.Entry(it.id(), vectors.get(texts.get(k)), texts.get(k), it.available(),
          FreshItems.Entry.labelsOf(it), FreshItems.Entry.numbersOf(it)));
    }
    return entries;
  }

  /** The vectors of {@code texts} by text, from the embedding cache, embedding (and caching) missing ones. */
  private Map<String, float[]> documentVectors(List<String> texts) {
    if (texts.isEmpty()) {
      return Map.of();
    }
    String model = modelId();
    Map<String, String> textByHash = new LinkedHashMap<>();
    for (String t : texts) {
      textByHash.putIfAbsent(EmbeddingCache.hash(t), t);
    }
    synchronized (embedLock) {
      Map<String, float[]> byHash = new HashMap<>(store.embeddings().get(model, textByHash.keySet()));
      List<String> missing = new ArrayList<>();
      for (String h : textByHash.keySet()) {
        if (!byHash.containsKey(h)) {
          missing.add(h);
        }
      }
      if (!missing.isEmpty()) {
        List<String> missingTexts = new ArrayList<>();
        for (String h : missing) {
          missingTexts.add(textByHash.get(h));
        }
        float[][] out = embedder().embedDocuments(missingTexts);
        Map<String, float[]> batch = new LinkedHashMap<>();
        for (int k = 0; k < missing.size(); k++) {
          batch.put(missing.get(k), out[k]);
        }
        store.embeddings().put(model, batch);
        byHash.putAll(batch);
      }
      Map<String, float[]> byText = new HashMap<>();
      textByHash.forEach((h, t) -> byText.put(t, byHash.get(h)));
      return byText;
    }
  }

  /**
   * Makes sure every catalogue item's document (rendered by {@code [embed] template}) has a vector
   * of the configured model in the store's embedding cache: looks the documents up by the SHA-256
   * of their text and embeds only the missing texts, in chunks each stored in one transaction (an
   * interrupted run keeps what it stored). Unchanged items are never embedded again; a changed
   * title, template or model re-embeds exactly the texts that changed. The model is loaded on the
   * first call that has something to embed and closed with this {@code Tandem}. Serialised with
   * other embedding calls.
   *
   * @param progress told documents resolved so far (see {@link EmbedProgress})
   * @throws dev.tandem.llm.embed.EmbeddingException if the model cannot be loaded or fails
   */
  public EmbedReport embedItems(EmbedProgress progress) {
    java.util.Objects.requireNonNull(progress, "progress (use EmbedProgress.NONE)");
    synchronized (embedLock) {
      long t0 = System.nanoTime();
      Documents docs = documents();
      Resolved r = resolve(docs, progress);
      int cachedItems = 0;
      for (int i = 0; i < docs.hashes.length; i++) {
        if (docs.hashes[i] != null && r.wasCached.contains(docs.hashes[i])) {
          cachedItems++;
        }
      }
      return new EmbedReport(docs.ids.size(), docs.empty, cachedItems, r.embedded, (System.nanoTime() - t0) / 1e9,
          r.embedNanos / 1e9, modelId(), r.dimension);
    }
  }

  /**
   * The document vectors of the items of {@code index}, row {@code i} for {@code index.id(i)};
   * documents not yet cached are embedded first (as by {@link #embedItems}). Items without a
   * document (blank template fields and title) and ids not in the catalogue get a zero row and a
   * clear bit in {@link ItemVectors#present()}: a zero vector scores 0 against every query, which
   * is honest, whereas embedding a bare id would only add noise.
   */
  public ItemVectors itemVectors(IdIndex index) {
    synchronized (embedLock) {
      return vectors(index, documents());
    }
  }

  /** The vectors of {@code index}'s items from rendered {@code docs}, embedding uncached ones; hold embedLock. */
  private ItemVectors vectors(IdIndex index, Documents docs) {
    Resolved r = resolve(docs, EmbedProgress.NONE);
    int dim = r.dimension;
    float[] data = new float[index.size() * dim];
    BitSet present = new BitSet(index.size());
    Map<String, String> hashById = new HashMap<>(docs.ids.size() * 2);
    for (int i = 0; i < docs.hashes.length; i++) {
      if (docs.hashes[i] != null) {
        hashById.put(docs.ids.get(i), docs.hashes[i]);
      }
    }
    for (int row = 0; row < index.size(); row++) {
      String h = hashById.get(index.id(row));
      if (h == null) {
        continue;
      }
      float[] v = r.vectors.get(h);
      System.arraycopy(v, 0, data, row * dim, dim);
      present.set(row);
    }
    return new ItemVectors(index, dim, data, present);
  }

  /** Catalogue item ids with their documents and the hash of each one's document (null when it has none). */
  private record Documents(List<String> ids, List<String> texts, String[] hashes, int empty) { }

  private record Resolved(Map<String, float[]> vectors, Set<String> wasCached, int embedded, long embedNanos,
      int dimension) { }

  private Documents documents() {
    ItemDocuments template = config.embed().documents();
    List<String> ids = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    store.items().forEach(item -> {
      ids.add(item.id());
      texts.add(template.render(item));
    });
    String[] hashes = new String[ids.size()];
    int empty = 0;
    for (int i = 0; i < hashes.length; i++) {
      if (texts.get(i).isEmpty()) {
        empty++;
      } else {
        hashes[i] = EmbeddingCache.hash(texts.get(i));
      }
    }
    return new Documents(ids, texts, hashes, empty);
  }

  private Resolved resolve(Documents docs, EmbedProgress progress) {
    String model = modelId();
    Map<String, String> textByHash = new LinkedHashMap<>();
    for (int i = 0; i < docs.hashes.length; i++) {
      if (docs.hashes[i] != null) {
        textByHash.putIfAbsent(docs.hashes[i], docs.texts.get(i));
      }
    }
    Map<String, float[]> vectors = new HashMap<>(store.embeddings().get(model, textByHash.keySet()));
    Set<String> wasCached = Set.copyOf(vectors.keySet());
    List<String> missing = new ArrayList<>();
    for (String h : textByHash.keySet()) {
      if (!vectors.containsKey(h)) {
        missing.add(h);
      }
    }
    int total = docs.ids.size();
    int done = total - itemsWithout(docs, missing);
    progress.progress(done, total);
    long nanos = 0;
    int dimension = vectors.isEmpty() ? 0 : vectors.values().iterator().next().length;
    if (!missing.isEmpty()) {
      Embedder e = embedder();
      dimension = e.dimension();
      int chunk = Math.max(256, config.embed().batchSize() * config.embed().effectiveThreads() * 4);
      Map<String, Integer> itemsPerHash = new HashMap<>();
      for (String h : docs.hashes) {
        if (h != null) {
          itemsPerHash.merge(h, 1, Integer::sum);
        }
      }
      for (int from = 0; from < missing.size(); from += chunk) {
        List<String> part = missing.subList(from, Math.min(missing.size(), from + chunk));
        List<String> texts = new ArrayList<>(part.size());
        for (String h : part) {
          texts.add(textByHash.get(h));
        }
        long t = System.nanoTime();
        float[][] out = e.embedDocuments(texts);
        nanos += System.nanoTime() - t;
        Map<String, float[]> batch = new LinkedHashMap<>();
        for (int i = 0; i < part.size(); i++) {
          batch.put(part.get(i), out[i]);
          done += itemsPerHash.get(part.get(i));
        }
        store.embeddings().put(model, batch);
        vectors.putAll(batch);
        progress.progress(done, total);
      }
    }
    return new Resolved(vectors, wasCached, missing.size(), nanos, dimension);
  }

  private static int itemsWithout(Documents docs, List<String> missingHashes) {
    Set<String> missing = new HashSet<>(missingHashes);
    int n = 0;
    for (String h : docs.hashes) {
      if (h != null && missing.contains(h)) {
        n++;
      }
    }
    return n;
  }

  /** The id of the configured embedding model, known without loading it. */
  private String modelId() {
    return Embedders.spec(config.embed().model()).id();
  }

  private Embedder embedder() {
    synchronized (embedderLock) {
      if (embedder == null) {
        EmbedConfig c = config.embed();
        embedder = Embedders.builtIn(c.model(), new OnnxEmbedder.Options(c.batchSize(), true, c.effectiveThreads()));
      }
      return embedder;
    }
  }

  /**
   * The chat model of {@code [chat]}, opened on first use (its API key read from the environment
   * variable {@code chat.api_key_env}); empty when {@code chat.url} is "" (the default). Callers
   * must validate its answers and fall back to the in-process path on any
   * {@link dev.tandem.llm.chat.ChatException}; {@link ChatConfig#intentParser} and
   * {@link ChatConfig#reranker} do that. Closed with this Tandem. Thread-safe.
   */
  public Optional<ChatModel> chatModel() {
    if (!config.chat().configured()) {
      return Optional.empty();
    }
    synchronized (chatLock) {
      if (chatModel == null) {
        chatModel = config.chat().open(System.getenv()).orElseThrow();
      }
      return Optional.of(chatModel);
    }
  }

  /** The chat-model reranker when a chat model is configured and {@code [chat] rerank = true}. */
  public Optional<dev.tandem.llm.chat.LlmReranker> reranker() {
    return config.chat().reranker(chatModel());
  }

  /** Closes the chat model and embedding model (when loaded) and the store. */
  @Override
  public void close() {
    synchronized (chatLock) {
      if (chatModel != null) {
        chatModel.close();
        chatModel = null;
      }
    }
    try {
      synchronized (embedLock) {
        synchronized (embedderLock) {
          if (embedder != null) {
            embedder.close();
            embedder = null;
          }
          if (zhEncoder != null) {
            zhEncoder.close();
            zhEncoder = null;
          }
        }
      }
    } finally {
      store.close();
    }
  }
}

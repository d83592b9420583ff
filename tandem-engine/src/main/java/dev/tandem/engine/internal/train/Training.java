package dev.tandem.engine.internal.train;

import dev.tandem.core.data.FeedbackProblem;
import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import dev.tandem.core.eval.EvalData;
import dev.tandem.core.eval.EvalReport;
import dev.tandem.core.eval.Events;
import dev.tandem.core.eval.Protocol;
import dev.tandem.core.eval.SplitData;
import dev.tandem.core.eval.SplitFolder;
import dev.tandem.core.eval.SplitOptions;
import dev.tandem.core.eval.Splitter;
import dev.tandem.core.model.ItemContent;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.ParamValues;
import dev.tandem.core.rating.RatingModel;
import dev.tandem.core.rating.RatingModels;
import dev.tandem.core.rating.Ratings;
import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.engine.EvaluateOptions;
import dev.tandem.engine.Evaluation;
import dev.tandem.engine.InvalidEvents;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TandemConfig;
import dev.tandem.engine.TrainOptions;
import dev.tandem.engine.TrainReport;
import dev.tandem.engine.internal.embed.ItemEmbeddings;
import dev.tandem.engine.internal.serve.LabelIndex;
import dev.tandem.engine.internal.serve.Serving;
import dev.tandem.engine.internal.serve.ServingSnapshot;
import dev.tandem.store.Store;
import dev.tandem.store.snapshot.SnapshotStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Training and evaluation of a Tandem home (behind {@link Tandem#train}, {@link Tandem#evaluate}
 * and their relatives): reads the store's feedback into interactions or evaluation events, attaches
 * the item content models need, fits, writes the snapshot and has it published.
 *
 * <p>Thread-safe; training runs are serialised and hold no lock a request takes.
 */
public final class Training {
  /** Publishes a written snapshot file (see {@link Serving#swapTo}). */
  @FunctionalInterface
  public interface Publisher {
    /** Loads and publishes snapshot {@code version} from {@code file}; returns the version serving. */
    long swapTo(Path file, long version) throws IOException;
  }

  private final Path home;
  private final TandemConfig config;
  private final Store store;
  private final SnapshotStore snapshots;
  private final Serving serving;
  private final ItemEmbeddings embeddings;
  private final Publisher publisher;
  private final Object lock = new Object();

  /** Training of the home {@code home} as {@code config} says, publishing through {@code publisher}. */
  public Training(Path home, TandemConfig config, Store store, SnapshotStore snapshots, Serving serving,
      ItemEmbeddings embeddings, Publisher publisher) {
    this.home = home;
    this.config = config;
    this.store = store;
    this.snapshots = snapshots;
    this.serving = serving;
    this.embeddings = embeddings;
    this.publisher = publisher;
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
      if (RatingModels.has(m)) { // not configurable in tandem.toml: defaults, then the run's
        ParamValues p = run != null ? run : RatingModels.parameters(m).defaults();
        RatingModels.trainer(p); // the rules spanning several keys
        params.put(m, p);
        continue;
      }
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
    synchronized (lock) {
      List<String> models = options.models().isEmpty() ? config.trainModels() : options.models();
      Map<String, ParamValues> params = trainParams(options); // validate before any work
      long t0 = System.nanoTime();
      Loaded data = loadInteractions();
      Interactions x = data.interactions();
      boolean topN = models.stream().anyMatch(m -> !RatingModels.has(m));
      if (topN && x.nnz() == 0) {
        throw new IllegalStateException("no positive feedback to train on (" + data.events() + " events read): "
            + "import data first, e.g. `tandem import csv --feedback feedback.csv`");
      }
      Map<String, ParamValues> topNParams = new LinkedHashMap<>(params);
      topNParams.keySet().removeIf(RatingModels::has);
      x = withContent(x, Evaluation.needs(topNParams));
      Ratings ratings = topNParams.size() == params.size() ? null : ratingsOf(x.items());
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      Map<String, Model> fitted = new LinkedHashMap<>();
      Map<String, RatingModel> fittedRating = new LinkedHashMap<>();
      Map<String, Double> fitSeconds = new LinkedHashMap<>();
      for (String m : models) {
        long t = System.nanoTime();
        if (RatingModels.has(m)) {
          fittedRating.put(m, RatingModels.trainer(params.get(m)).fit(ratings));
        } else {
          fitted.put(m, ModelTypes.fit(params.get(m), x));
        }
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
      Map<String, Map<String, String>> ratingDescribed = new LinkedHashMap<>();
      params.forEach((m, p) -> (RatingModels.has(m) ? ratingDescribed : described).put(m, p.describe()));
      if (ratings != null) {
        info.put("ratings", Integer.toString(ratings.size()));
      }
      ModelSnapshot snap = new ModelSnapshot(version, System.currentTimeMillis(), x.items(), fitted, described, info,
          fittedRating, ratingDescribed);
      long tw = System.nanoTime();
      // never delete the snapshot serving here, nor the previous newest, which a concurrent reload
      // (or a server running next to this process) may be swapping in
      Set<Long> protect = new HashSet<>();
      protect.add(version - 1);
      ServingSnapshot current = serving.currentOrNull();
      if (current != null) {
        protect.add(current.version());
      }
      Path file = snapshots.write(snap, protect);
      double writeSeconds = (System.nanoTime() - tw) / 1e9;
      publisher.swapTo(file, version);
      return new TrainReport(version, file, x.numUsers(), x.numItems(), x.nnz(), data.events(), data.skipped(),
          loadSeconds, fitSeconds, writeSeconds, Files.size(file), data.invalid());
    }
  }

  /** {@code x} with the catalogue's item vectors and/or texts attached, as {@code needs} asks. */
  private Interactions withContent(Interactions x, Set<ItemContent> needs) {
    if (needs.isEmpty()) {
      return x;
    }
    ItemEmbeddings.Content c = embeddings.content(x.items(), needs);
    if (c.vectors() != null) {
      x = x.withItemVectors(c.vectors());
    }
    return needs.contains(ItemContent.TEXTS) ? x.withItemTexts(c.texts()) : x;
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
    ItemEmbeddings.Content c = embeddings.content(data.items(), needs);
    if (c.texts().present() == 0) {
      throw new IllegalArgumentException("no item of the split has a document, so models reading " + needs
          + " cannot score: import items with titles or descriptions (check the [embed] template)");
    }
    if (c.vectors() != null) {
      data = data.withItemVectors(c.vectors());
    }
    if (needs.contains(ItemContent.TEXTS)) {
      data = data.withItemTexts(c.texts());
    }
    return data;
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
      FeedbackProblem problem = weights.problemOf(user, item, type, value, timestamp);
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
    return new Loaded(b.build(), events[0], invalid.count(FeedbackProblem.UNKNOWN_TYPE), skipped);
  }

  /**
   * The store's explicit ratings (events of type {@code rating} that break no rule) over
   * {@code items}, a later rating of a pair replacing an earlier one; what rating models fit on.
   *
   * @throws IllegalStateException when there is none
   */
  private Ratings ratingsOf(IdIndex items) {
    FeedbackWeights weights = config.feedback();
    Ratings.Builder b = Ratings.builder(items);
    store.feedback().scan((user, item, type, value, timestamp) -> {
      int i = items.indexOf(item);
      if (i >= 0 && FeedbackWeights.RATING.equals(type) && weights.problemOf(user, item, type, value, timestamp) == null) {
        b.add(user, i, (float) value);
      }
    });
    Ratings r = b.build();
    if (r.size() == 0) {
      throw new IllegalStateException("no rating events to train a rating model on: import feedback of type"
          + " 'rating', e.g. `tandem import movielens ml-100k`");
    }
    return r;
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
   * the catalogue's labels ({@link LabelIndex#labelsOf}) when any item has some. Item content that a
   * model {@linkplain ModelType#needs needs} is attached as by {@link #withContent}.
   */
  public EvalReport evaluate(SplitData split, EvaluateOptions options) {
    Map<String, List<String>> labels = new HashMap<>();
    store.items().forEach(item -> {
      List<String> l = List.copyOf(LabelIndex.labelsOf(item));
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
}

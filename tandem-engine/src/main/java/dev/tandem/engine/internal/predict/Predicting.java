package dev.tandem.engine.internal.predict;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Quote;
import dev.tandem.core.rating.RatingHistory;
import dev.tandem.core.rating.RatingModel;
import dev.tandem.core.snapshot.SnapshotFile;
import dev.tandem.engine.ApiException;
import dev.tandem.engine.PredictResult;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.internal.serve.Serving;
import dev.tandem.engine.internal.serve.ServingSnapshot;
import dev.tandem.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rating prediction (behind {@link Tandem#predict}): reads the user's stored {@code rating}
 * events, folds them into the snapshot's rating model and predicts one item. The model never sees
 * a user id: a user without ratings is folded in from none (the model's baseline: global mean
 * plus item bias), and says so in {@link PredictResult#reason()}.
 *
 * <p>Thread-safe. Rating models are read from the serving snapshot's file on first use and kept
 * for that snapshot version.
 */
public final class Predicting {
  private final Serving serving;
  private final Store store;
  private final FeedbackWeights weights;
  private final int maxEvents;
  /** Loaded rating models by "version/name"; entries of older versions are dropped when a newer one loads. */
  private final Map<String, RatingModel> loaded = new ConcurrentHashMap<>();

  /**
   * Predictions over {@code serving}'s snapshot, reading at most {@code maxEvents} of a user's
   * latest events ({@code [store] max_history_events}) with {@code weights}' rules.
   */
  public Predicting(Serving serving, Store store, FeedbackWeights weights, int maxEvents) {
    this.serving = serving;
    this.store = store;
    this.weights = weights;
    this.maxEvents = maxEvents;
  }

  /**
   * The rating {@code model} (empty: the snapshot's first rating model) predicts {@code user} gives
   * {@code item}.
   *
   * @throws ApiException 404 for a user or item the store does not know, 400 for an item not in the
   *     trained catalogue, a model that is not a rating model of the snapshot, or a snapshot without one
   */
  public PredictResult predict(String user, String item, Optional<String> model) throws IOException {
    if (store.users().get(user).isEmpty()) {
      throw ApiException.notFound("user", unquoted(user));
    }
    if (store.items().get(item).isEmpty()) {
      throw ApiException.notFound("item", unquoted(item));
    }
    ServingSnapshot s = serving.current();
    Set<String> trained = s.header().ratingParams().keySet();
    if (trained.isEmpty()) {
      throw ApiException.refused("model", "snapshot " + s.version() + " has no rating model",
          "a snapshot trained with one, e.g. `tandem train --models biasedmf` (rating models: baseline, biasedmf,"
              + " svdpp, blend)");
    }
    String name = model.orElse(trained.iterator().next());
    if (!trained.contains(name)) {
      throw ApiException.invalid("model", Quote.of(name), "a rating model of snapshot " + s.version() + ": one of "
          + trained);
    }
    IdIndex items = s.items();
    int i = items.indexOf(item);
    if (i < 0) {
      throw ApiException.invalid("item", Quote.of(item), "an item of the trained catalogue (" + items.size()
          + " items); retrain after adding items");
    }
    RatingModel m = model(s, name);
    RatingHistory history = ratingsOf(user, items);
    int used = history.distinct(m.numItems()).size();
    double rating = m.predict(history, i);
    String reason = used == 0 ? "user " + Quote.of(user) + " has no ratings, so " + name
        + " predicted its baseline (global mean + item bias)" : "";
    return new PredictResult(user, item, rating, name, used, reason, s.version());
  }

  /** The user's latest stored ratings over {@code items}, in time order (a later rating of an item wins). */
  RatingHistory ratingsOf(String user, IdIndex items) {
    List<Feedback> events = store.feedback().history(user, maxEvents);
    int[] its = new int[events.size()];
    float[] rs = new float[events.size()];
    int n = 0;
    for (Feedback f : events) {
      if (!FeedbackWeights.RATING.equals(f.type())
          || weights.problemOf(f.user(), f.item(), f.type(), f.value(), f.timestamp()) != null) {
        continue;
      }
      int i = items.indexOf(f.item());
      if (i >= 0) {
        its[n] = i;
        rs[n] = (float) f.value();
        n++;
      }
    }
    return new RatingHistory(Arrays.copyOf(its, n), Arrays.copyOf(rs, n));
  }

  /** {@code s} escaped and cut as {@link Quote#of} does, without the quotes (for "user 'ID' not found"). */
  private static String unquoted(String s) {
    String q = Quote.of(s);
    int close = q.lastIndexOf('"');
    return q.substring(1, close) + q.substring(close + 1);
  }

  private RatingModel model(ServingSnapshot s, String name) {
    String key = s.version() + "/" + name;
    RatingModel m = loaded.get(key);
    if (m != null) {
      return m;
    }
    synchronized (loaded) { // one read per model and version
      m = loaded.get(key);
      if (m == null) {
        m = read(s, name);
        String prefix = s.version() + "/";
        loaded.keySet().removeIf(k -> !k.startsWith(prefix));
        loaded.put(key, m);
      }
      return m;
    }
  }

  private static RatingModel read(ServingSnapshot s, String name) {
    try {
      return SnapshotFile.read(s.file(), Set.of(name)).ratingModels().get(name);
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("cannot load rating model " + name + ": snapshot " + s.version() + " ("
          + s.file() + ") was deleted; a newer snapshot is swapped in by reload()", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load rating model " + name + " from " + s.file() + ": "
          + e.getMessage(), e);
    }
  }
}

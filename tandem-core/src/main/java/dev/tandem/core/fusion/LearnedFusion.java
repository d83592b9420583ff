package dev.tandem.core.fusion;

import com.microsoft.ml.lightgbm.PredictionType;
import dev.tandem.core.data.History;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import dev.tandem.core.kernel.Parallel;
import dev.tandem.core.kernel.SparseMatrix;
import dev.tandem.core.model.ItemContent;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelFitException;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.Param;
import dev.tandem.core.model.ParamSet;
import dev.tandem.core.model.ParamValues;
import dev.tandem.core.rerank.UnitVectors;
import dev.tandem.core.snapshot.SnapshotException;
import dev.tandem.core.snapshot.SnapshotInput;
import dev.tandem.core.snapshot.SnapshotOutput;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learned fusion: a LambdaMART ranker (LightGBM {@code lambdarank}) over the channels' candidates,
 * trained on a validation split carved from the training interactions, so that the mix adapts to
 * the user and item (e.g. content channels for short histories, collaborative ones for long).
 *
 * <p>Training: users with at least 5 positives are drawn (seeded, at most
 * {@code validation_users}); a fraction {@code holdout} of each one's positives (at least one) is
 * held out as targets; the channels are fitted on the rest; for each validation user the union of
 * the channels' top {@code depth} unseen items are the candidates, labelled 1 when held out. The
 * features of a candidate are, per channel, its score, rank ({@code depth + 1} when absent),
 * reciprocal rank (0 when absent) and gap to the channel's best score for the user; then the
 * item's log training count, its age in days (newest training timestamp minus the item's first,
 * 0 when unknown) and the log of the user's history length. Then the channels are refitted on all
 * training data ({@code refit}). LightGBM runs with a fixed seed, {@code deterministic=true} and a
 * fixed thread count, so the same data and parameters give the same model bytes, which the
 * snapshot stores.
 *
 * <p>Serving scores the candidates with the booster; per-channel evidence is the sum of the
 * GBDT's SHAP values (LightGBM {@code predict_contrib}) over the channel's features. Thread-safe:
 * booster calls are serialised.
 */
public final class LearnedFusion extends ChannelFusion {
  /** Type name. */
  public static final String NAME = "fusion";
  /** Features per channel: score, rank, reciprocal rank, gap to the best score. */
  static final int PER_CHANNEL = 4;
  /** Features after the channels: item log count, item age in days, user log history length. */
  static final int GLOBAL = 3;
  private static final Logger LOG = LoggerFactory.getLogger(LearnedFusion.class);
  private static final Cleaner CLEANER = Cleaner.create();

  private final Params params;
  private final float[] itemLogCount;
  private final float[] itemAgeDays;
  private final String boosterText;
  private final double[] importance;
  private final LGBMBooster booster;

  LearnedFusion(Params params, Model[] models, UnitVectors vectors, float[] itemLogCount, float[] itemAgeDays,
      String boosterText, double[] importance) {
    super(params.channels(), models, params.depth(), params.mmrLambda(), params.mmrDepth(), vectors);
    this.params = params;
    this.itemLogCount = itemLogCount;
    this.itemAgeDays = itemAgeDays;
    this.boosterText = boosterText;
    this.importance = importance;
    this.booster = loadBooster(boosterText);
    LGBMBooster b = booster;
    CLEANER.register(this, () -> {
      try {
        b.close();
      } catch (LGBMException e) {
        // nothing to do: the process keeps running without this native memory freed
      }
    });
  }

  /**
   * Parameters.
   *
   * @param channels the channel models and their parameters (as for {@code rrf})
   * @param depth how many of each channel's top items become candidates (default 100)
   * @param validationUsers at most this many users form the validation set (default 3000; with
   *     {@code validation = users} also at most a quarter of the training users); more rows fit a
   *     steadier ranker at the cost of fit time
   * @param validation {@code items} (default): validation users stay in the channels' training,
   *     only their held-out positives leave; {@code users}: they leave it (at most a quarter of the
   *     training users) and are scored from the rest of their positives, as held-out users are by
   *     the {@code holdout-users} protocol (ML-1M half ndcg@100 with 1000 validation users: items
   *     0.4349, users 0.4308)
   * @param holdout share of each validation user's positives held out as targets (default 0.2)
   * @param rounds boosting rounds (default 150)
   * @param learningRate shrinkage per round (default 0.05)
   * @param leaves leaves per tree (default 31)
   * @param minDataInLeaf minimum rows per leaf (default 50): larger is smoother
   * @param seed seed of the validation carve and of LightGBM (default 42)
   * @param threads LightGBM threads (default 2), fixed so results never depend on the machine
   * @param refit refit the channels on all training data after learning the ranker (default true)
   * @param mmrLambda MMR trade-off in [0, 1] (default 1 = off)
   * @param mmrDepth how many top fused items MMR reorders (default 100)
   * @param values the validated values these were bound from (what the snapshot stores)
   */
  public record Params(Channels channels, int depth, int validationUsers, String validation, double holdout, int rounds,
      double learningRate, int leaves, int minDataInLeaf, int seed, int threads, boolean refit, double mmrLambda,
      int mmrDepth, ParamValues values) {}

  /** {@code channels}: see {@link Params#channels}. */
  public static final Param<List<String>> CHANNELS = Channels.param(NAME);
  /** {@code validation_users}: see {@link Params#validationUsers}. */
  public static final Param<Integer> VALIDATION_USERS = Param.integer("validation_users", 3000, 1, 10_000_000,
      "Users drawn for the validation split (>= 5 positives each); more users fit a steadier ranker at the cost of"
          + " fit time (amazon-scientific ndcg@100: 0.1931 with 1000 users, 0.2073 with 3000).");
  /** {@code validation}: see {@link Params#validation}. */
  public static final Param<String> VALIDATION = Param.of("validation", "choice", "users or items", "items",
      (model, v) -> {
        String x = v.trim();
        if (!x.equals("users") && !x.equals("items")) {
          throw new IllegalArgumentException(model + ".validation (" + x + ") must be users or items");
        }
        return x;
      }, x -> x, "\"items\": validation users stay in the channels' training, only their held-out positives leave"
          + " (ML-1M half ndcg@100 0.4349 vs 0.4308, 1000 users); \"users\": they leave it (at most a quarter of the"
          + " users) and are scored from the rest of their positives, like holdout-users test users.");
  /** {@code holdout}: see {@link Params#holdout}. */
  public static final Param<Double> HOLDOUT = Param.decimal("holdout", 0.2, 0, false, 0.9,
      "Share of each validation user's positives held out as targets.");
  /** {@code rounds}: see {@link Params#rounds}. */
  public static final Param<Integer> ROUNDS = Param.integer("rounds", 150, 1, 100_000, "Boosting rounds.");
  /** {@code learning_rate}: see {@link Params#learningRate}. */
  public static final Param<Double> LEARNING_RATE = Param.decimal("learning_rate", 0.05, 0, false, 1,
      "Shrinkage per boosting round.");
  /** {@code leaves}: see {@link Params#leaves}. */
  public static final Param<Integer> LEAVES = Param.integer("leaves", 31, 2, 131_072, "Leaves per tree.");
  /** {@code min_data_in_leaf}: see {@link Params#minDataInLeaf}. */
  public static final Param<Integer> MIN_DATA_IN_LEAF = Param.integer("min_data_in_leaf", 50, 1, 1_000_000,
      "Minimum rows per leaf: larger is smoother.");
  /** {@code seed}: see {@link Params#seed}. */
  public static final Param<Integer> SEED = Param.integer("seed", 42, Integer.MIN_VALUE, Integer.MAX_VALUE,
      "Seed of the validation carve and of LightGBM.");
  /** {@code threads}: see {@link Params#threads}. */
  public static final Param<Integer> THREADS = Param.integer("threads", 2, 1, 1024,
      "LightGBM threads, fixed so that the model never depends on the machine.");
  /** {@code refit}: see {@link Params#refit}. */
  public static final Param<Boolean> REFIT = Param.bool("refit", true,
      "Refit the channels on all training data after learning the ranker (false serves the validation-fitted"
          + " channels).");
  /** The declared parameters. */
  public static final ParamSet PARAMETERS = ParamSet.of(NAME, CHANNELS, FusionParams.DEPTH, VALIDATION_USERS,
      VALIDATION, HOLDOUT, ROUNDS, LEARNING_RATE, LEAVES, MIN_DATA_IN_LEAF, SEED, THREADS, REFIT,
      FusionParams.MMR_LAMBDA, FusionParams.MMR_DEPTH).withChannels(CHANNELS, FusionParams::channelSet);

  @Override
  public String type() {
    return NAME;
  }

  /** The parameters. */
  public Params params() {
    return params;
  }

  /** Feature names, in column order. */
  public List<String> featureNames() {
    return featureNames(channels.names());
  }

  static List<String> featureNames(List<String> channels) {
    List<String> out = new ArrayList<>();
    for (String c : channels) {
      out.add(c + ".score");
      out.add(c + ".rank");
      out.add(c + ".rr");
      out.add(c + ".gap");
    }
    out.add("item.log_count");
    out.add("item.age_days");
    out.add("user.log_history");
    return out;
  }

  /** Total gain of each feature over the trees, by feature name, in column order. */
  public Map<String, Double> featureImportance() {
    Map<String, Double> m = new LinkedHashMap<>();
    List<String> names = featureNames();
    for (int f = 0; f < names.size(); f++) {
      m.put(names.get(f), importance[f]);
    }
    return Collections.unmodifiableMap(m);
  }

  /** The LightGBM model text (what the snapshot stores). */
  public String boosterText() {
    return boosterText;
  }

  private static LGBMBooster loadBooster(String text) {
    try {
      LightGbmNatives.load();
      return LGBMBooster.loadModelFromString(text);
    } catch (LGBMException e) {
      throw new ModelFitException(NAME + ": cannot load the LightGBM model: " + e.getMessage());
    }
  }

  /** Row-major features of {@code lists}' candidates. */
  static float[] features(ChannelLists lists, History history, float[] itemLogCount, float[] itemAgeDays) {
    int n = lists.numCandidates;
    int width = lists.scores.length * PER_CHANNEL + GLOBAL;
    // exactly one row per candidate: LightGBM's predictForMat copies the whole array
    float[] x = new float[n * width];
    float logHistory = logHistory(lists);
    for (int j = 0; j < n; j++) {
      featureRow(lists, j, logHistory, itemLogCount, itemAgeDays, x, j * width);
    }
    return x;
  }

  /** The user feature: log(1 + the history's distinct items within the index). */
  private static float logHistory(ChannelLists lists) {
    return (float) Math.log1p(lists.seen.cardinality());
  }

  /** Writes the features of candidate {@code j} of {@code lists} into {@code x[o..o + width)}. */
  private static void featureRow(ChannelLists lists, int j, float logHistory, float[] itemLogCount,
      float[] itemAgeDays, float[] x, int o) {
    int item = lists.candidates[j];
    int c = lists.scores.length;
    for (int ch = 0; ch < c; ch++) {
      float[] s = lists.scores[ch];
      float best = lists.topSize[ch] > 0 ? s[lists.top[ch][0]] : 0f;
      int rank = lists.rank[ch][item];
      int f = o + ch * PER_CHANNEL;
      x[f] = s[item];
      x[f + 1] = rank > 0 ? rank : lists.depth + 1;
      x[f + 2] = rank > 0 ? 1f / rank : 0f;
      x[f + 3] = s[item] - best;
    }
    int g = o + c * PER_CHANNEL;
    x[g] = itemLogCount[item];
    x[g + 1] = itemAgeDays[item];
    x[g + 2] = logHistory;
  }

  private int width() {
    return models.length * PER_CHANNEL + GLOBAL;
  }

  @Override
  void fuse(ChannelLists lists, History history) {
    int n = lists.numCandidates;
    if (n == 0) {
      return;
    }
    float[] x = features(lists, history, itemLogCount, itemAgeDays);
    double[] p;
    synchronized (booster) {
      try {
        p = booster.predictForMat(x, n, width(), true, PredictionType.C_API_PREDICT_RAW_SCORE, "num_threads=1");
      } catch (LGBMException e) {
        throw new IllegalStateException(NAME + ": LightGBM prediction failed: " + e.getMessage(), e);
      }
    }
    float[] out = lists.fused;
    for (int j = 0; j < n; j++) {
      out[j] = (float) p[j];
    }
  }

  @Override
  List<FusedItem> evidence(ChannelLists lists, History history, int[] items, float[] scores) {
    int width = width();
    int[] pos = new int[items.length];
    int k = 0;
    for (int p = 0; p < items.length; p++) {
      pos[p] = candidateIndex(lists, items[p]);
      if (pos[p] >= 0) {
        k++;
      }
    }
    // only the listed candidates' rows, not every candidate's
    float[] x = new float[k * width];
    float logHistory = logHistory(lists);
    int row = 0;
    for (int p = 0; p < items.length; p++) {
      if (pos[p] >= 0) {
        featureRow(lists, pos[p], logHistory, itemLogCount, itemAgeDays, x, row * width);
        row++;
      }
    }
    double[] contrib = new double[0];
    if (k > 0) {
      synchronized (booster) {
        try {
          contrib = booster.predictForMat(x, k, width, true, PredictionType.C_API_PREDICT_CONTRIB, "num_threads=1");
        } catch (LGBMException e) {
          throw new IllegalStateException(NAME + ": LightGBM contributions failed: " + e.getMessage(), e);
        }
      }
    }
    List<FusedItem> out = new ArrayList<>(items.length);
    row = 0;
    for (int p = 0; p < items.length; p++) {
      int item = items[p];
      if (pos[p] < 0) {
        out.add(unretrieved(lists, item, scores[p]));
        continue;
      }
      int o = row * (width + 1);
      List<Contribution> cs = new ArrayList<>(models.length);
      double channelSum = 0;
      for (int c = 0; c < models.length; c++) {
        double v = 0;
        for (int f = 0; f < PER_CHANNEL; f++) {
          v += contrib[o + c * PER_CHANNEL + f];
        }
        channelSum += v;
        cs.add(new Contribution(channels.names().get(c), lists.rank[c][item], lists.scores[c][item], v));
      }
      double total = 0;
      for (int f = 0; f <= width; f++) {
        total += contrib[o + f];
      }
      out.add(new FusedItem(item, scores[p], cs, total - channelSum));
      row++;
    }
    return out;
  }

  /** log(1 + training count) and age in days of every item of {@code x}. */
  static float[][] itemFeatures(Interactions x) {
    int m = x.numItems();
    SparseMatrix ui = x.userItem();
    int[] idx = ui.colIdx();
    long[] ts = x.timestamps();
    int[] count = new int[m];
    long[] first = new long[m];
    Arrays.fill(first, Long.MAX_VALUE);
    long newest = Long.MIN_VALUE;
    for (int e = 0; e < idx.length; e++) {
      count[idx[e]]++;
      if (ts[e] > 0) {
        first[idx[e]] = Math.min(first[idx[e]], ts[e]);
        newest = Math.max(newest, ts[e]);
      }
    }
    float[] logCount = new float[m];
    float[] age = new float[m];
    for (int i = 0; i < m; i++) {
      logCount[i] = (float) Math.log1p(count[i]);
      age[i] = first[i] == Long.MAX_VALUE ? 0f : (float) ((newest - first[i]) / 86_400.0);
    }
    return new float[][] {logCount, age};
  }

  /** A validation carve: the training data without the held-out pairs, and the targets per chosen user row. */
  record Carve(Interactions rest, int[] users, History[] histories, int[][] targets) {}

  /** Carves validation targets out of {@code train} as the class docs describe. */
  static Carve carve(Interactions train, int maxUsers, double holdout, long seed, boolean dropUsers) {
    SparseMatrix ui = train.userItem();
    int[] ptr = ui.rowPtr();
    int[] idx = ui.colIdx();
    float[] val = ui.values();
    long[] ts = train.timestamps();
    int[] eligible = new int[train.numUsers()];
    int ne = 0;
    for (int u = 0; u < train.numUsers(); u++) {
      if (ptr[u + 1] - ptr[u] >= 5) {
        eligible[ne++] = u;
      }
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = ne - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = eligible[i];
      eligible[i] = eligible[j];
      eligible[j] = t;
    }
    // dropping users from the channels' training: keep at least three quarters of them
    int nv = Math.min(maxUsers, dropUsers ? Math.min(ne, train.numUsers() / 4) : ne);
    int[] users = Arrays.copyOf(eligible, nv);
    Arrays.sort(users);
    boolean[] held = new boolean[idx.length];
    int[][] targets = new int[nv][];
    for (int k = 0; k < nv; k++) {
      int u = users[k];
      int n = ptr[u + 1] - ptr[u];
      int h = Math.max(1, (int) Math.round(holdout * n));
      int[] pos = new int[n];
      for (int i = 0; i < n; i++) {
        pos[i] = ptr[u] + i;
      }
      for (int i = 0; i < h; i++) {
        int j = i + rnd.nextInt(n - i);
        int t = pos[i];
        pos[i] = pos[j];
        pos[j] = t;
      }
      int[] tg = new int[h];
      for (int i = 0; i < h; i++) {
        held[pos[i]] = true;
        tg[i] = idx[pos[i]];
      }
      Arrays.sort(tg);
      targets[k] = tg;
    }
    boolean[] chosen = new boolean[train.numUsers()];
    for (int u : users) {
      chosen[u] = true;
    }
    InteractionsBuilder b = Interactions.builder(train.items());
    History[] histories = new History[nv];
    for (int u = 0, k = 0; u < train.numUsers(); u++) {
      String id = train.users().id(u);
      if (chosen[u]) {
        int n = 0;
        for (int e = ptr[u]; e < ptr[u + 1]; e++) {
          n += held[e] ? 0 : 1;
        }
        int[] its = new int[n];
        float[] ws = new float[n];
        long[] tss = new long[n];
        n = 0;
        for (int e = ptr[u]; e < ptr[u + 1]; e++) {
          if (!held[e]) {
            its[n] = idx[e];
            ws[n] = val[e];
            tss[n++] = ts[e];
          }
        }
        histories[k++] = new History(its, ws, tss);
        if (dropUsers) {
          continue;
        }
      }
      for (int e = ptr[u]; e < ptr[u + 1]; e++) {
        if (!held[e]) {
          b.add(id, idx[e], val[e], ts[e]);
        }
      }
    }
    Interactions rest = b.build();
    if (train.itemVectors().isPresent()) {
      rest = rest.withItemVectors(train.itemVectors().get());
    }
    if (train.itemTexts().isPresent()) {
      rest = rest.withItemTexts(train.itemTexts().get());
    }
    return new Carve(rest, users, histories, targets);
  }

  /** Fits the ranker on a carved validation split, then (by default) refits the channels on everything. */
  public static final class Trainer implements dev.tandem.core.model.Trainer<LearnedFusion> {
    private final Params params;

    /** A trainer with {@code params}. */
    public Trainer(Params params) {
      this.params = params;
    }

    @Override
    public LearnedFusion fit(Interactions train) {
      long t0 = System.nanoTime();
      Carve carve = carve(train, params.validationUsers(), params.holdout(), params.seed(),
          params.validation().equals("users"));
      if (carve.users().length == 0) {
        throw new ModelFitException(NAME + ": no training user has >= 5 positives to carve a validation set from");
      }
      Model[] models = params.channels().fit(carve.rest());
      float[][] itemFeatures = itemFeatures(carve.rest());
      int nv = carve.users().length;
      float[][] rows = new float[nv][];
      float[][] labels = new float[nv][];
      Parallel.forEach(nv, (w, k) -> {
        History h = carve.histories()[k];
        ChannelLists lists = ChannelLists.of(models, h, params.depth());
        int[] cand = lists.candidates;
        float[] y = new float[lists.numCandidates];
        int hits = 0;
        for (int j = 0; j < y.length; j++) {
          if (Arrays.binarySearch(carve.targets()[k], cand[j]) >= 0) {
            y[j] = 1;
            hits++;
          }
        }
        if (hits > 0) {
          rows[k] = features(lists, h, itemFeatures[0], itemFeatures[1]);
          labels[k] = y;
        }
      });
      int width = params.channels().size() * PER_CHANNEL + GLOBAL;
      int total = 0;
      int groups = 0;
      for (float[] y : labels) {
        if (y != null) {
          total += y.length;
          groups++;
        }
      }
      if (groups == 0) {
        throw new ModelFitException(NAME + ": no validation user has a held-out item among the channels' top "
            + params.depth() + " candidates; raise depth");
      }
      float[] x = new float[total * width];
      float[] label = new float[total];
      int[] group = new int[groups];
      int at = 0;
      int g = 0;
      for (int k = 0; k < nv; k++) {
        if (labels[k] != null) {
          System.arraycopy(rows[k], 0, x, at * width, rows[k].length);
          System.arraycopy(labels[k], 0, label, at, labels[k].length);
          at += labels[k].length;
          group[g++] = labels[k].length;
        }
      }
      long t1 = System.nanoTime();
      String text;
      double[] importance;
      List<String> names = featureNames(params.channels().names());
      LightGbmNatives.load();
      try (LGBMDataset ds = LGBMDataset.createFromMat(x, total, width, true,
          "max_bin=255 min_data_in_bin=3 verbosity=-1 num_threads=" + params.threads(), null)) {
        ds.setFeatureNames(names.toArray(new String[0]));
        ds.setField("label", label);
        ds.setField("group", group);
        try (LGBMBooster booster = LGBMBooster.create(ds, boosterParams(params))) {
          for (int r = 0; r < params.rounds(); r++) {
            if (booster.updateOneIter()) {
              break;
            }
          }
          text = booster.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.GAIN);
          importance = booster.featureImportance(0, LGBMBooster.FeatureImportanceType.GAIN);
        }
      } catch (LGBMException e) {
        throw new ModelFitException(NAME + ": LightGBM training failed: " + e.getMessage());
      }
      long t2 = System.nanoTime();
      Model[] serving = params.refit() ? params.channels().fit(train) : models;
      float[][] servingItems = params.refit() ? itemFeatures(train) : itemFeatures;
      UnitVectors vectors = Rrf.ownVectors(NAME, params.channels(), params.mmrLambda(), train);
      LearnedFusion model = new LearnedFusion(params, serving, vectors, servingItems[0], servingItems[1], text,
          importance);
      if (LOG.isInfoEnabled()) {
        LOG.info(String.format(Locale.ROOT, "%s: %d validation users (%d with a hit), %d rows, %d features;"
                + " channels+features %.1f s, LightGBM %.1f s, refit %.1f s; gain importance %s", NAME, nv, groups,
            total, width, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9, model.importanceText()));
      }
      return model;
    }
  }

  /** Feature importances as "name=share%" sorted by share, for logs and reports. */
  public String importanceText() {
    double sum = 0;
    for (double v : importance) {
      sum += v;
    }
    List<String> names = featureNames();
    Integer[] order = new Integer[importance.length];
    for (int f = 0; f < order.length; f++) {
      order[f] = f;
    }
    Arrays.sort(order, (a, b) -> Double.compare(importance[b], importance[a]));
    StringBuilder sb = new StringBuilder();
    for (int f : order) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(String.format(Locale.ROOT, "%s=%.1f%%", names.get(f), sum > 0 ? 100 * importance[f] / sum : 0));
    }
    return sb.toString();
  }

  static String boosterParams(Params p) {
    return "objective=lambdarank metric=ndcg eval_at=10,100 lambdarank_truncation_level=" + Math.max(30, p.depth())
        + " num_leaves=" + p.leaves() + " learning_rate=" + p.learningRate() + " min_data_in_leaf="
        + p.minDataInLeaf() + " feature_fraction=1.0 bagging_fraction=1.0 bagging_freq=0 seed=" + p.seed()
        + " deterministic=true force_row_wise=true num_threads=" + p.threads() + " verbosity=-1";
  }

  /** Registration of {@link LearnedFusion} with {@link dev.tandem.core.model.ModelTypes}. */
  public static final class Type implements ModelType<LearnedFusion, Params>, FusionType {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "learned fusion: LambdaMART (LightGBM) over channel scores and ranks, item and user features";
    }

    @Override
    public List<String> channelNames(Map<String, String> overrides) {
      String v = overrides.get("channels");
      return Channels.split(NAME, v == null ? Channels.DEFAULT : v);
    }

    @Override
    public ParamSet parameters() {
      return PARAMETERS;
    }

    @Override
    public Params bind(ParamValues v) {
      return new Params(Channels.of(v), v.get(FusionParams.DEPTH), v.get(VALIDATION_USERS), v.get(VALIDATION),
          v.get(HOLDOUT), v.get(ROUNDS), v.get(LEARNING_RATE), v.get(LEAVES), v.get(MIN_DATA_IN_LEAF), v.get(SEED),
          v.get(THREADS), v.get(REFIT), v.get(FusionParams.MMR_LAMBDA), v.get(FusionParams.MMR_DEPTH), v);
    }

    @Override
    public Set<ItemContent> needs(Params p) {
      return Rrf.needs(p.channels(), p.mmrLambda());
    }

    @Override
    public dev.tandem.core.model.Trainer<LearnedFusion> trainer(Params params) {
      return new Trainer(params);
    }

    @Override
    public Class<LearnedFusion> modelClass() {
      return LearnedFusion.class;
    }

    @Override
    public void write(LearnedFusion model, SnapshotOutput out) throws IOException {
      Map<String, String> own = model.params.values().describe();
      own.keySet().removeIf(k -> k.contains(".") || k.equals("channels"));
      out.writeInt(own.size());
      for (var e : own.entrySet()) {
        out.writeString(e.getKey());
        out.writeString(e.getValue());
      }
      out.writeInt(model.vectors == null ? 0 : 1);
      if (model.vectors != null) {
        model.vectors.write(out);
      }
      model.channels.write(model.models, out);
      out.writeFloats(model.itemLogCount);
      out.writeFloats(model.itemAgeDays);
      out.writeString(model.boosterText);
      out.writeDoubles(model.importance);
    }

    @Override
    public LearnedFusion read(SnapshotInput in) throws IOException {
      int n = in.readInt();
      Map<String, String> own = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        own.put(in.readString(), in.readString());
      }
      UnitVectors v = in.readInt() != 0 ? UnitVectors.read(in) : null;
      Channels.Read ch = Channels.read(in);
      float[] logCount = in.readFloats();
      float[] age = in.readFloats();
      String text = in.readString();
      double[] importance = in.readDoubles();
      try {
        Map<String, String> all = new LinkedHashMap<>(own);
        all.put("channels", ch.channels().joined());
        ch.channels().overrides().forEach((c, o) -> o.overrides().forEach((k, val) -> all.put(c + "." + k, val)));
        Params p = params(all);
        int m = ch.models()[0].numItems();
        if (logCount.length != m || age.length != m
            || importance.length != ch.channels().size() * PER_CHANNEL + GLOBAL) {
          throw new IllegalArgumentException("item features (" + logCount.length + ", " + age.length
              + ") must cover " + m + " items");
        }
        return new LearnedFusion(p, ch.models(), v, logCount, age, text, importance);
      } catch (IllegalArgumentException | ModelFitException e) {
        throw new SnapshotException(NAME + ": " + e.getMessage() + " (corrupt snapshot)");
      }
    }
  }
}

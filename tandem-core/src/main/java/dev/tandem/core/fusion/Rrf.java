package dev.tandem.core.fusion;

import dev.tandem.core.data.History;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.kernel.TopK;
import dev.tandem.core.model.ContentScorer;
import dev.tandem.core.model.ItemContent;
import dev.tandem.core.model.ItemContentBatch;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelFitException;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.Param;
import dev.tandem.core.model.ParamSet;
import dev.tandem.core.model.ParamValues;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.core.rerank.UnitVectors;
import dev.tandem.core.retrieval.Semantic;
import dev.tandem.core.snapshot.SnapshotException;
import dev.tandem.core.snapshot.SnapshotInput;
import dev.tandem.core.snapshot.SnapshotOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reciprocal-rank fusion (Cormack, Clarke &amp; Büttcher 2009) over channel models: each channel
 * ranks the unseen items for the history, and an item in a channel's top {@code depth} at
 * 1-based rank {@code r} earns {@code w_c / (k + r)}; the fused score is the sum over channels.
 * Equal fused scores rank the smaller item first. Needs no training beyond the channels and is
 * robust to channels whose scores live on different scales, which is why it is the default fusion.
 *
 * <p>New items ({@link #scoreContent}): a channel that {@linkplain ContentScorer scores content}
 * ranks a new item where its score would fall in that channel's top {@code depth} (after every
 * listed item of an equal or higher score), and the item earns {@code w_c / (k + r)} from it; an
 * item no such channel ranks within its depth is {@linkplain ContentScorer#NOT_RETRIEVED not
 * retrieved}. The new item does not push the listed items down. This scores the content channels
 * once more for the history, so a fused request with new items costs one extra pass of those
 * channels.
 *
 * <p>Immutable and thread-safe.
 */
public final class Rrf extends ChannelFusion implements ContentScorer {
  /** Type name. */
  public static final String NAME = "rrf";

  private final Params params;

  Rrf(Params params, Model[] models, UnitVectors vectors) {
    super(params.channels(), models, params.depth(), params.mmrLambda(), params.mmrDepth(), vectors);
    this.params = params;
  }

  /**
   * Parameters.
   *
   * @param channels the channel models and their parameters ({@code channels}, default
   *     {@link Channels#DEFAULT}; nested {@code CHANNEL.KEY} overrides)
   * @param k the RRF constant (default 60, > 0): larger values flatten the difference between
   *     top and lower ranks, smaller ones let each channel's first few items dominate
   * @param depth how many of each channel's top items take part (default 100, in [1, 100000])
   * @param weights per-channel weight {@code w_c} (default 1 each, >= 0), in channel order
   * @param mmrLambda MMR trade-off in [0, 1] applied to the fused list (default 1 = off)
   * @param mmrDepth how many top fused items MMR reorders (default 100, in [1, 10000])
   */
  public record Params(Channels channels, double k, int depth, List<Double> weights, double mmrLambda,
      int mmrDepth) {
    /** Validates. */
    public Params {
      weights = List.copyOf(weights);
      if (weights.size() != channels.size()) {
        throw new IllegalArgumentException(NAME + ".weights (" + weights + ") must have one weight per channel "
            + channels.names());
      }
      for (double w : weights) {
        if (!(w >= 0) || Double.isInfinite(w)) {
          throw new IllegalArgumentException(NAME + ".weights (" + weights + ") must be finite and >= 0");
        }
      }
    }
  }

  @Override
  public String type() {
    return NAME;
  }

  /** The parameters. */
  public Params params() {
    return params;
  }

  @Override
  void fuse(ChannelLists lists, History history) {
    int[] cand = lists.candidates;
    float[] out = lists.fused;
    for (int j = 0; j < lists.numCandidates; j++) {
      double s = 0;
      for (int c = 0; c < models.length; c++) {
        int r = lists.rank[c][cand[j]];
        if (r > 0) {
          s += term(params.weights().get(c), params.k(), r);
        }
      }
      out[j] = (float) s;
    }
  }

  /** The usual RRF constant {@code k} (Cormack et al. 2009), the default of {@link Params#k()}. */
  public static final double DEFAULT_K = 60;

  /**
   * What an item at 1-based {@code rank} in a list of weight {@code weight} earns:
   * {@code weight / (k + rank)}. Every reciprocal-rank sum in Tandem (this model, {@code ask}'s
   * channels) adds these terms.
   */
  public static double term(double weight, double k, int rank) {
    return weight / (k + rank);
  }

  /**
   * Adds ranked list {@code list} (best first) to running fused scores over dense item indices:
   * the item at position {@code r} earns {@link #term term(weight, k, r + 1)} in {@code score},
   * {@code rank} keeps the first 1-based rank an item got (0 = none yet) and {@code touched} marks
   * it. Arrays are the caller's per-request scratch, indexed by item.
   *
   * @throws IllegalArgumentException if an item of {@code list} is outside {@code score}
   */
  public static void accumulate(ScoredItems list, double weight, double k, double[] score, int[] rank,
      BitSet touched) {
    for (int r = 0; r < list.size(); r++) {
      int i = list.item(r);
      if (i < 0 || i >= score.length) {
        throw new IllegalArgumentException("item (" + i + ") must be in [0, " + score.length + ")");
      }
      score[i] += term(weight, k, r + 1);
      if (rank[i] == 0) {
        rank[i] = r + 1;
      }
      touched.set(i);
    }
  }

  /** Whether a channel scores content (see the class docs). */
  @Override
  public boolean scoresContent() {
    for (Model m : models) {
      if (m instanceof ContentScorer cs && cs.scoresContent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The RRF score each new item of {@code items} would have from the channels that score content
   * (see the class docs); {@link ContentScorer#NOT_RETRIEVED} when none ranks it within
   * {@code depth} or it has no vector.
   *
   * @throws IllegalArgumentException if {@code out} is too short
   */
  @Override
  public void scoreContent(History history, ItemContentBatch items, float[] out) {
    int b = items.size();
    if (out.length < b) {
      throw new IllegalArgumentException("out.length (" + out.length + ") must be >= batch size (" + b + ")");
    }
    Arrays.fill(out, 0, b, NOT_RETRIEVED);
    if (b == 0) {
      return;
    }
    float[] fresh = new float[b];
    ChannelLists lists = take();
    try {
      scoreContent(history, items, out, fresh, lists.work);
    } finally {
      release(lists);
    }
  }

  /** {@link #scoreContent(History, ItemContentBatch, float[])}, channel scores in {@code all}. */
  private void scoreContent(History history, ItemContentBatch items, float[] out, float[] fresh, float[] all) {
    int b = items.size();
    for (int c = 0; c < models.length; c++) {
      if (!(models[c] instanceof ContentScorer cs) || !cs.scoresContent()) {
        continue;
      }
      cs.scoreContent(history, items, fresh);
      models[c].score(history, all);
      for (int e = 0; e < history.size(); e++) {
        if (history.items(e) < numItems) {
          all[history.items(e)] = Float.NEGATIVE_INFINITY;
        }
      }
      ScoredItems top = TopK.select(all, numItems, depth, ItemFilter.ALL);
      double w = params.weights().get(c);
      for (int k = 0; k < b; k++) {
        if (!items.hasVector(k) || fresh[k] == NOT_RETRIEVED) {
          continue;
        }
        int lo = 0; // the new item ranks after every listed item scoring >= it (the list is best first)
        int hi = top.size();
        while (lo < hi) {
          int mid = (lo + hi) >>> 1;
          if (top.score(mid) >= fresh[k]) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        int rank = lo + 1;
        if (rank <= depth) {
          out[k] = (float) ((out[k] == NOT_RETRIEVED ? 0 : out[k]) + term(w, params.k(), rank));
        }
      }
    }
  }

  @Override
  List<FusedItem> evidence(ChannelLists lists, History history, int[] items, float[] scores) {
    List<FusedItem> out = new ArrayList<>(items.length);
    for (int p = 0; p < items.length; p++) {
      int item = items[p];
      if (candidateIndex(lists, item) < 0) {
        out.add(unretrieved(lists, item, scores[p]));
        continue;
      }
      List<Contribution> cs = new ArrayList<>(models.length);
      for (int c = 0; c < models.length; c++) {
        int r = lists.rank[c][item];
        double term = r > 0 ? term(params.weights().get(c), params.k(), r) : 0;
        cs.add(new Contribution(channels.names().get(c), r, lists.scores[c][item], term));
      }
      out.add(new FusedItem(item, scores[p], cs, 0));
    }
    return out;
  }

  /** Fits every channel on the same interactions. */
  public static final class Trainer implements dev.tandem.core.model.Trainer<Rrf> {
    private final Params params;

    /** A trainer with {@code params}. */
    public Trainer(Params params) {
      this.params = params;
    }

    @Override
    public Rrf fit(Interactions train) {
      return new Rrf(params, params.channels().fit(train), ownVectors(NAME, params.channels(), params.mmrLambda(),
          train));
    }
  }

  /**
   * The embeddings a fused model keeps for MMR: none when {@code mmrLambda} is 1 or a channel is
   * {@link Semantic} (whose vectors serve), else a normalised copy of the training item vectors.
   */
  static UnitVectors ownVectors(String model, Channels channels, double mmrLambda, Interactions train) {
    if (mmrLambda >= 1 || channels.names().contains(Semantic.NAME)) {
      return null;
    }
    return UnitVectors.of(train.itemVectors().orElseThrow(() -> new ModelFitException(model
        + ": mmr_lambda (" + mmrLambda + ") < 1 needs item embeddings; train it through Tandem or attach them with"
        + " Interactions.withItemVectors")));
  }

  /** What a fused type needs: its channels' needs, plus vectors for MMR without a semantic channel. */
  static Set<ItemContent> needs(Channels channels, double mmrLambda) {
    EnumSet<ItemContent> out = EnumSet.noneOf(ItemContent.class);
    out.addAll(channels.needs());
    if (mmrLambda < 1 && !channels.names().contains(Semantic.NAME)) {
      out.add(ItemContent.VECTORS);
    }
    return out;
  }

  /** {@code channels}: see {@link Params#channels}. */
  public static final Param<List<String>> CHANNELS = Channels.param(NAME);
  /** {@code k}: see {@link Params#k}. */
  public static final Param<Double> K = Param.decimal("k", 60, 0, false, Double.MAX_VALUE,
      "Larger k flattens the gap between a channel's first and later ranks: an item at rank r of a channel's top"
          + " `depth` earns weight / (k + r), summed over channels.");
  /** {@code weights}: see {@link Params#weights}. */
  public static final Param<List<Double>> WEIGHTS = Param.of("weights", "list",
      "comma-separated numbers >= 0, one per channel", List.of(), Rrf::parseWeights, Rrf::formatWeights,
      "One weight per channel, comma-separated; \"\" weighs every channel 1.");
  /** The declared parameters. */
  public static final ParamSet PARAMETERS = ParamSet.of(NAME, CHANNELS, K, FusionParams.DEPTH, WEIGHTS,
      FusionParams.MMR_LAMBDA, FusionParams.MMR_DEPTH).withChannels(CHANNELS, FusionParams::channelSet);

  /** Parses a comma list of weights; empty (every weight 1) when blank. */
  private static List<Double> parseWeights(String model, String value) {
    List<Double> out = new ArrayList<>();
    if (value.isBlank()) {
      return out;
    }
    for (String part : value.split(",", -1)) {
      try {
        out.add(Double.parseDouble(part.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(model + ".weights (" + value
            + ") must be a comma-separated list of numbers, one per channel");
      }
    }
    return out;
  }

  /** The weights as text: "" when every weight is 1. */
  private static String formatWeights(List<Double> w) {
    return w.stream().allMatch(x -> x == 1.0) ? "" : joinWeights(w);
  }

  /** {@code weights}, or one weight 1 per channel when empty. */
  private static List<Double> weightsOrOnes(List<Double> weights, int channels) {
    if (!weights.isEmpty()) {
      return weights;
    }
    List<Double> out = new ArrayList<>();
    for (int c = 0; c < channels; c++) {
      out.add(1.0);
    }
    return out;
  }

  /** Registration of {@link Rrf} with {@link dev.tandem.core.model.ModelTypes}. */
  public static final class Type implements ModelType<Rrf, Params>, FusionType {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "reciprocal-rank fusion of channel models (default " + Channels.DEFAULT + ")";
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
      Channels channels = Channels.of(v);
      return new Params(channels, v.get(K), v.get(FusionParams.DEPTH), weightsOrOnes(v.get(WEIGHTS), channels.size()),
          v.get(FusionParams.MMR_LAMBDA), v.get(FusionParams.MMR_DEPTH));
    }

    @Override
    public Set<ItemContent> needs(Params p) {
      return Rrf.needs(p.channels(), p.mmrLambda());
    }

    @Override
    public dev.tandem.core.model.Trainer<Rrf> trainer(Params params) {
      return new Trainer(params);
    }

    @Override
    public Class<Rrf> modelClass() {
      return Rrf.class;
    }

    @Override
    public void write(Rrf model, SnapshotOutput out) throws IOException {
      Params p = model.params;
      out.writeDouble(p.k());
      out.writeInt(p.depth());
      double[] w = new double[p.weights().size()];
      for (int c = 0; c < w.length; c++) {
        w[c] = p.weights().get(c);
      }
      out.writeDoubles(w);
      out.writeDouble(p.mmrLambda());
      out.writeInt(p.mmrDepth());
      out.writeInt(model.vectors == null ? 0 : 1);
      if (model.vectors != null) {
        model.vectors.write(out);
      }
      p.channels().write(model.models, out);
    }

    @Override
    public Rrf read(SnapshotInput in) throws IOException {
      double k = in.readDouble();
      int depth = in.readInt();
      double[] w = in.readDoubles();
      double mmr = in.readDouble();
      int mmrDepth = in.readInt();
      UnitVectors v = in.readInt() != 0 ? UnitVectors.read(in) : null;
      Channels.Read ch = Channels.read(in);
      List<Double> weights = new ArrayList<>();
      for (double x : w) {
        weights.add(x);
      }
      try {
        return new Rrf(new Params(ch.channels(), k, depth, weights, mmr, mmrDepth), ch.models(), v);
      } catch (IllegalArgumentException e) {
        throw new SnapshotException(NAME + ": " + e.getMessage() + " (corrupt snapshot)");
      }
    }
  }

  static String joinWeights(List<Double> w) {
    StringBuilder b = new StringBuilder();
    for (double x : w) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(x);
    }
    return b.toString();
  }
}

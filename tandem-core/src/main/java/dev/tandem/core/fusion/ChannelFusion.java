package dev.tandem.core.fusion;

import dev.tandem.core.data.History;
import dev.tandem.core.kernel.TopK;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.Request;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.core.rerank.Mmr;
import dev.tandem.core.rerank.UnitVectors;
import dev.tandem.core.retrieval.Semantic;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Rrf} and {@link LearnedFusion} share: channel scoring, the full ranking the
 * evaluator reads (fused candidates first, then every other item below them ordered by the first
 * channel's score, ties to the smaller index), filtering, MMR and evidence plumbing. Subclasses
 * say how candidates are scored and how a score splits over channels.
 */
abstract class ChannelFusion implements FusedModel {
  final Channels channels;
  final Model[] models;
  final int numItems;
  final int depth;
  final double mmrLambda;
  final int mmrDepth;
  /** Own item embeddings for MMR when no channel is {@link Semantic}; may be null. */
  final UnitVectors vectors;
  /** Per-request channel lists, reused across requests (not part of the model's value). */
  private final ChannelLists.Pool lists;

  ChannelFusion(Channels channels, Model[] models, int depth, double mmrLambda, int mmrDepth, UnitVectors vectors) {
    if (models.length != channels.size() || models.length == 0) {
      throw new IllegalArgumentException("models (" + models.length + ") must match channels " + channels.names());
    }
    int m = models[0].numItems();
    for (int c = 0; c < models.length; c++) {
      if (models[c].numItems() != m) {
        throw new IllegalArgumentException("channel " + channels.names().get(c) + " ranks " + models[c].numItems()
            + " items but channel " + channels.names().get(0) + " ranks " + m);
      }
    }
    Mmr.checkLambda(mmrLambda);
    this.channels = channels;
    this.models = models.clone();
    this.numItems = m;
    this.depth = depth;
    this.mmrLambda = mmrLambda;
    this.mmrDepth = mmrDepth;
    this.vectors = vectors;
    this.lists = new ChannelLists.Pool(models.length, m, depth);
  }

  /**
   * Writes the fused score of every candidate of {@code lists} into
   * {@code lists.fused[0..numCandidates)}, aligned with {@code lists.candidates}.
   */
  abstract void fuse(ChannelLists lists, History history);

  /**
   * Evidence for {@code items} (candidates or not) whose fused scores are {@code scores}; items that
   * are not candidates get rank-0 contributions of 0 and their fallback score in {@code other}.
   */
  abstract List<FusedItem> evidence(ChannelLists lists, History history, int[] items, float[] scores);

  @Override
  public int numItems() {
    return numItems;
  }

  @Override
  public List<String> channels() {
    return channels.names();
  }

  @Override
  public Model channel(String name) {
    int c = channels.names().indexOf(name);
    if (c < 0) {
      throw new IllegalArgumentException("channel (" + name + ") is not one of " + type() + "'s channels "
          + channels.names());
    }
    return models[c];
  }

  /** How many of each channel's top items take part. */
  public int depth() {
    return depth;
  }

  /** The MMR trade-off applied by {@link #score} and {@link #recommend} (1 = off). */
  public double mmrLambda() {
    return mmrLambda;
  }

  /** {@code true} when any channel reads the history's profile (text or vector). */
  @Override
  public boolean readsProfile() {
    for (Model m : models) {
      if (m.readsProfile()) {
        return true;
      }
    }
    return false;
  }

  /** Whether this model can rerank for diversity (it has item embeddings). */
  public boolean hasEmbeddings() {
    return similarity() != null;
  }

  Mmr.Similarity similarity() {
    if (vectors != null) {
      return vectors;
    }
    for (Model m : models) {
      if (m instanceof Semantic s) {
        return s::similarity;
      }
    }
    return null;
  }

  private Mmr.Similarity requireSimilarity() {
    Mmr.Similarity s = similarity();
    if (s == null) {
      throw new IllegalStateException(type() + " has no item embeddings for MMR: add the semantic channel, or train"
          + " it with mmr_lambda < 1 so that it keeps the embeddings");
    }
    return s;
  }

  /**
   * Fused candidates first (their fused scores), every other item below the lowest candidate,
   * in the order of the first channel's score (mapped by atan into a band one unit wide).
   */
  private void full(ChannelLists lists, float[] out) {
    float[] fused = lists.fused;
    int n = lists.numCandidates;
    float min = Float.POSITIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      min = Math.min(min, fused[k]);
    }
    float base = (n == 0 ? 0f : min) - 2f;
    float[] s0 = lists.scores[0];
    for (int i = 0; i < numItems; i++) {
      out[i] = base + 0.5f + (float) (Math.atan(s0[i]) / Math.PI);
    }
    for (int k = 0; k < n; k++) {
      out[lists.candidates[k]] = fused[k];
    }
  }

  /** Channel lists for {@code history}, fused, from the pool; the caller gives them back with {@link #release}. */
  private ChannelLists filled(History history) {
    ChannelLists l = lists.take();
    try {
      l.fill(models, history);
      fuse(l, history);
    } catch (RuntimeException | Error e) {
      lists.give(l);
      throw e;
    }
    return l;
  }

  /** Pooled per-request lists (stale content), owned by the caller until {@link #release}. */
  ChannelLists take() {
    return lists.take();
  }

  /** Gives back lists from {@link #take}; the caller keeps no reference to them or their arrays. */
  void release(ChannelLists l) {
    lists.give(l);
  }

  /**
   * Scores every item: fused candidates above every other item (see the class docs); with
   * {@code mmr_lambda < 1} the top {@code mmr_depth} candidates are reordered by MMR and scored
   * above the rest in that order.
   */
  @Override
  public void score(History history, float[] out) {
    Model.checkOut(out, numItems);
    ChannelLists l = filled(history);
    try {
      full(l, out);
      if (mmrLambda < 1 && l.numCandidates > 0) {
        int[] order = l.order();
        int pool = Math.min(mmrDepth, order.length);
        int[] items = new int[pool];
        float[] rel = new float[pool];
        for (int p = 0; p < pool; p++) {
          items[p] = l.candidates[order[p]];
          rel[p] = l.fused[order[p]];
        }
        int[] mmr = Mmr.rerank(items, rel, pool, mmrLambda, requireSimilarity());
        float top = rel[0];
        for (int p = 0; p < pool; p++) {
          out[items[mmr[p]]] = top + 1 + (pool - p);
        }
      }
    } finally {
      release(l);
    }
  }

  private record Selection(ChannelLists lists, int[] items, float[] scores) {}

  /** Selects into {@code lists}, filled for {@code history}; see {@link #recommend}. */
  private Selection select(ChannelLists lists, Request request, double lambda) {
    float[] out = lists.work;
    full(lists, out);
    if (request.excludeSeen()) {
      for (int i = lists.seen.nextSetBit(0); i >= 0; i = lists.seen.nextSetBit(i + 1)) {
        out[i] = Float.NEGATIVE_INFINITY;
      }
    }
    if (lambda >= 1) {
      ScoredItems top = TopK.select(out, numItems, request.n(), request.filter());
      return new Selection(lists, top.items(), top.scores());
    }
    Mmr.Similarity sim = requireSimilarity();
    ScoredItems pool = TopK.select(out, numItems, Math.max(request.n(), mmrDepth), request.filter());
    int[] order = Mmr.rerank(pool.items(), pool.scores(), request.n(), lambda, sim);
    int[] items = new int[order.length];
    float[] scores = new float[order.length];
    for (int p = 0; p < order.length; p++) {
      items[p] = pool.item(order[p]);
      scores[p] = pool.score(order[p]);
    }
    return new Selection(lists, items, scores);
  }

  /**
   * The best {@code request.n()} items in fused order (MMR-reordered when {@code mmr_lambda < 1};
   * the scores are then the fused scores, no longer non-increasing). The channels score into
   * per-channel arrays this model pools across requests (one set per concurrent request), so
   * {@code scratch} is not used and a call allocates no array of the catalogue's size.
   */
  @Override
  public ScoredItems recommend(History history, Request request, float[] scratch) {
    ChannelLists l = filled(history);
    try {
      Selection s = select(l, request, mmrLambda);
      return new ScoredItems(s.items, s.scores);
    } finally {
      release(l);
    }
  }

  @Override
  public List<FusedItem> recommendWithEvidence(History history, Request request, double lambda) {
    Mmr.checkLambda(lambda);
    ChannelLists l = filled(history);
    try {
      Selection s = select(l, request, lambda);
      return evidence(s.lists, history, s.items, s.scores);
    } finally {
      release(l);
    }
  }

  @Override
  public List<FusedItem> recommendWithEvidence(History history, Request request) {
    return recommendWithEvidence(history, request, mmrLambda);
  }

  /** Position of {@code item} in {@code lists.candidates}, or a negative number. */
  static int candidateIndex(ChannelLists lists, int item) {
    return lists.candidateIndex(item);
  }

  /** Evidence of an item no channel retrieved: rank 0, contribution 0, the fallback score in other. */
  FusedItem unretrieved(ChannelLists lists, int item, float score) {
    List<Contribution> cs = new ArrayList<>(models.length);
    for (int c = 0; c < models.length; c++) {
      cs.add(new Contribution(channels.names().get(c), 0, lists.scores[c][item], 0));
    }
    return new FusedItem(item, score, cs, score);
  }
}

package dev.tandem.core.explain;

import dev.tandem.core.data.History;
import dev.tandem.core.fusion.Contribution;
import dev.tandem.core.fusion.FusedModel;
import dev.tandem.core.model.Model;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the {@link Evidence} for recommended items: the history items behind each (through the
 * answering model's {@link Explains}; a fused model's channels weighted by their contributions),
 * the categories and tags it shares with them and with the history at large, and the request terms
 * it matches. Models that cannot say (popularity, bm25) give no {@code because} items.
 *
 * {@snippet :
 * Explainer ex = new Explainer(ItemLabels.of(byLabel, numItems), 3);
 * Evidence e = ex.evidence(model, history, item, fusedItem.channels(), List.of("space opera"), "Dune");
 * }
 *
 * <p>Immutable and thread-safe.
 */
public final class Explainer {
  /** How many history items a channel reports before channels are merged. */
  private static final int PER_CHANNEL = 50;

  private final ItemLabels labels;
  private final int max;

  /**
   * @param labels the items' categories and tags
   * @param max how many {@code because} items to keep (>= 1; 3 reads well)
   * @throws IllegalArgumentException if {@code max < 1}
   */
  public Explainer(ItemLabels labels, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max (" + max + ") must be >= 1");
    }
    this.labels = labels;
    this.max = max;
  }

  /** The item labels this explainer reads. */
  public ItemLabels labels() {
    return labels;
  }

  /**
   * The evidence for {@code item} recommended by {@code model} to {@code history}.
   *
   * @param channels the item's channel contributions when {@code model} is fused (else empty)
   * @param terms request terms to match against the item's labels and title (may be empty)
   * @param title the item's title ("" when unknown), searched for the terms case-insensitively
   * @throws IllegalArgumentException if {@code item} is outside the model's items
   */
  public Evidence evidence(Model model, History history, int item, List<Contribution> channels, List<String> terms,
      String title) {
    List<Because> because = because(model, history, item, channels);
    return new Evidence(item, channels, because, shared(history, item, because, model.numItems()),
        matched(item, terms, title), profileShare(model, history, item, channels));
  }

  /**
   * The share of the evidence from the history's profile: the answering model's
   * {@link Explains#profileShare}; for a fused model its channels' shares weighted by their
   * contributions (equal weights when none contributed).
   */
  public double profileShare(Model model, History history, int item, List<Contribution> channels) {
    if (history.profile().isEmpty()) {
      return 0;
    }
    if (model instanceof FusedModel fused) {
      boolean anyPositive = false;
      for (Contribution c : channels) {
        anyPositive |= c.contribution() > 0;
      }
      double sum = 0;
      double weights = 0;
      for (String name : fused.channels()) {
        double w = anyPositive ? contribution(channels, name) : 1;
        if (w > 0 && fused.channel(name) instanceof Explains ex) {
          sum += w * ex.profileShare(history, item);
          weights += w;
        }
      }
      return weights == 0 ? 0 : Math.min(1, sum / weights);
    }
    return model instanceof Explains ex ? ex.profileShare(history, item) : 0;
  }

  /** The history items behind {@code item} (see the class docs). */
  public List<Because> because(Model model, History history, int item, List<Contribution> channels) {
    if (item < 0 || item >= model.numItems()) {
      throw new IllegalArgumentException("item (" + item + ") must be in [0, " + model.numItems() + ")");
    }
    if (model instanceof FusedModel fused) {
      return fusedBecause(fused, history, item, channels);
    }
    if (model instanceof Explains ex) {
      return ex.because(history, item, max);
    }
    return List.of();
  }

  /**
   * Channels' shares summed with weight {@code contribution} each (equal weights when no channel
   * contributed), then renormalised: a history item two channels point at rises above one that
   * only one channel names.
   */
  private List<Because> fusedBecause(FusedModel fused, History history, int item, List<Contribution> channels) {
    boolean anyPositive = false;
    for (Contribution c : channels) {
      anyPositive |= c.contribution() > 0;
    }
    Map<Integer, Double> sum = new TreeMap<>();
    for (String name : fused.channels()) {
      double w = anyPositive ? contribution(channels, name) : 1;
      Model m = fused.channel(name);
      if (!(w > 0) || !(m instanceof Explains ex)) {
        continue;
      }
      for (Because b : ex.because(history, item, PER_CHANNEL)) {
        sum.merge(b.item(), w * b.share(), Double::sum);
      }
    }
    int[] items = new int[sum.size()];
    double[] terms = new double[sum.size()];
    int k = 0;
    for (Map.Entry<Integer, Double> e : sum.entrySet()) {
      items[k] = e.getKey();
      terms[k++] = e.getValue();
    }
    return Shares.top(items, terms, max);
  }

  private static double contribution(List<Contribution> channels, String name) {
    for (Contribution c : channels) {
      if (c.channel().equals(name)) {
        return c.contribution();
      }
    }
    return 0;
  }

  /** The item's labels that positive history items carry, with counts (see {@link SharedLabel}). */
  List<SharedLabel> shared(History history, int item, List<Because> because, int numItems) {
    int own = labels.count(item);
    if (own == 0) {
      return List.of();
    }
    // label id -> count, over the history's distinct positives (the item itself excluded), then the because items
    int[] inHistory = new int[labels.numLabels()];
    for (int j : history.positives(numItems).items()) {
      if (j != item) {
        for (int k = 0, c = labels.count(j); k < c; k++) {
          inHistory[labels.labelId(j, k)]++;
        }
      }
    }
    int[] inBecause = new int[labels.numLabels()];
    for (Because b : because) {
      for (int k = 0, c = labels.count(b.item()); k < c; k++) {
        inBecause[labels.labelId(b.item(), k)]++;
      }
    }
    List<SharedLabel> out = new ArrayList<>();
    for (int k = 0; k < own; k++) {
      int id = labels.labelId(item, k);
      if (inHistory[id] > 0) {
        out.add(new SharedLabel(labels.name(id), Math.min(inBecause[id], inHistory[id]), inHistory[id]));
      }
    }
    out.sort((a, b) -> a.becauseCount() != b.becauseCount() ? Integer.compare(b.becauseCount(), a.becauseCount())
        : a.historyCount() != b.historyCount() ? Integer.compare(b.historyCount(), a.historyCount())
        : a.label().compareTo(b.label()));
    return out;
  }

  /** The terms (lower-case, distinct, in order) equal to one of the item's labels or found in its title. */
  List<String> matched(int item, List<String> terms, String title) {
    if (terms.isEmpty()) {
      return List.of();
    }
    String t = title == null ? "" : title.toLowerCase(Locale.ROOT);
    Set<String> out = new LinkedHashSet<>();
    for (String term : terms) {
      String s = term == null ? "" : term.strip().toLowerCase(Locale.ROOT);
      if (s.isEmpty()) {
        continue;
      }
      if (labels.has(item, s) || (!t.isEmpty() && t.contains(s))) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }
}

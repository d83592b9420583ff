package dev.tandem.engine.internal.serve;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.History;
import dev.tandem.core.data.Item;
import dev.tandem.core.model.ContentScorer;
import dev.tandem.core.model.ItemContentBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The fresh-item overlay of one serving snapshot: items that are in the store but not in the
 * snapshot and have a document, with what a {@link dev.tandem.core.model.ContentScorer} reads
 * (their document vectors and texts, as one {@link ItemContentBatch}) and what recommendation
 * filters need (availability, lower-cased categories and tags).
 *
 * <p>Guarantees: immutable and thread-safe; {@link #with} and {@link #without} return a new
 * overlay (copy-on-write), so readers keep a consistent view while a writer swaps in the next one.
 * Items keep their insertion order; re-inserting an item replaces it in place.
 */
public final class FreshItems {
  /** The overlay without items. */
  public static final FreshItems EMPTY = new FreshItems(List.of(), 0);

  /**
   * One fresh item.
   *
   * @param id the item id
   * @param vector its raw document vector (normalised by the batch)
   * @param text its document
   * @param available whether it may be recommended
   * @param labels its labels ({@link LabelIndex#labelsOf})
   * @param numbers its numeric attributes by lower-cased name (for {@code /ask} ranges)
   */
  public record Entry(String id, float[] vector, String text, boolean available, Set<String> labels,
      Map<String, Double> numbers) {
    /** Copies. */
    public Entry {
      labels = Set.copyOf(labels);
      numbers = Map.copyOf(numbers);
    }

    /** An entry without numeric attributes. */
    public Entry(String id, float[] vector, String text, boolean available, Set<String> labels) {
      this(id, vector, text, available, labels, Map.of());
    }

    /** {@code item}'s numeric attributes by lower-cased name. */
    public static Map<String, Double> numbersOf(Item item) {
      Map<String, Double> out = new HashMap<>();
      for (Map.Entry<String, Attribute> a : item.attributes().entrySet()) {
        if (a.getValue() instanceof Attribute.Number num) {
          out.put(a.getKey().toLowerCase(Locale.ROOT), num.value());
        }
      }
      return out;
    }

  }

  /**
   * Overlay entries for {@code items} with their rendered documents {@code texts} (same order) and
   * the vectors of those documents by text, {@code vectors}.
   */
  public static List<Entry> entriesOf(List<Item> items, List<String> texts,
      Map<String, float[]> vectors) {
    List<Entry> out = new ArrayList<>(items.size());
    for (int k = 0; k < items.size(); k++) {
      Item it = items.get(k);
      out.add(new Entry(it.id(), vectors.get(texts.get(k)), texts.get(k), it.available(), LabelIndex.labelsOf(it),
          Entry.numbersOf(it)));
    }
    return out;
  }

  private final List<Entry> entries;
  private final Map<String, Integer> index;
  private final ItemContentBatch batch;

  private FreshItems(List<Entry> entries, int dimension) {
    this.entries = List.copyOf(entries);
    this.index = new HashMap<>(entries.size() * 2);
    float[] raw = new float[entries.size() * dimension];
    List<String> texts = new ArrayList<>(entries.size());
    for (int k = 0; k < entries.size(); k++) {
      Entry e = entries.get(k);
      if (e.vector().length != dimension) {
        throw new IllegalArgumentException("vector of fresh item " + e.id() + " has " + e.vector().length
            + " floats; expected the overlay's dimension (" + dimension + ")");
      }
      System.arraycopy(e.vector(), 0, raw, k * dimension, dimension);
      texts.add(e.text());
      index.put(e.id(), k);
    }
    this.batch = entries.isEmpty() ? ItemContentBatch.EMPTY : new ItemContentBatch(dimension, raw, texts);
  }

  /** Number of items. */
  public int size() {
    return entries.size();
  }

  /** Item {@code k}. */
  public Entry entry(int k) {
    return entries.get(k);
  }

  /** The position of {@code id}, or -1. */
  public int indexOf(String id) {
    Integer k = index.get(id);
    return k == null ? -1 : k;
  }

  /** The items' content, row {@code k} for {@link #entry entry(k)}. */
  public ItemContentBatch batch() {
    return batch;
  }

  /** Whether some item carries {@code label} (normalised, see {@link LabelIndex#normalise}). */
  public boolean hasLabel(String label) {
    for (Entry e : entries) {
      if (e.labels().contains(label)) {
        return true;
      }
    }
    return false;
  }

  /**
   * This overlay with {@code added} inserted (an item already here is replaced in place) and the
   * items of {@code removed} left out.
   *
   * @throws IllegalArgumentException if vectors differ in dimension
   */
  public FreshItems with(Collection<Entry> added, Collection<String> removed) {
    if (added.isEmpty() && removed.stream().noneMatch(index::containsKey)) {
      return this;
    }
    Map<String, Entry> byId = new LinkedHashMap<>();
    for (Entry e : added) {
      byId.put(e.id(), e);
    }
    Set<String> gone = new HashSet<>(removed);
    List<Entry> out = new ArrayList<>(entries.size() + added.size());
    for (Entry e : entries) {
      if (gone.contains(e.id())) {
        continue;
      }
      Entry replacement = byId.remove(e.id());
      out.add(replacement != null ? replacement : e);
    }
    for (Entry e : byId.values()) {
      if (!gone.contains(e.id())) {
        out.add(e);
      }
    }
    int d = out.isEmpty() ? 0 : out.get(0).vector().length;
    return out.isEmpty() ? EMPTY : new FreshItems(out, d);
  }

  /** A fresh item and its score. */
  public record Scored(String id, float score) { }

  /**
   * The positions of the items {@code model} retrieves by their content for {@code history} and
   * {@code accept} accepts, best first (equal scores: insertion order), with their scores.
   *
   * @param positions overlay positions, best first
   * @param scores their content scores
   */
  public record Ranked(int[] positions, float[] scores) {
    /** Number of items. */
    public int size() {
      return positions.length;
    }
  }

  /** See {@link Ranked}. */
  public Ranked rank(ContentScorer model, History history,
      IntPredicate accept) {
    if (entries.isEmpty()) {
      return new Ranked(new int[0], new float[0]);
    }
    float[] scores = new float[entries.size()];
    model.scoreContent(history, batch, scores);
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < scores.length; k++) {
      if (scores[k] != ContentScorer.NOT_RETRIEVED && accept.test(k)) {
        order.add(k);
      }
    }
    order.sort((a, b) -> Float.compare(scores[b], scores[a])); // stable: insertion order on ties
    int[] positions = new int[order.size()];
    float[] out = new float[order.size()];
    for (int r = 0; r < positions.length; r++) {
      positions[r] = order.get(r);
      out[r] = scores[positions[r]];
    }
    return new Ranked(positions, out);
  }

  /**
   * The best {@code n} fresh items for {@code history} by {@code model}'s content scores, best
   * first (equal scores: insertion order), leaving out items the model does not retrieve, unavailable items, items without
   * {@code label} (when not null; normalised) and the items of {@code seen}.
   */
  public List<Scored> recommend(ContentScorer model, History history,
      int n, String label, Set<String> seen) {
    Ranked r = rank(model, history, k -> {
      Entry e = entries.get(k);
      return e.available() && (label == null || e.labels().contains(label)) && !seen.contains(e.id());
    });
    List<Scored> out = new ArrayList<>(Math.min(n, r.size()));
    for (int j = 0; j < Math.min(n, r.size()); j++) {
      out.add(new Scored(entries.get(r.positions()[j]).id(), r.scores()[j]));
    }
    return out;
  }
}

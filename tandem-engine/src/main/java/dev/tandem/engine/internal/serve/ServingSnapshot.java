package dev.tandem.engine.internal.serve;

import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.Quote;
import dev.tandem.core.fusion.FusionType;
import dev.tandem.core.model.ContentScorer;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.snapshot.ModelSnapshot;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What serves requests at one point in time: a trained snapshot's header, the models loaded from
 * it, which of its items are available, its {@link LabelIndex}, the {@linkplain FreshItems
 * fresh-item overlay} and the catalogue view of {@code ask}. A request takes one and answers
 * entirely from it, so that a retrain or a new item never changes an answer half-way.
 *
 * <p>Guarantees: immutable and thread-safe (its one mutable part is the pool of scratch arrays
 * behind {@link #scorer()}, which holds no data of any answer). It is built completely, then published by
 * {@link Serving} with one volatile write. A change (a model loaded on first use, a fresh item, the
 * overlay or the {@code ask} catalogue built) makes a new snapshot through a {@code with...} method,
 * which shares everything else (copy-on-write) and is published in its place.
 */
public final class ServingSnapshot {
  private final Path file;
  private final ModelSnapshot header;
  private final ItemFilter available;
  private final LabelIndex labels;
  private final Map<String, Model> models;
  private final FreshItems fresh;
  private final AskCatalogue askCatalogue;
  private final boolean scoresContent;
  /** Scratch for request scorers; shared by the copies of this snapshot (same catalogue). */
  private final RequestScorer.Pool scratch;

  private ServingSnapshot(Path file, ModelSnapshot header, ItemFilter available, LabelIndex labels,
      Map<String, Model> models, FreshItems fresh, AskCatalogue askCatalogue, boolean scoresContent,
      RequestScorer.Pool scratch) {
    this.file = file;
    this.header = header;
    this.available = available;
    this.labels = labels;
    this.models = models;
    this.fresh = fresh;
    this.askCatalogue = askCatalogue;
    this.scoresContent = scoresContent;
    this.scratch = scratch;
  }

  /**
   * A snapshot of {@code read} (a snapshot file's header with the models read from it) over the
   * catalogue {@code catalogue} (availability and labels of the snapshot's items); no overlay and
   * no {@code ask} catalogue yet.
   */
  static ServingSnapshot of(Path file, ModelSnapshot read, Iterable<Item> catalogue) {
    IdIndex items = read.items();
    BitSet ok = new BitSet(items.size());
    LabelIndex.Builder labels = new LabelIndex.Builder(items);
    for (Item item : catalogue) {
      int i = items.indexOf(item.id());
      if (i < 0) {
        continue;
      }
      if (item.available()) {
        ok.set(i);
      }
      labels.add(item);
    }
    ModelSnapshot header = new ModelSnapshot(read.version(), read.createdAtMillis(), items, Map.of(), read.params(),
        read.info(), Map.of(), read.ratingParams());
    return new ServingSnapshot(file, header, ok::get, labels.build(),
        Collections.unmodifiableMap(new LinkedHashMap<>(read.models())), null, null, scoresContent(read),
        new RequestScorer.Pool(items.size()));
  }

  /** The snapshot version. */
  public long version() {
    return header.version();
  }

  /** The snapshot file the models are read from. */
  public Path file() {
    return file;
  }

  /** The header: version, creation time, items, each model's parameters, training facts; no models. */
  public ModelSnapshot header() {
    return header;
  }

  /** The snapshot's items (dense indices). */
  public IdIndex items() {
    return header.items();
  }

  /** The snapshot items that may be recommended. */
  public ItemFilter available() {
    return available;
  }

  /** The snapshot items' labels. */
  public LabelIndex labels() {
    return labels;
  }

  /** Whether model {@code name} was trained into this snapshot (loaded or not). */
  public boolean has(String name) {
    return header.params().containsKey(name);
  }

  /** Model {@code name} when it is loaded. */
  public Optional<Model> loaded(String name) {
    return Optional.ofNullable(models.get(name));
  }

  /** The loaded models by name. */
  public Map<String, Model> loadedModels() {
    return models;
  }

  /**
   * Checks that {@code name} was trained into this snapshot.
   *
   * @throws IllegalArgumentException naming the model and the snapshot's models
   */
  public void checkHas(String name) {
    if (!has(name)) {
      throw new IllegalArgumentException("model (" + Quote.of(name) + ") is not in snapshot " + version()
          + "; it has " + header.params().keySet() + " (train it with `tandem train --models " + name + "`)");
    }
  }

  /**
   * Whether a model of this snapshot, or a channel of a fused one, can {@linkplain ContentScorer
   * score content} (then it has a fresh-item overlay).
   */
  public boolean scoresContent() {
    return scoresContent;
  }

  /** Whether the fresh-item overlay is built (always false when no model scores content). */
  public boolean freshBuilt() {
    return fresh != null;
  }

  /** The fresh-item overlay; {@link FreshItems#EMPTY} when none is built. */
  public FreshItems fresh() {
    return fresh == null ? FreshItems.EMPTY : fresh;
  }

  /** The catalogue view of {@code ask}, when built. */
  public Optional<AskCatalogue> askCatalogue() {
    return Optional.ofNullable(askCatalogue);
  }

  /**
   * A scorer for one request on this snapshot, owning pooled scratch space until it is closed
   * (see {@link RequestScorer}).
   */
  public RequestScorer scorer() {
    return scratch.scorer();
  }

  /** This snapshot with model {@code name} loaded as {@code model}. */
  ServingSnapshot withModel(String name, Model model) {
    Map<String, Model> m = new LinkedHashMap<>(models);
    m.put(name, model);
    return new ServingSnapshot(file, header, available, labels, Collections.unmodifiableMap(m), fresh, askCatalogue,
        scoresContent, scratch);
  }

  /** This snapshot with overlay {@code overlay}. */
  ServingSnapshot withFresh(FreshItems overlay) {
    return new ServingSnapshot(file, header, available, labels, models, overlay, askCatalogue, scoresContent,
        scratch);
  }

  /** This snapshot with the {@code ask} catalogue {@code catalogue}. */
  ServingSnapshot withAskCatalogue(AskCatalogue catalogue) {
    return new ServingSnapshot(file, header, available, labels, models, fresh, catalogue, scoresContent, scratch);
  }

  private static boolean scoresContent(ModelSnapshot s) {
    for (Map.Entry<String, Map<String, String>> m : s.params().entrySet()) {
      ModelType<?, ?> type = ModelTypes.byName(m.getKey());
      if (type instanceof FusionType fusion) {
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
}

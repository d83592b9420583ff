package dev.tandem.engine.internal.serve;

import dev.tandem.core.data.Item;
import dev.tandem.core.model.Model;
import dev.tandem.core.retrieval.Popularity;
import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.core.snapshot.SnapshotFile;
import dev.tandem.engine.embed.ItemDocuments;
import dev.tandem.store.Store;
import dev.tandem.store.snapshot.SnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The one mutable cell of serving: which {@link ServingSnapshot} answers requests. Every change
 * (a retrain or reload swapping in a new version, a model loaded on first use, a fresh item, the
 * overlay or the {@code ask} catalogue built) builds a complete new snapshot and publishes it with
 * one volatile write; requests in flight keep the snapshot they started with.
 *
 * <p>Thread-safe. Slow work (reading models, embedding, scanning the catalogue) runs outside the
 * publishing lock, which only guards the read-modify-write of the current snapshot, so that
 * concurrent changes are never lost.
 */
public final class Serving {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Serving.class);
  /** Embeds the documents of items outside a snapshot into overlay entries. */
  @FunctionalInterface
  public interface FreshEmbedding {
    /** Overlay entries for {@code items} with their rendered documents {@code texts} (same order). */
    List<FreshItems.Entry> entries(List<Item> items, List<String> texts);
  }

  private record Update(List<FreshItems.Entry> added, List<String> removed) { }

  private final SnapshotStore snapshots;
  private final Store store;
  private final String recommendModel;
  private final ItemDocuments documents;
  private final FreshEmbedding embedding;
  /** Held while a new version is loaded and swapped in, and while an overlay is built (one at a time). */
  private final Object loadLock = new Object();
  /** Guards the read-modify-write of {@link #current} and {@link #recording}. */
  private final Object publishLock = new Object();
  private volatile ServingSnapshot current;
  /** The version whose {@code ask} catalogue was built before the current one's (tests), -1 for none. */
  private volatile long previousCatalogue = -1;
  /** Fresh-item updates made while an overlay is being built, replayed onto it; null when none is. */
  private List<Update> recording;

  /**
   * A cell over {@code snapshots}, serving nothing until the first {@link #current()} or swap.
   *
   * @param recommendModel the configured {@code recommend.model}, loaded with every snapshot
   * @param documents renders item documents for the overlay and the {@code ask} catalogue
   * @param embedding embeds fresh items' documents
   */
  public Serving(SnapshotStore snapshots, Store store, String recommendModel, ItemDocuments documents,
      FreshEmbedding embedding) {
    this.snapshots = snapshots;
    this.store = store;
    this.recommendModel = recommendModel;
    this.documents = documents;
    this.embedding = embedding;
  }

  /**
   * The snapshot serving requests, loading the newest on disk on first use.
   *
   * @throws IllegalStateException when nothing was trained yet
   */
  public ServingSnapshot current() throws IOException {
    ServingSnapshot s = current;
    if (s == null) {
      synchronized (loadLock) {
        s = current;
        if (s == null) {
          s = load(snapshots.requireLatest(), null);
          synchronized (publishLock) {
            current = s;
          }
        }
      }
    }
    return s;
  }

  /** The snapshot serving requests, or null before the first load (loads nothing). */
  public ServingSnapshot currentOrNull() {
    return current;
  }

  /** The serving snapshot, or null when nothing is trained yet. */
  public ServingSnapshot ifTrained() throws IOException {
    return current != null || snapshots.latest().isPresent() ? current() : null;
  }

  /**
   * Loads {@code file} (version {@code version}), lets {@code prepare} complete it (e.g. build the
   * {@code ask} catalogue), builds its fresh-item overlay when {@code withFresh} (a failure is
   * logged and leaves the overlay to the first request that needs it) and publishes it, unless
   * that version or a newer one serves already. Fresh-item updates made while the overlay is built
   * are replayed onto it before it is published.
   *
   * @return the version serving afterwards
   */
  public long swapTo(Path file, long version, UnaryOperator<ServingSnapshot> prepare, boolean withFresh)
      throws IOException {
    synchronized (loadLock) {
      ServingSnapshot old = current;
      if (old == null || old.version() < version) {
        ServingSnapshot next = prepare.apply(load(file, old));
        FreshItems built = null;
        if (withFresh && next.scoresContent()) {
          try {
            built = buildFresh(next);
          } catch (RuntimeException e) {
            LOG.warn("cannot build the fresh-item overlay of snapshot {} yet; the first request will: {}", version,
                e.toString());
          }
        }
        synchronized (publishLock) {
          if (built != null) {
            next = next.withFresh(replay(next, built));
          }
          if (old != null && old.askCatalogue().isPresent()) {
            previousCatalogue = old.version();
          }
          current = next; // the one volatile write: requests see the old or the new, whole
        }
      }
      return current.version();
    }
  }

  /** The versions whose {@code ask} catalogue is built: the serving one and the one before it, newest first. */
  public List<Long> askCatalogueVersions() {
    List<Long> out = new ArrayList<>();
    ServingSnapshot s = current;
    if (s != null && s.askCatalogue().isPresent()) {
      out.add(s.version());
      if (previousCatalogue >= 0) {
        out.add(previousCatalogue);
      }
    }
    return out;
  }

  /**
   * A snapshot for {@code file}: header, availability, labels, and the models {@code previous} had
   * loaded plus {@code recommend.model} (or, when absent, the model that answers instead) and
   * {@code pop}.
   */
  private ServingSnapshot load(Path file, ServingSnapshot previous) throws IOException {
    Set<String> preload = new HashSet<>();
    if (previous != null) {
      preload.addAll(previous.loadedModels().keySet());
    }
    preload.add(recommendModel);
    preload.add(Popularity.NAME);
    ModelSnapshot read = SnapshotFile.read(file, preload);
    List<Item> catalogue = new ArrayList<>();
    store.items().forEach(catalogue::add);
    ServingSnapshot s = ServingSnapshot.of(file, read, catalogue);
    if (!read.params().isEmpty()) {
      String answering = ModelChoice.byDefault(read, recommendModel).name();
      if (s.loaded(answering).isEmpty()) {
        s = s.withModel(answering, read(s, answering));
      }
    }
    return s;
  }

  /**
   * {@code s}'s model {@code name}, read from its file when not loaded yet; the snapshot with it
   * loaded is then published in {@code s}'s place (when {@code s} still serves).
   *
   * @throws IllegalArgumentException when {@code s} has no model {@code name}
   */
  public Model model(ServingSnapshot s, String name) {
    s.checkHas(name);
    Model m = s.loaded(name).orElse(null);
    if (m != null) {
      return m;
    }
    ServingSnapshot now = current;
    if (now != null && now.version() == s.version() && now.loaded(name).isPresent()) {
      return now.loaded(name).get();
    }
    synchronized (loadLock) { // one read per model, not one per concurrent request
      now = current;
      if (now != null && now.version() == s.version() && now.loaded(name).isPresent()) {
        return now.loaded(name).get();
      }
      Model read = read(s, name);
      publishDerived(s, x -> x.loaded(name).isPresent() ? x : x.withModel(name, read));
      return read;
    }
  }

  private static Model read(ServingSnapshot s, String name) {
    try {
      return SnapshotFile.read(s.file(), Set.of(name)).models().get(name);
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("cannot load model " + name + ": snapshot " + s.version() + " (" + s.file()
          + ") was deleted, by another process's retention ([server] keep_snapshots) or by hand; a newer"
          + " snapshot is swapped in by reload()", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load model " + name + " from " + s.file() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Publishes {@code add} applied to the serving snapshot when it has {@code s}'s version, and
   * returns that; otherwise returns {@code add} applied to {@code s} (an older snapshot still
   * answering a request: not published).
   */
  private ServingSnapshot publishDerived(ServingSnapshot s, UnaryOperator<ServingSnapshot> add) {
    synchronized (publishLock) {
      ServingSnapshot now = current;
      if (now != null && now.version() == s.version()) {
        current = add.apply(now);
        return current;
      }
    }
    return add.apply(s);
  }

  /**
   * {@code s} with its {@code ask} catalogue, built now when missing (then published in its place).
   */
  public ServingSnapshot withAskCatalogue(ServingSnapshot s) {
    if (s.askCatalogue().isPresent()) {
      return s;
    }
    AskCatalogue c = new AskCatalogue(s.version(), s.items(), s.labels(), store, documents);
    return publishDerived(s, x -> x.askCatalogue().isPresent() ? x : x.withAskCatalogue(c));
  }

  /**
   * {@code s} with its fresh-item overlay, built now when missing (from the store's items outside
   * the snapshot that have a document, so that items added while the snapshot was trained are not
   * lost) and published in its place; {@code s} itself when no model of it scores content.
   */
  public ServingSnapshot withFresh(ServingSnapshot s) {
    if (!s.scoresContent() || s.freshBuilt()) {
      return s;
    }
    synchronized (loadLock) {
      ServingSnapshot now = current;
      if (now != null && now.version() == s.version() && now.freshBuilt()) {
        return now;
      }
      FreshItems built = buildFresh(s);
      synchronized (publishLock) {
        FreshItems f = replay(s, built);
        now = current;
        if (now != null && now.version() == s.version()) {
          current = now.freshBuilt() ? now : now.withFresh(f);
          return current;
        }
        return s.withFresh(f);
      }
    }
  }

  /** The overlay of {@code s} from the store's items outside it; starts recording updates. */
  private FreshItems buildFresh(ServingSnapshot s) {
    synchronized (publishLock) {
      recording = new ArrayList<>();
    }
    try {
      List<Item> outside = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      store.items().forEach(item -> {
        if (s.items().indexOf(item.id()) < 0) {
          String text = documents.render(item);
          if (!text.isEmpty()) {
            outside.add(item);
            texts.add(text);
          }
        }
      });
      return FreshItems.EMPTY.with(embedding.entries(outside, texts), List.of());
    } catch (RuntimeException e) {
      synchronized (publishLock) {
        recording = null;
      }
      throw e;
    }
  }

  /** {@code built} with the updates recorded since it was started; stops recording. Hold publishLock. */
  private FreshItems replay(ServingSnapshot s, FreshItems built) {
    FreshItems f = built;
    if (recording != null) {
      for (Update u : recording) {
        f = f.with(outside(s, u.added()), u.removed());
      }
    }
    recording = null;
    return f;
  }

  /** The ids of the fresh-item overlay's items, in insertion order; empty when nothing trained scores content. */
  public List<String> freshIds() throws IOException {
    ServingSnapshot s = ifTrained();
    if (s == null || !s.scoresContent()) {
      return List.of();
    }
    FreshItems f = withFresh(s).fresh();
    List<String> ids = new ArrayList<>(f.size());
    for (int k = 0; k < f.size(); k++) {
      ids.add(f.entry(k).id());
    }
    return ids;
  }

  /**
   * Puts the items of {@code items} that have a document (rendered by the {@code [embed]} template)
   * into the serving snapshot's overlay, embedded, when they are outside the snapshot; an item whose
   * document became empty leaves it ({@link #updateFresh}). Does nothing (and embeds nothing) when
   * nothing is trained or no model scores content.
   *
   * @return how many of {@code items} the overlay now holds
   */
  public int itemsUpserted(List<Item> items) throws IOException {
    ServingSnapshot s = ifTrained();
    if (s == null || !s.scoresContent()) {
      return 0;
    }
    List<Item> fresh = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<String> emptied = new ArrayList<>();
    for (Item item : items) {
      String text = documents.render(item);
      if (text.isEmpty()) {
        emptied.add(item.id());
      } else {
        fresh.add(item);
        texts.add(text);
      }
    }
    return updateFresh(embedding.entries(fresh, texts), emptied);
  }

  /**
   * Puts {@code added} (items outside the serving snapshot; others are skipped) into the serving
   * snapshot's overlay, replacing earlier versions, and takes {@code removed} out; builds the overlay
   * first when missing. Publishes the result.
   *
   * @return how many of {@code added} the overlay now holds
   */
  public int updateFresh(List<FreshItems.Entry> added, Collection<String> removed) throws IOException {
    Update update = new Update(List.copyOf(added), List.copyOf(removed));
    while (true) {
      ServingSnapshot s = ifTrained();
      if (s == null || !s.scoresContent()) {
        return 0;
      }
      withFresh(s);
      synchronized (publishLock) {
        if (recording != null) {
          recording.add(update); // the overlay being built gets it too
        }
        ServingSnapshot now = current;
        if (!now.scoresContent()) {
          return 0;
        }
        if (now.freshBuilt()) {
          List<FreshItems.Entry> outside = outside(now, update.added());
          FreshItems f = now.fresh().with(outside, update.removed());
          current = now.withFresh(f);
          int count = 0;
          for (FreshItems.Entry e : outside) {
            count += f.indexOf(e.id()) >= 0 ? 1 : 0;
          }
          return count;
        }
        if (recording != null) {
          return outside(now, update.added()).size(); // replayed onto the overlay being built
        }
      }
      // a newer snapshot without its overlay was swapped in meanwhile: build that one, then update it
    }
  }

  private static List<FreshItems.Entry> outside(ServingSnapshot s, List<FreshItems.Entry> added) {
    List<FreshItems.Entry> out = new ArrayList<>();
    for (FreshItems.Entry e : added) {
      if (s.items().indexOf(e.id()) < 0) {
        out.add(e);
      }
    }
    return out;
  }
}

package dev.tandem.engine.internal.embed;

import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.ItemTexts;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.core.data.Profile;
import dev.tandem.core.model.ItemContent;
import dev.tandem.engine.EmbedConfig;
import dev.tandem.engine.embed.EmbedProgress;
import dev.tandem.engine.embed.EmbedReport;
import dev.tandem.engine.embed.ItemDocuments;
import dev.tandem.llm.embed.Embedder;
import dev.tandem.llm.embed.Embedders;
import dev.tandem.llm.embed.OnnxEmbedder;
import dev.tandem.store.EmbeddingCache;
import dev.tandem.store.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The catalogue's documents and their vectors: renders item documents with the {@code [embed]}
 * template, resolves their vectors through the store's embedding cache (embedding only the texts
 * not cached yet) and owns the embedding models (the configured one and the built-in Chinese
 * encoder), loaded on first use and closed by {@link #close()}.
 *
 * <p>Thread-safe: embedding runs are serialised; a query embedding ({@link #embedder()}) runs
 * alongside them.
 */
public final class ItemEmbeddings implements AutoCloseable {
  private final EmbedConfig config;
  private final Store store;
  /** Serialises embedding runs (and the cache reads and writes they make). */
  private final Object embedLock = new Object();
  /** Guards {@link #embedder} and {@link #zhEncoder} only, so that a profile query never waits for a long run under embedLock. */
  private final Object embedderLock = new Object();
  private Embedder embedder;
  private Embedder zhEncoder;
  private final Path home;
  private final Map<String, String> env;

  /**
   * The documents and vectors of {@code store}'s catalogue as {@code config} says; a model folder
   * resolved against the working directory, an endpoint's API key read from the process environment.
   */
  public ItemEmbeddings(EmbedConfig config, Store store) {
    this(config, store, Path.of(""), System.getenv());
  }

  /**
   * The documents and vectors of {@code store}'s catalogue as {@code config} says; a relative
   * model folder resolved against {@code home}, an endpoint's API key read from {@code env}.
   */
  public ItemEmbeddings(EmbedConfig config, Store store, Path home, Map<String, String> env) {
    this.config = config;
    this.store = store;
    this.home = home;
    this.env = Map.copyOf(env);
  }

  /**
   * The documents of an index's items and, when asked, their vectors, from one rendering of the
   * catalogue.
   *
   * @param texts the documents
   * @param vectors their vectors; null when not asked for
   */
  public record Content(ItemTexts texts, ItemVectors vectors) { }

  /**
   * The documents of {@code index}'s items and, when {@code needs} asks for {@link ItemContent#VECTORS},
   * their vectors (embedding uncached documents first), from one rendering of the catalogue.
   */
  public Content content(IdIndex index, Set<ItemContent> needs) {
    synchronized (embedLock) {
      Documents docs = documents();
      return new Content(texts(index, docs), needs.contains(ItemContent.VECTORS) ? vectors(index, docs) : null);
    }
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

  /** The built-in Chinese encoder for the in-process parser's Chinese label prototypes. */
  public static final String ZH_ENCODER = "bge-small-zh-v15";

  /**
   * The Chinese encoder of {@code ask}'s in-process parser: the configured embedder when it is
   * {@value #ZH_ENCODER}, else that built-in model, loaded on first use (one thread: it embeds a
   * few short phrases per request) and closed by {@link #close()}.
   */
  public Embedder zhEncoder() {
    if (config.provider().equals(EmbedConfig.ONNX) && ZH_ENCODER.equals(config.model())) {
      return embedder();
    }
    synchronized (embedderLock) {
      if (zhEncoder == null) {
        zhEncoder = Embedders.builtIn(ZH_ENCODER, new OnnxEmbedder.Options(32, true, 1));
      }
      return zhEncoder;
    }
  }

  /** The vectors of {@code texts} by text, from the embedding cache, embedding (and caching) missing ones. */
  public Map<String, float[]> documentVectors(List<String> texts) {
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
   * first call that has something to embed and closed by {@link #close()}. Serialised with
   * other embedding calls.
   *
   * @param progress told documents resolved so far (see {@link EmbedProgress})
   * @throws dev.tandem.llm.embed.EmbeddingException if the model cannot be loaded or fails
   */
  public EmbedReport embedItems(EmbedProgress progress) {
    Objects.requireNonNull(progress, "progress (use EmbedProgress.NONE)");
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
    ItemDocuments template = config.documents();
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
      int chunk = Math.max(256, config.batchSize() * config.effectiveThreads() * 4);
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
  public String modelId() {
    return config.modelId();
  }

  /** The configured embedding model, loaded on first use and closed by {@link #close()}. */
  public Embedder embedder() {
    synchronized (embedderLock) {
      if (embedder == null) {
        embedder = config.open(home, env);
      }
      return embedder;
    }
  }

  /**
   * The profile of {@code text}: the text and its query embedding by the configured model
   * ({@link Embedder#embedQuery}, which adds the model's query instruction, e.g. BGE's), the same
   * model that embedded the items. Loads the model on first use.
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

  /** Closes the embedding models that were loaded (waits for a running embedding run). */
  @Override
  public void close() {
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
  }
}

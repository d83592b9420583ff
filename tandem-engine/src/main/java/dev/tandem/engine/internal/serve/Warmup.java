package dev.tandem.engine.internal.serve;

import dev.tandem.core.retrieval.Popularity;
import dev.tandem.store.Store;
import dev.tandem.store.cache.CachingStore;
import dev.tandem.store.snapshot.SnapshotStore;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Gets an engine ready to serve, so that the first requests are as fast as the rest: loads the
 * serving snapshot's {@code recommend.model} and popularity (the fallback), when trained, has
 * requests in words prepared (catalogue, intent parser, fresh-item overlay), and fills the store's
 * history cache from one scan of the feedback log when the whole log fits under its cap
 * ({@code [store] history_cache_events}). Stateless apart from what it warms.
 */
public final class Warmup {
  private Warmup() { }

  /**
   * Warms {@code serving} (snapshots in {@code snapshots}) and {@code store}.
   *
   * @param recommendModel {@code recommend.model}
   * @param prepareAsk prepares the serving snapshot for requests in words (and every later one
   *     before it serves); false when it failed (logged by it)
   * @return what was loaded, one line for a log
   */
  public static String warm(SnapshotStore snapshots, Serving serving, Store store, String recommendModel,
      Predicate<ServingSnapshot> prepareAsk) throws IOException {
    StringBuilder out = new StringBuilder();
    if (snapshots.latest().isPresent()) {
      ServingSnapshot s = serving.current();
      for (String name : List.of(recommendModel, Popularity.NAME)) {
        if (s.has(name)) {
          serving.model(s, name);
          out.append(out.length() == 0 ? "loaded " : ", ").append(name);
        }
      }
      long t0 = System.nanoTime();
      if (prepareAsk.test(serving.current())) {
        serving.withFresh(serving.current());
        out.append(String.format(Locale.ROOT, "; prepared requests in words in %.1f s", (System.nanoTime() - t0) / 1e9));
      }
    }
    if (store instanceof CachingStore cache) {
      int users = cache.preloadHistories();
      out.append(out.length() == 0 ? "" : "; ").append("cached the histories of ").append(users).append(" users");
    }
    return out.toString();
  }
}

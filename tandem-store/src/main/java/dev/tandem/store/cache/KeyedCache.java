package dev.tandem.store.cache;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

/**
 * A bounded read-through cache of immutable values by string key that never serves a value older
 * than a committed write, for {@link CachingStore}.
 *
 * <p>Protocol: a writer commits to the store first and then calls {@link #update} or
 * {@link #invalidate} for each key it changed (or {@link #invalidateAll}). A loader runs without
 * any lock; its result is kept only if no write to its key's stripe finished while it ran (a
 * per-stripe epoch, checked under the stripe's lock), so a value read before a commit can never
 * be stored after that commit's update. Hits take no lock.
 *
 * <p>Bounded by a total weight (e.g. events in the cached histories): when a put exceeds it,
 * a second-chance sweep evicts entries not read since the previous sweep.
 *
 * <p>Thread-safe.
 */
final class KeyedCache<V> {
  private static final int STRIPES = 256;

  private static final class Entry<V> {
    final V value;
    final int weight;
    volatile boolean used = true;

    Entry(V value, int weight) {
      this.value = value;
      this.weight = weight;
    }
  }

  private final ConcurrentHashMap<String, Entry<V>> map = new ConcurrentHashMap<>();
  private final Object[] locks = new Object[STRIPES];
  private final long[] epochs = new long[STRIPES];
  private final long maxWeight;
  private final ToIntFunction<V> weigher;
  private final Object sweepLock = new Object();
  private long weight; // guarded by sweepLock (approximate between sweeps is fine)

  /**
   * @param maxWeight the largest total weight kept (0 disables caching: every get loads)
   * @param weigher the weight of a value (>= 1 is counted as given; smaller as 1)
   */
  KeyedCache(long maxWeight, ToIntFunction<V> weigher) {
    if (maxWeight < 0) {
      throw new IllegalArgumentException("maxWeight (" + maxWeight + ") must be >= 0");
    }
    this.maxWeight = maxWeight;
    this.weigher = weigher;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  private static int stripe(String key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }

  /** The cached value, or {@code loader}'s (cached when no write raced with it); null loads are not cached. */
  V get(String key, Function<String, V> loader) {
    Entry<V> e = map.get(key);
    if (e != null) {
      e.used = true;
      return e.value;
    }
    if (maxWeight == 0) {
      return loader.apply(key);
    }
    int s = stripe(key);
    long epoch;
    synchronized (locks[s]) {
      epoch = epochs[s];
    }
    V v = loader.apply(key);
    if (v == null) {
      return null;
    }
    int w = Math.max(1, weigher.applyAsInt(v));
    synchronized (locks[s]) {
      if (epochs[s] != epoch || map.containsKey(key)) {
        return v;
      }
      map.put(key, new Entry<>(v, w));
    }
    added(w);
    return v;
  }

  /**
   * After a committed write to {@code key}: replaces a cached value by {@code change} applied to
   * it (a null result drops it); a key not cached stays uncached.
   */
  void update(String key, UnaryOperator<V> change) {
    int s = stripe(key);
    int delta = 0;
    synchronized (locks[s]) {
      epochs[s]++;
      Entry<V> old = map.get(key);
      if (old != null) {
        V v = change.apply(old.value);
        if (v == null) {
          map.remove(key);
          delta = -old.weight;
        } else {
          int w = Math.max(1, weigher.applyAsInt(v));
          map.put(key, new Entry<>(v, w));
          delta = w - old.weight;
        }
      }
    }
    if (delta != 0) {
      added(delta);
    }
  }

  /** After a committed write to {@code key}: drops it. */
  void invalidate(String key) {
    update(key, v -> null);
  }

  /** After a committed write that may touch any key: drops everything. */
  void invalidateAll() {
    for (int s = 0; s < STRIPES; s++) {
      final int stripe = s;
      synchronized (locks[s]) {
        epochs[s]++;
        map.keySet().removeIf(k -> stripe(k) == stripe);
      }
    }
    synchronized (sweepLock) {
      long w = 0;
      for (Entry<V> e : map.values()) {
        w += e.weight;
      }
      weight = w;
    }
  }

  /** The stripes' write epochs now, to pass to {@link #putAllIfUnwritten} after a bulk read. */
  long[] epochs() {
    long[] out = new long[STRIPES];
    for (int s = 0; s < STRIPES; s++) {
      synchronized (locks[s]) {
        out[s] = epochs[s];
      }
    }
    return out;
  }

  /**
   * Caches {@code values} read after {@code before} was taken, skipping keys whose stripe was
   * written since (their read may be stale) and keys already cached, until the weight cap.
   *
   * @return how many values were cached
   */
  int putAllIfUnwritten(Map<String, V> values, long[] before) {
    int n = 0;
    long budget;
    synchronized (sweepLock) {
      budget = maxWeight - weight;
    }
    long added = 0;
    for (Map.Entry<String, V> e : values.entrySet()) {
      int w = Math.max(1, weigher.applyAsInt(e.getValue()));
      if (added + w > budget) {
        break;
      }
      int s = stripe(e.getKey());
      synchronized (locks[s]) {
        if (epochs[s] != before[s] || map.containsKey(e.getKey())) {
          continue;
        }
        map.put(e.getKey(), new Entry<>(e.getValue(), w));
      }
      added += w;
      n++;
    }
    synchronized (sweepLock) {
      weight += added;
    }
    return n;
  }

  /** The cap on the total weight. */
  long maxWeight() {
    return maxWeight;
  }

  /** Whether anything is cached at all (a cap above 0). */
  boolean enabled() {
    return maxWeight > 0;
  }

  /** Number of cached keys. */
  int size() {
    return map.size();
  }

  /** Whether {@code key} is cached (for tests). */
  boolean contains(String key) {
    return map.containsKey(key);
  }

  private void added(int delta) {
    synchronized (sweepLock) {
      weight += delta;
      if (weight <= maxWeight) {
        return;
      }
      // second chance: entries read since the last sweep survive it once
      for (int round = 0; round < 2 && weight > maxWeight * 3 / 4; round++) {
        Iterator<Map.Entry<String, Entry<V>>> it = map.entrySet().iterator();
        while (it.hasNext() && weight > maxWeight * 3 / 4) {
          Map.Entry<String, Entry<V>> me = it.next();
          Entry<V> e = me.getValue();
          if (e.used) {
            e.used = false;
            continue;
          }
          int s = stripe(me.getKey());
          synchronized (locks[s]) {
            if (map.remove(me.getKey(), e)) {
              weight -= e.weight;
            }
          }
        }
      }
    }
  }
}

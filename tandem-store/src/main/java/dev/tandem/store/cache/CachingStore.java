package dev.tandem.store.cache;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.User;
import dev.tandem.store.BulkLoad;
import dev.tandem.store.EmbeddingCache;
import dev.tandem.store.FeedbackLog;
import dev.tandem.store.FeedbackRowVisitor;
import dev.tandem.store.FeedbackVisitor;
import dev.tandem.store.InvalidRecord;
import dev.tandem.store.ItemCatalog;
import dev.tandem.store.SessionStore;
import dev.tandem.store.Store;
import dev.tandem.store.StoreMeta;
import dev.tandem.store.UserDirectory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A {@link Store} that keeps users' histories, users and items in bounded memory caches in front
 * of another store, so that serving a recommendation reads no database. Reads through on a miss.
 *
 * <p>Guarantees: a read never returns data older than a write that completed before the read
 * began, through this object. Feedback writes are write-through: after the delegate commits, the
 * events are merged into the cached history of their user (an event that replaces one with the
 * same user, item, type and timestamp, or that shares a timestamp with a cached one, drops the
 * cached history instead, so that the next read takes the store's order and values). Deleting a
 * user drops their cached history and record; deleting an item, and committing a
 * {@link #bulkLoad()}, drop every cached history. Writes that bypass this object are detected
 * through {@link Store#externalVersion()}, asked at most every {@value #DEFAULT_CHECK_MILLIS} ms on
 * reads: a write by another process on an SQLite file is seen within that time, and then every
 * cache is dropped. PostgreSQL cannot tell, so there a write through another server or process
 * is seen only after eviction or a restart: write feedback through one caching store per database.
 *
 * <p>Thread-safe.
 */
public final class CachingStore implements Store {
  /** Default cap on the feedback events held in cached histories (about 100 bytes each). */
  public static final long DEFAULT_HISTORY_EVENTS = 2_000_000;
  /** Default cap on cached users and on cached items. */
  public static final long DEFAULT_RECORDS = 200_000;

  /** Default interval between two checks for writes by other processes. */
  public static final long DEFAULT_CHECK_MILLIS = 100;

  private final Store store;
  private final long checkNanos;
  private final AtomicLong nextCheck = new AtomicLong();
  private volatile long seenVersion;
  private final KeyedCache<List<Feedback>> histories;
  private final KeyedCache<User> users;
  private final KeyedCache<Item> items;
  private final FeedbackLog feedbackLog = new Histories();
  private final UserDirectory userDirectory = new Users();
  private final ItemCatalog itemCatalog = new Items();

  private CachingStore(Store store, long historyEvents, long records, long checkMillis) {
    this.store = store;
    this.checkNanos = checkMillis * 1_000_000L;
    this.seenVersion = store.externalVersion();
    this.nextCheck.set(System.nanoTime() + checkNanos);
    this.histories = new KeyedCache<>(historyEvents, List::size);
    this.users = new KeyedCache<>(records, u -> 1);
    this.items = new KeyedCache<>(records, i -> 1);
  }

  /** {@code store} behind caches of the default sizes. */
  public static CachingStore wrap(Store store) {
    return wrap(store, DEFAULT_HISTORY_EVENTS, DEFAULT_RECORDS);
  }

  /**
   * {@code store} behind caches holding at most {@code historyEvents} events in histories and
   * {@code records} users and as many items; 0 turns that cache off.
   *
   * @throws IllegalArgumentException if a size is negative
   */
  public static CachingStore wrap(Store store, long historyEvents, long records) {
    return wrap(store, historyEvents, records, DEFAULT_CHECK_MILLIS);
  }

  /**
   * As {@link #wrap(Store, long, long)}, asking for writes by other processes at most every
   * {@code checkMillis} ms (0: on every read).
   *
   * @throws IllegalArgumentException if a size or {@code checkMillis} is negative
   */
  public static CachingStore wrap(Store store, long historyEvents, long records, long checkMillis) {
    if (checkMillis < 0) {
      throw new IllegalArgumentException("checkMillis (" + checkMillis + ") must be >= 0");
    }
    if (historyEvents < 0) {
      throw new IllegalArgumentException("historyEvents (" + historyEvents + ") must be >= 0");
    }
    if (records < 0) {
      throw new IllegalArgumentException("records (" + records + ") must be >= 0");
    }
    return new CachingStore(store, historyEvents, records, checkMillis);
  }

  /**
   * Fills the history cache from one scan of the feedback log, so that a server answers its first
   * requests without reading the database. Only when every event fits under the cache's cap (the
   * scan holds them all at once); otherwise histories load on demand. Safe while writes go on: a
   * user written to during the scan is left to be read on demand.
   *
   * @return the number of users whose history was cached (0 when the log is above the cap)
   */
  public int preloadHistories() {
    if (!histories.enabled() || store.feedback().count() > histories.maxWeight()) {
      return 0;
    }
    long[] before = histories.epochs();
    Map<String, List<Feedback>> byUser = new TreeMap<>();
    store.feedback().scan((user, item, type, value, ts) -> {
      if (Feedback.isValid(user, item, type, value, ts)) { // as FeedbackLog.history: rows older than the rules are left out
        byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(new Feedback(user, item, type, value, ts));
      }
    });
    for (Map.Entry<String, List<Feedback>> e : byUser.entrySet()) {
      List<Feedback> h = e.getValue(); // scan order is insertion order
      h.sort(Comparator.comparingLong(Feedback::timestamp)); // stable: then insertion order
      e.setValue(List.copyOf(h));
    }
    return histories.putAllIfUnwritten(byUser, before);
  }

  /** Number of users whose history is cached. */
  public int cachedHistories() {
    return histories.size();
  }

  /** Whether {@code user}'s history is cached. */
  public boolean historyCached(String user) {
    return histories.contains(user);
  }

  @Override
  public ItemCatalog items() {
    return itemCatalog;
  }

  @Override
  public UserDirectory users() {
    return userDirectory;
  }

  @Override
  public FeedbackLog feedback() {
    return feedbackLog;
  }

  @Override
  public StoreMeta meta() {
    return store.meta();
  }

  @Override
  public EmbeddingCache embeddings() {
    return store.embeddings();
  }

  /** The store's sessions, uncached: every turn reads and writes the database (servers may share it). */
  @Override
  public SessionStore sessions() {
    return store.sessions();
  }

  @Override
  public BulkLoad bulkLoad() {
    BulkLoad load = store.bulkLoad();
    return new BulkLoad() {
      @Override
      public boolean putItem(Item item) {
        return load.putItem(item);
      }

      @Override
      public boolean putUser(User user) {
        return load.putUser(user);
      }

      @Override
      public void feedback(String user, String item, String type, double value, long timestamp) {
        load.feedback(user, item, type, value, timestamp);
      }

      @Override
      public Counts commit() {
        try {
          return load.commit();
        } finally {
          invalidateAll();
        }
      }

      @Override
      public void close() {
        load.close();
      }
    };
  }

  /** Drops every cache when another process wrote to the database since the last check (rate-limited). */
  private void checkExternalWrites() {
    long now = System.nanoTime();
    long next = nextCheck.get();
    if (now - next < 0 || !nextCheck.compareAndSet(next, now + checkNanos)) {
      return;
    }
    long v = store.externalVersion();
    if (v != seenVersion) {
      seenVersion = v;
      invalidateAll();
    }
  }

  @Override
  public long externalVersion() {
    return store.externalVersion();
  }

  private void invalidateAll() {
    histories.invalidateAll();
    users.invalidateAll();
    items.invalidateAll();
  }

  @Override
  public String schemaVersion() {
    return store.schemaVersion();
  }

  @Override
  public void close() {
    store.close();
  }

  /** {@code events} merged into {@code cached} (time order, then insertion), or null when the store must be re-read. */
  static List<Feedback> merge(List<Feedback> cached, List<Feedback> events) {
    List<Feedback> out = new ArrayList<>(cached.size() + events.size());
    out.addAll(cached);
    for (Feedback f : events) {
      int at = out.size();
      while (at > 0 && out.get(at - 1).timestamp() > f.timestamp()) {
        at--;
      }
      if (at > 0 && out.get(at - 1).timestamp() == f.timestamp()) {
        return null; // same timestamp as a cached event: the store's identity and insertion order decide
      }
      out.add(at, f);
    }
    return List.copyOf(out);
  }

  private final class Histories implements FeedbackLog {
    @Override
    public int append(Collection<Feedback> events) {
      List<Feedback> copy = List.copyOf(events);
      int inserted;
      try {
        inserted = store.feedback().append(copy);
      } catch (RuntimeException e) {
        for (Feedback f : copy) {
          histories.invalidate(f.user());
        }
        throw e;
      }
      Map<String, List<Feedback>> byUser = new LinkedHashMap<>();
      for (Feedback f : copy) {
        byUser.computeIfAbsent(f.user(), u -> new ArrayList<>()).add(f);
      }
      for (Map.Entry<String, List<Feedback>> e : byUser.entrySet()) {
        histories.update(e.getKey(), h -> merge(h, e.getValue()));
      }
      return inserted;
    }

    @Override
    public List<Feedback> history(String user) {
      checkExternalWrites();
      return histories.get(user, u -> store.feedback().history(u));
    }

    /**
     * The cached history's last {@code limit} events when it is cached; otherwise the store's most
     * recent {@code limit} + 1 are read, and kept in the cache only when they are the whole history
     * (at most {@code limit}), so that a user with millions of events is never loaded whole.
     */
    @Override
    public long countOf(String user) {
      return store.feedback().countOf(user);
    }

    @Override
    public List<Feedback> history(String user, int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("limit (" + limit + ") must be >= 1");
      }
      checkExternalWrites();
      if (limit == Integer.MAX_VALUE) {
        return history(user);
      }
      // the read runs as the cache's loader (so that a write racing with it keeps it out of the cache);
      // a history longer than the limit is not cached (a null load) and is read again, its tail only
      List<Feedback> h = histories.get(user, u -> {
        List<Feedback> recent = store.feedback().history(u, limit + 1);
        return recent.size() <= limit ? recent : null;
      });
      if (h == null) {
        return store.feedback().history(user, limit);
      }
      return h.size() <= limit ? h : h.subList(h.size() - limit, h.size());
    }

    @Override
    public void scan(FeedbackVisitor visitor) {
      store.feedback().scan(visitor);
    }

    @Override
    public void scanRows(FeedbackRowVisitor visitor) {
      store.feedback().scanRows(visitor);
    }

    @Override
    public int delete(Collection<Long> ids) {
      try {
        return store.feedback().delete(ids);
      } finally {
        histories.invalidateAll(); // row ids do not say whose events they were
      }
    }

    @Override
    public long count() {
      return store.feedback().count();
    }

    @Override
    public long countUsers() {
      return store.feedback().countUsers();
    }
  }

  private final class Users implements UserDirectory {
    @Override
    public int upsert(Collection<User> batch) {
      List<User> copy = List.copyOf(batch);
      try {
        return store.users().upsert(copy);
      } finally {
        for (User u : copy) {
          users.invalidate(u.id());
        }
      }
    }

    @Override
    public Optional<User> get(String id) {
      checkExternalWrites();
      return Optional.ofNullable(users.get(id, k -> store.users().get(k).orElse(null)));
    }

    @Override
    public void forEachInvalid(Consumer<InvalidRecord> action) {
      store.users().forEachInvalid(action);
    }

    @Override
    public int count() {
      return store.users().count();
    }

    @Override
    public boolean delete(String id) {
      try {
        return store.users().delete(id);
      } finally {
        users.invalidate(id);
        histories.invalidate(id);
      }
    }
  }

  private final class Items implements ItemCatalog {
    @Override
    public int upsert(Collection<Item> batch) {
      List<Item> copy = List.copyOf(batch);
      try {
        return store.items().upsert(copy);
      } finally {
        for (Item it : copy) {
          items.invalidate(it.id());
        }
      }
    }

    @Override
    public Optional<Item> get(String id) {
      checkExternalWrites();
      return Optional.ofNullable(items.get(id, k -> store.items().get(k).orElse(null)));
    }

    @Override
    public List<Item> list(int offset, int limit) {
      return store.items().list(offset, limit);
    }

    @Override
    public Map<String, Item> getAll(Collection<String> ids) {
      Map<String, Item> out = new LinkedHashMap<>();
      for (String id : ids) {
        get(id).ifPresent(it -> out.put(id, it));
      }
      return Collections.unmodifiableMap(out);
    }

    @Override
    public int count() {
      return store.items().count();
    }

    @Override
    public boolean delete(String id) {
      try {
        return store.items().delete(id);
      } finally {
        items.invalidate(id);
        histories.invalidateAll();
      }
    }

    @Override
    public void forEach(Consumer<Item> action) {
      store.items().forEach(action);
    }

    @Override
    public void forEachInvalid(Consumer<InvalidRecord> action) {
      store.items().forEachInvalid(action);
    }
  }
}

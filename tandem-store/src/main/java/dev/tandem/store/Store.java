package dev.tandem.store;

import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.store.internal.jdbc.JdbcStore;
import java.nio.file.Path;

/**
 * Tandem's persistent data: the item catalogue, the user directory and the feedback log,
 * reached through narrow ports.
 *
 * <p>Thread-safe: every port may be used from several threads. Reads see only committed data;
 * writes are serialised. A {@link BulkLoad} holds the write side until it is closed, while reads
 * keep working (they see the state before the load until it commits).
 *
 * {@snippet :
 * try (Store store = Store.open(Path.of("tandem.db"))) {
 *   store.items().upsert(List.of(Item.of("42", "The Answer")));
 *   store.feedback().append(List.of(new Feedback("u1", "42", "click", 1, 0)));
 *   store.feedback().scan((user, item, type, value, ts) -> trainer.add(user, item, type, value, ts));
 * }
 * }
 */
public interface Store extends AutoCloseable {

  /**
   * Opens (creating if needed) an SQLite store file and brings its schema up to date with the
   * migrations under {@code db/migration}.
   *
   * <p>Durability: WAL journal with {@code synchronous=FULL}, so a committed write survives a
   * process crash and a power loss; every import is a single transaction, so this costs one
   * fsync per import.
   *
   * @param sqliteFile the database file; its parent directory must exist
   * @throws StoreException if the file cannot be opened or migrated
   */
  static Store open(Path sqliteFile) {
    return JdbcStore.openSqlite(sqliteFile, FeedbackWeights.DEFAULT);
  }

  /**
   * As {@link #open(Path)}, checking feedback values against {@code rules}: every append and bulk
   * load refuses an event whose value is outside its type's range
   * ({@link FeedbackWeights#valueRanges()}; types not configured there take
   * {@link FeedbackWeights#defaultRange()}). {@link #open(Path)} uses {@link FeedbackWeights#DEFAULT}.
   * {@code Tandem.open} passes the home's {@code [feedback]} configuration.
   *
   * @throws StoreException if the file cannot be opened or migrated
   */
  static Store open(Path sqliteFile, FeedbackWeights rules) {
    return JdbcStore.openSqlite(sqliteFile, rules);
  }

  /**
   * Opens a store by JDBC URL: {@code jdbc:postgresql://...} opens PostgreSQL through a
   * connection pool, {@code jdbc:sqlite:FILE} opens an SQLite file. Migrations are applied
   * either way.
   *
   * @param url the JDBC URL
   * @param user the user (null or empty: from the URL or none)
   * @param password the password (null or empty: from the URL or none)
   * @throws IllegalArgumentException if the URL is neither PostgreSQL nor SQLite
   * @throws StoreException if the database cannot be reached or migrated
   */
  static Store open(String url, String user, String password) {
    return open(url, user, password, FeedbackWeights.DEFAULT);
  }

  /**
   * As {@link #open(String, String, String)}, checking feedback values against {@code rules} (see
   * {@link #open(Path, FeedbackWeights)}).
   *
   * @throws IllegalArgumentException if the URL is neither PostgreSQL nor SQLite
   * @throws StoreException if the database cannot be reached or migrated
   */
  static Store open(String url, String user, String password, FeedbackWeights rules) {
    if (url != null && url.startsWith("jdbc:postgresql:")) {
      return JdbcStore.openPostgres(url, user, password, rules);
    }
    if (url != null && url.startsWith("jdbc:sqlite:")) {
      return JdbcStore.openSqlite(Path.of(url.substring("jdbc:sqlite:".length())), rules);
    }
    throw new IllegalArgumentException("store url (" + url + ") must start with jdbc:postgresql: or jdbc:sqlite:");
  }

  /** The item catalogue. */
  ItemCatalog items();

  /** The user directory. */
  UserDirectory users();

  /** The feedback log. */
  FeedbackLog feedback();

  /** A small key/value table for bookkeeping (e.g. the last import's summary). */
  StoreMeta meta();

  /** The embedding cache: document vectors per embedding model. */
  EmbeddingCache embeddings();

  /** Conversation sessions of {@code /ask}: state, owner, last turn, version for compare-and-set. */
  SessionStore sessions();

  /**
   * Starts a bulk load: one transaction for many items, users and feedback events, written with
   * batched prepared statements. Nothing is visible to readers until {@link BulkLoad#commit()};
   * closing without committing rolls everything back. Only one bulk load (or other write) runs
   * at a time: this call blocks until the write side is free.
   */
  BulkLoad bulkLoad();

  /**
   * A number that changes when a write to the same database was committed through another
   * connection than this store's (another process, e.g. {@code tandem import} beside a running
   * server), so that caches in front of this store can drop what they hold. 0 when the backend
   * cannot tell (PostgreSQL). May skip asking (and return the previous value) while a write of
   * this store is in progress.
   */
  default long externalVersion() {
    return 0;
  }

  /** The version of the newest applied schema migration, e.g. "1". */
  String schemaVersion();

  /** Closes the store's connections. Idempotent. */
  @Override
  void close();
}

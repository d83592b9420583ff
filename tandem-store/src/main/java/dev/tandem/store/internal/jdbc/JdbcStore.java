package dev.tandem.store.internal.jdbc;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.store.BulkLoad;
import dev.tandem.store.EmbeddingCache;
import dev.tandem.store.FeedbackLog;
import dev.tandem.store.ItemCatalog;
import dev.tandem.store.SessionStore;
import dev.tandem.store.Store;
import dev.tandem.store.StoreException;
import dev.tandem.store.StoreMeta;
import dev.tandem.store.StoreUnavailableException;
import dev.tandem.store.UserDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC implementation of {@link Store}, shared by SQLite and PostgreSQL: the SQL is the
 * portable subset both accept, and the backends differ only in how connections are obtained
 * ({@link Connections}). Writes are serialised by one lock (surrogate keys are assigned by the
 * writer as max + 1, see {@link JdbcBulkLoad}); reads see only committed data.
 *
 * <p>Open with {@link #openSqlite(Path, FeedbackWeights)} or
 * {@link #openPostgres(String, String, String, FeedbackWeights)}: the rules check every feedback
 * value written (appends and bulk loads).
 *
 * <p>Rows written before the current rules (by an older version or by hand) never make a read
 * fail: items and users with a valid id but content over a limit are read cut to the limits,
 * items and users whose id breaks the id policy are skipped, and feedback rows that cannot be a
 * {@link Feedback} are left out of histories; {@link ItemCatalog#forEachInvalid} and
 * {@link UserDirectory#forEachInvalid} list them. Each is logged once per process.
 *
 * <p>SQLite settings: {@code journal_mode=WAL}, {@code synchronous=FULL} (a committed transaction
 * survives a crash and a power loss; imports are one transaction, so this costs one fsync each),
 * a 256 MiB page cache on the write connection, {@code temp_store=MEMORY}, foreign keys
 * enforced, busy timeout 10 s. One write connection and four read connections
 * (a long scan holds one while other reads go on).
 *
 * <p>PostgreSQL: a HikariCP pool ({@value PostgresConnections#POOL_SIZE} connections); each read
 * borrows a connection, each write borrows one for its transaction. The server's default
 * {@code synchronous_commit=on} makes a returned commit durable.
 *
 * <p>Each port is its own class over the same {@link Transactions} (connections, the write lock,
 * read and write transactions): {@link JdbcItemCatalog}, {@link JdbcUserDirectory},
 * {@link JdbcFeedbackLog}, {@link JdbcStoreMeta}, {@link JdbcEmbeddingCache} and
 * {@link JdbcSessionStore}; item and user rows are mapped by one {@link RowReader}.
 */
public final class JdbcStore implements Store {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

  private final Transactions tx;
  private final String schemaVersion;
  private final FeedbackWeights rules;
  private final JdbcItemCatalog items;
  private final JdbcUserDirectory users;
  private final JdbcFeedbackLog feedback;
  private final JdbcStoreMeta meta;
  private final JdbcEmbeddingCache embeddings;
  private final JdbcSessionStore sessions;

  private JdbcStore(String location, Connections connections, String schemaVersion, FeedbackWeights rules) {
    this.tx = new Transactions(location, connections);
    this.schemaVersion = schemaVersion;
    this.rules = rules;
    RowReader rows = new RowReader();
    this.items = new JdbcItemCatalog(tx, rules, rows);
    this.users = new JdbcUserDirectory(tx, rules, rows);
    this.feedback = new JdbcFeedbackLog(tx, rules);
    this.meta = new JdbcStoreMeta(tx);
    this.embeddings = new JdbcEmbeddingCache(tx);
    this.sessions = new JdbcSessionStore(tx);
  }

  /**
   * Opens or creates an SQLite store file and applies pending migrations, with the default
   * feedback rules ({@link FeedbackWeights#DEFAULT}).
   *
   * @throws StoreException if the file cannot be opened or migrated
   */
  public static JdbcStore openSqlite(Path sqliteFile) {
    return openSqlite(sqliteFile, FeedbackWeights.DEFAULT);
  }

  /**
   * Opens or creates an SQLite store file and applies pending migrations; feedback values written
   * are checked against {@code rules}.
   *
   * @throws StoreException if the file cannot be opened or migrated
   */
  public static JdbcStore openSqlite(Path sqliteFile, FeedbackWeights rules) {
    if (rules == null) {
      throw new IllegalArgumentException("rules must not be null; use FeedbackWeights.DEFAULT");
    }
    Path abs = sqliteFile.toAbsolutePath();
    if (abs.getParent() != null && !Files.isDirectory(abs.getParent())) {
      throw new IllegalArgumentException("store file's directory (" + abs.getParent() + ") must exist");
    }
    String url = "jdbc:sqlite:" + abs;
    String version;
    try {
      SqliteConnections.enableWal(url);
      version = Migrations.apply(Flyway.configure().dataSource(url, null, null));
    } catch (SQLException | RuntimeException e) {
      throw new StoreException("cannot open or migrate store " + abs + ": " + e.getMessage(), e);
    }
    try {
      SqliteConnections connections = SqliteConnections.open(url);
      LOG.debug("opened store {} at schema version {}", abs, version);
      return new JdbcStore(abs.toString(), connections, version, rules);
    } catch (SQLException e) {
      throw new StoreException("cannot open store " + abs, e);
    }
  }

  /**
   * Opens a PostgreSQL store through a connection pool and applies pending migrations (the same
   * migrations as SQLite: the schema is written in SQL both accept).
   *
   * @param url a {@code jdbc:postgresql://host:port/database} URL (may carry user and password)
   * @param user the user, or null/empty to take it from the URL
   * @param password the password, or null/empty
   * @throws StoreException if the database cannot be reached or migrated
   */
  public static JdbcStore openPostgres(String url, String user, String password) {
    return openPostgres(url, user, password, FeedbackWeights.DEFAULT);
  }

  /**
   * As {@link #openPostgres(String, String, String)}; feedback values written are checked against
   * {@code rules}.
   *
   * @throws StoreException if the database cannot be reached or migrated
   */
  public static JdbcStore openPostgres(String url, String user, String password, FeedbackWeights rules) {
    if (rules == null) {
      throw new IllegalArgumentException("rules must not be null; use FeedbackWeights.DEFAULT");
    }
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("store url (" + url + ") must start with jdbc:postgresql:");
    }
    String where = redact(url);
    PostgresConnections pool;
    try {
      pool = PostgresConnections.open(url, user, password);
    } catch (RuntimeException e) {
      throw StoreUnavailableException.of("cannot connect to store " + where + ": " + e.getMessage(), e);
    }
    try {
      String version = Migrations.apply(Flyway.configure().dataSource(pool.dataSource()));
      LOG.debug("opened store {} at schema version {}", where, version);
      return new JdbcStore(where, pool, version, rules);
    } catch (RuntimeException e) {
      pool.closeQuietly(e);
      throw StoreUnavailableException.of("cannot migrate store " + where + ": " + e.getMessage(), e);
    }
  }

  /** The URL without a password parameter, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  /** The connection source, for tests of the connections' settings. */
  Connections connections() {
    return tx.connections();
  }

  /** Where the store lives: the SQLite file's path or the PostgreSQL URL (password redacted). */
  public String location() {
    return tx.location();
  }

  /** The feedback rules this store checks values against. */
  public FeedbackWeights rules() {
    return rules;
  }

  @Override
  public ItemCatalog items() {
    return items;
  }

  @Override
  public UserDirectory users() {
    return users;
  }

  @Override
  public FeedbackLog feedback() {
    return feedback;
  }

  @Override
  public StoreMeta meta() {
    return meta;
  }

  @Override
  public EmbeddingCache embeddings() {
    return embeddings;
  }

  @Override
  public SessionStore sessions() {
    return sessions;
  }

  @Override
  public String schemaVersion() {
    return schemaVersion;
  }

  @Override
  public BulkLoad bulkLoad() {
    return tx.bulkLoad(rules);
  }

  /** SQLite: {@code PRAGMA data_version} on the write connection, which only others' commits change. */
  @Override
  public long externalVersion() {
    return tx.externalVersion();
  }

  @Override
  public void close() {
    tx.close();
  }
}

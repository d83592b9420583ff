package dev.tandem.store.jdbc;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.core.data.Ids;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.Limits;
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
import dev.tandem.store.StoreException;
import dev.tandem.store.StoreMeta;
import dev.tandem.store.StoreUnavailableException;
import dev.tandem.store.UserDirectory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

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
 */
public final class JdbcStore implements Store {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
  static final String ITEM_COLUMNS = "seq, id, title, description, categories, tags, attributes, created_at, available";

  private final String location;
  private final Connections connections;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final String schemaVersion;
  private final FeedbackWeights rules;
  /** Keys of stored records already logged as breaking the current rules (bounded). */
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final Items items = new Items();
  private final Users users = new Users();
  private final FeedbackTable feedback = new FeedbackTable();
  private final Meta meta = new Meta();
  private final Embeddings embeddings = new Embeddings();
  private final Sessions sessions = new Sessions();
  private volatile boolean closed;
  private volatile long lastDataVersion;

  private JdbcStore(String location, Connections connections, String schemaVersion, FeedbackWeights rules) {
    this.location = location;
    this.connections = connections;
    this.schemaVersion = schemaVersion;
    this.rules = rules;
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
      // WAL must be set before Flyway opens its own connection, so everything runs in WAL mode.
      try (Connection c = config(false).createConnection(url)) {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA journal_mode=WAL");
        }
      }
      version = migrate(Flyway.configure().dataSource(url, null, null), "classpath:db/migration");
    } catch (SQLException | RuntimeException e) {
      throw new StoreException("cannot open or migrate store " + abs + ": " + e.getMessage(), e);
    }
    try {
      Connection w = config(false).createConnection(url);
      w.setAutoCommit(false);
      List<Connection> readers = new ArrayList<>();
      for (int i = 0; i < SqliteConnections.READERS; i++) {
        readers.add(config(true).createConnection(url));
      }
      LOG.debug("opened store {} at schema version {}", abs, version);
      return new JdbcStore(abs.toString(), new SqliteConnections(w, readers), version, rules);
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
      String version = migrate(Flyway.configure().dataSource(pool.dataSource()), "classpath:db/migration");
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

  private static String migrate(org.flywaydb.core.api.configuration.FluentConfiguration config, String locations) {
    Flyway flyway = config.locations(locations).cleanDisabled(true).load();
    flyway.migrate();
    MigrationInfo current = flyway.info().current();
    return current == null ? "0" : current.getVersion().getVersion();
  }

  private static SQLiteConfig config(boolean readOnly) {
    SQLiteConfig c = new SQLiteConfig();
    c.setJournalMode(SQLiteConfig.JournalMode.WAL);
    c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    c.setTempStore(SQLiteConfig.TempStore.MEMORY);
    c.enforceForeignKeys(true);
    c.setBusyTimeout(10_000);
    c.setCacheSize(readOnly ? -65_536 : -262_144);
    return c;
  }

  /** The connection source, for tests of the connections' settings. */
  Connections connections() {
    return connections;
  }

  /** Where the store lives: the SQLite file's path or the PostgreSQL URL (password redacted). */
  public String location() {
    return location;
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
    checkOpen();
    writeLock.lock();
    Connection w = null;
    try {
      Connection c = connections.acquireWriter();
      w = c;
      return new JdbcBulkLoad(c, rules, () -> {
        try {
          connections.releaseWriter(c);
        } finally {
          writeLock.unlock();
        }
      });
    } catch (SQLException | RuntimeException e) {
      if (w != null) { // JdbcBulkLoad failed to start and left its connection to us
        rollbackQuietly(w, e);
        try {
          connections.releaseWriter(w);
        } catch (RuntimeException r) {
          e.addSuppressed(r);
        }
      }
      writeLock.unlock();
      if (e instanceof SQLException) {
        throw StoreUnavailableException.of("cannot start bulk load in " + location + ": " + e.getMessage(), e);
      }
      throw (RuntimeException) e;
    }
  }

  /** SQLite: {@code PRAGMA data_version} on the write connection, which only others' commits change. */
  @Override
  public long externalVersion() {
    if (!(connections instanceof SqliteConnections) || closed || !writeLock.tryLock()) {
      return lastDataVersion;
    }
    try {
      checkOpen();
      Connection w = connections.acquireWriter();
      try {
        lastDataVersion = single(w, "PRAGMA data_version");
        w.rollback(); // end the read transaction, so the next call sees newer commits
      } finally {
        connections.releaseWriter(w);
      }
      return lastDataVersion;
    } catch (SQLException e) {
      throw StoreUnavailableException.of("cannot read the data version of " + location + ": " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        connections.close();
      } catch (SQLException e) {
        throw new StoreException("cannot close store " + location, e);
      }
    } finally {
      writeLock.unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("store " + location + " is closed");
    }
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T read(String what, SqlWork<T> work) {
    checkOpen();
    try {
      Connection c = connections.acquireReader();
      try {
        return work.run(c);
      } finally {
        connections.releaseReader(c);
      }
    } catch (SQLException e) {
      throw StoreUnavailableException.of("cannot " + what + " in " + location + ": " + e.getMessage(), e);
    }
  }

  private <T> T write(String what, SqlWork<T> work) {
    writeLock.lock();
    try {
      checkOpen();
      Connection writer = connections.acquireWriter();
      try {
        T result = work.run(writer);
        writer.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(writer, e);
        throw e;
      } finally {
        connections.releaseWriter(writer);
      }
    } catch (SQLException e) {
      throw StoreUnavailableException.of("cannot " + what + " in " + location + ": " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  private static void rollbackQuietly(Connection writer, Exception cause) {
    try {
      writer.rollback();
    } catch (SQLException r) {
      cause.addSuppressed(r);
    }
  }

  /** The feedback rules this store checks values against. */
  public FeedbackWeights rules() {
    return rules;
  }

  /**
   * The item of the current row of {@code rs} ({@link #ITEM_COLUMNS}); for a row stored before
   * the current rules, the item cut to the limits, or null when its id breaks the id policy.
   */
  Item readItem(ResultSet rs) throws SQLException {
    String id = rs.getString(2);
    String title = rs.getString(3);
    String description = rs.getString(4);
    List<String> categories = JsonColumns.readList(rs.getString(5));
    List<String> tags = JsonColumns.readList(rs.getString(6));
    Map<String, Attribute> attributes = JsonColumns.readAttributes(rs.getString(7));
    long createdAt = rs.getLong(8);
    boolean available = rs.getBoolean(9);
    try {
      return new Item(id, title, description, categories, tags, attributes, createdAt, available);
    } catch (IllegalArgumentException e) {
      if (!Ids.isValid(id)) {
        warnOnce("item", id, "skipped: " + e.getMessage());
        return null;
      }
      warnOnce("item", id, "read cut to the limits: " + e.getMessage());
      return new Item(id, Limits.cut(title, Limits.MAX_TITLE), Limits.cut(description, Limits.MAX_DESCRIPTION),
          Limits.cutLabels(categories), Limits.cutLabels(tags), Limits.cutAttributes(attributes),
          Math.max(Limits.MIN_CREATED_AT, Math.min(Limits.MAX_TIMESTAMP, createdAt)), available);
    }
  }

  /** What the current rules say about an item row, or null when it is valid. */
  private static InvalidRecord checkItem(ResultSet rs) throws SQLException {
    String id = rs.getString(2);
    try {
      new Item(id, rs.getString(3), rs.getString(4), JsonColumns.readList(rs.getString(5)),
          JsonColumns.readList(rs.getString(6)), JsonColumns.readAttributes(rs.getString(7)), rs.getLong(8),
          rs.getBoolean(9));
      return null;
    } catch (IllegalArgumentException e) {
      return new InvalidRecord(id, Ids.isValid(id), e.getMessage());
    }
  }

  /** A user as stored; cut to the limits when over one, null when the id breaks the id policy. */
  private User readUser(String id, String attributesJson, String profile) {
    Map<String, Attribute> attributes = JsonColumns.readAttributes(attributesJson);
    try {
      return new User(id, attributes, profile);
    } catch (IllegalArgumentException e) {
      if (!Ids.isValid(id)) {
        warnOnce("user", id, "skipped: " + e.getMessage());
        return null;
      }
      warnOnce("user", id, "read cut to the limits: " + e.getMessage());
      return new User(id, Limits.cutAttributes(attributes), Limits.cut(profile, Limits.MAX_PROFILE));
    }
  }

  private void warnOnce(String kind, String id, String what) {
    if (warned.size() < 10_000 && warned.add(kind + '\u0000' + id)) {
      LOG.warn("stored {} breaks the current rules (written by an older version?), {}; run `tandem doctor`", kind,
          what);
    }
  }

  private final class Items implements ItemCatalog {
    @Override
    public int upsert(Collection<Item> batch) {
      List<Item> copy = List.copyOf(batch);
      int inserted = 0;
      try (BulkLoad load = bulkLoad()) {
        for (Item item : copy) {
          if (load.putItem(item)) {
            inserted++;
          }
        }
        load.commit();
      }
      return inserted;
    }

    @Override
    public Optional<Item> get(String id) {
      return read("get item", c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ITEM_COLUMNS + " FROM items WHERE id = ?")) {
          ps.setString(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(readItem(rs)) : Optional.empty();
          }
        }
      });
    }

    @Override
    public List<Item> list(int offset, int limit) {
      if (offset < 0) {
        throw new IllegalArgumentException("offset (" + offset + ") must be >= 0");
      }
      if (limit < 0) {
        throw new IllegalArgumentException("limit (" + limit + ") must be >= 0");
      }
      return read("list items", c -> {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT " + ITEM_COLUMNS + " FROM items ORDER BY id LIMIT ? OFFSET ?")) {
          ps.setInt(1, limit);
          ps.setInt(2, offset);
          List<Item> out = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              Item item = readItem(rs);
              if (item != null) {
                out.add(item);
              }
            }
          }
          return List.copyOf(out);
        }
      });
    }

    @Override
    public Map<String, Item> getAll(Collection<String> ids) {
      List<String> wanted = List.copyOf(ids);
      return read("get items", c -> {
        Map<String, Item> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ITEM_COLUMNS + " FROM items WHERE id = ?")) {
          for (String id : wanted) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              Item item = rs.next() ? readItem(rs) : null;
              if (item != null) {
                out.put(id, item);
              }
            }
          }
        }
        return Collections.unmodifiableMap(out);
      });
    }

    @Override
    public int count() {
      return read("count items", c -> (int) single(c, "SELECT COUNT(*) FROM items"));
    }

    @Override
    public boolean delete(String id) {
      return write("delete item", c -> {
        try (PreparedStatement f = c.prepareStatement(
                "DELETE FROM feedback WHERE item_seq = (SELECT seq FROM items WHERE id = ?)");
            PreparedStatement i = c.prepareStatement("DELETE FROM items WHERE id = ?")) {
          f.setString(1, id);
          f.executeUpdate();
          i.setString(1, id);
          return i.executeUpdate() > 0;
        }
      });
    }

    @Override
    public void forEach(Consumer<Item> action) {
      read("scan items", c -> {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT " + ITEM_COLUMNS + " FROM items ORDER BY id")) {
          while (rs.next()) {
            Item item = readItem(rs);
            if (item != null) {
              action.accept(item);
            }
          }
        }
        return null;
      });
    }

    @Override
    public void forEachInvalid(Consumer<InvalidRecord> action) {
      read("check items", c -> {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT " + ITEM_COLUMNS + " FROM items ORDER BY id")) {
          while (rs.next()) {
            InvalidRecord r = checkItem(rs);
            if (r != null) {
              action.accept(r);
            }
          }
        }
        return null;
      });
    }
  }

  private final class Users implements UserDirectory {
    @Override
    public int upsert(Collection<User> batch) {
      List<User> copy = List.copyOf(batch);
      int inserted = 0;
      try (BulkLoad load = bulkLoad()) {
        for (User u : copy) {
          if (load.putUser(u)) {
            inserted++;
          }
        }
        load.commit();
      }
      return inserted;
    }

    @Override
    public Optional<User> get(String id) {
      return read("get user", c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT attributes, profile FROM users WHERE id = ?")) {
          ps.setString(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(readUser(id, rs.getString(1), rs.getString(2))) : Optional.empty();
          }
        }
      });
    }

    @Override
    public void forEachInvalid(Consumer<InvalidRecord> action) {
      read("check users", c -> {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT id, attributes, profile FROM users ORDER BY id")) {
          while (rs.next()) {
            String id = rs.getString(1);
            try {
              new User(id, JsonColumns.readAttributes(rs.getString(2)), rs.getString(3));
            } catch (IllegalArgumentException e) {
              action.accept(new InvalidRecord(id, Ids.isValid(id), e.getMessage()));
            }
          }
        }
        return null;
      });
    }

    @Override
    public int count() {
      return read("count users", c -> (int) single(c, "SELECT COUNT(*) FROM users"));
    }

    @Override
    public boolean delete(String id) {
      return write("delete user", c -> {
        try (PreparedStatement f = c.prepareStatement(
                "DELETE FROM feedback WHERE user_seq = (SELECT seq FROM users WHERE id = ?)");
            PreparedStatement u = c.prepareStatement("DELETE FROM users WHERE id = ?");
            PreparedStatement conv = c.prepareStatement("DELETE FROM ask_sessions WHERE user_id = ?")) {
          f.setString(1, id);
          f.executeUpdate();
          conv.setString(1, id); // what the user said in conversations goes with them
          conv.executeUpdate();
          u.setString(1, id);
          return u.executeUpdate() > 0;
        }
      });
    }
  }

  /** One caller's events waiting for a group commit; fields written under the append lock. */
  private static final class PendingAppend {
    final List<Feedback> events;
    boolean done;
    int inserted;
    RuntimeException failure;

    PendingAppend(List<Feedback> events) {
      this.events = events;
    }
  }

  private final class FeedbackTable implements FeedbackLog {
    private final ConcurrentLinkedQueue<PendingAppend> appendQueue =
        new ConcurrentLinkedQueue<>();
    private final ReentrantLock appendLock = new ReentrantLock();

    /**
     * Group commit: concurrent callers queue their events; whoever takes the append lock writes
     * every queued batch in one transaction (one fsync for all of them) and hands each caller its
     * own count. Every caller returns only after the transaction holding its events committed. If
     * the group's transaction fails, each batch is retried alone, so a failure is reported only
     * to the caller whose events caused it; when the database is unreachable
     * ({@link StoreUnavailableException}) no batch caused it, and every caller gets that failure at
     * once instead of waiting for a connection once per batch.
     */
    @Override
    public int append(Collection<Feedback> events) {
      List<Feedback> copy = List.copyOf(events);
      for (int i = 0; i < copy.size(); i++) {
        rules.check(i, copy.get(i)); // before queueing: a bad batch never joins a group
      }
      PendingAppend mine = new PendingAppend(copy);
      appendQueue.add(mine);
      appendLock.lock();
      try {
        if (!mine.done) {
          List<PendingAppend> group = new ArrayList<>();
          for (PendingAppend p = appendQueue.poll(); p != null; p = appendQueue.poll()) {
            group.add(p);
          }
          commitGroup(group);
        }
      } finally {
        appendLock.unlock();
      }
      if (mine.failure != null) {
        throw mine.failure;
      }
      return mine.inserted;
    }

    private void commitGroup(List<PendingAppend> group) {
      try {
        writeGroup(group);
      } catch (RuntimeException e) {
        if (group.size() == 1 || e instanceof StoreUnavailableException) {
          for (PendingAppend p : group) {
            p.failure = e;
          }
        } else {
          for (PendingAppend p : group) {
            try {
              writeGroup(List.of(p));
            } catch (RuntimeException alone) {
              p.failure = alone;
            }
          }
        }
      }
      for (PendingAppend p : group) {
        p.done = true;
      }
    }

    private void writeGroup(List<PendingAppend> group) {
      long[] from = new long[group.size()];
      long[] to = new long[group.size()];
      try (JdbcBulkLoad load = (JdbcBulkLoad) bulkLoad()) {
        for (int g = 0; g < group.size(); g++) {
          from[g] = load.nextFeedbackId();
          for (Feedback f : group.get(g).events) {
            load.feedback(f.user(), f.item(), f.type(), f.value(), f.timestamp());
          }
          to[g] = load.nextFeedbackId();
        }
        int[] inserted = new int[group.size()];
        for (int g = 0; g < group.size(); g++) {
          inserted[g] = from[g] == to[g] ? 0 : (int) load.feedbackRows(from[g], to[g]);
        }
        load.commit();
        for (int g = 0; g < group.size(); g++) {
          group.get(g).inserted = inserted[g];
        }
      } catch (SQLException e) {
        throw StoreUnavailableException.of("cannot append feedback in " + location + ": " + e.getMessage(), e);
      }
    }

    @Override
    public List<Feedback> history(String user) {
      return history(user, Integer.MAX_VALUE);
    }

    @Override
    public long countOf(String user) {
      return read("count a user's feedback", c -> {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT COUNT(*) FROM feedback WHERE user_seq = (SELECT seq FROM users WHERE id = ?)")) {
          ps.setString(1, user);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        }
      });
    }

    @Override
    public List<Feedback> history(String user, int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("limit (" + limit + ") must be >= 1");
      }
      boolean all = limit == Integer.MAX_VALUE;
      return read("read history", c -> {
        // the newest rows first when limited (the (user_seq, ...) index serves both), put back in time order below
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT i.id, f.type, f.value, f.ts FROM feedback f JOIN items i ON i.seq = f.item_seq"
                + " WHERE f.user_seq = (SELECT seq FROM users WHERE id = ?) ORDER BY "
                + (all ? "f.ts, f.id" : "f.ts DESC, f.id DESC LIMIT ?"))) {
          ps.setString(1, user);
          if (!all) {
            ps.setInt(2, limit);
          }
          List<Feedback> out = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String item = rs.getString(1);
              String type = rs.getString(2);
              double value = rs.getDouble(3);
              long ts = rs.getLong(4);
              if (Feedback.isValid(user, item, type, value, ts)) { // rows older than the rules are left out
                out.add(new Feedback(user, item, type, value, ts));
              }
            }
          }
          if (!all) {
            Collections.reverse(out);
          }
          return List.copyOf(out);
        }
      });
    }

    @Override
    public void scan(FeedbackVisitor visitor) {
      scanRows((id, user, item, type, value, ts) -> visitor.accept(user, item, type, value, ts));
    }

    @Override
    public int delete(Collection<Long> ids) {
      List<Long> copy = List.copyOf(ids);
      if (copy.isEmpty()) {
        return 0;
      }
      return write("delete feedback", c -> {
        int deleted = 0;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM feedback WHERE id = ?")) {
          for (long id : copy) {
            ps.setLong(1, id);
            deleted += ps.executeUpdate();
          }
        }
        return deleted;
      });
    }

    @Override
    public void scanRows(FeedbackRowVisitor visitor) {
      read("scan feedback", c -> {
        // One read transaction, so the id tables and the rows are one consistent snapshot.
        c.setAutoCommit(false);
        try {
          String[] userIds = ids(c, "users");
          String[] itemIds = ids(c, "items");
          String lastType = null;
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT id, user_seq, item_seq, type, value, ts FROM feedback ORDER BY id")) {
            while (rs.next()) {
              String type = rs.getString(4);
              if (type.equals(lastType)) {
                type = lastType;
              } else {
                lastType = type;
              }
              visitor.accept(rs.getLong(1), userIds[rs.getInt(2)], itemIds[rs.getInt(3)], type, rs.getDouble(5),
                  rs.getLong(6));
            }
          }
        } finally {
          c.rollback();
          c.setAutoCommit(true);
        }
        return null;
      });
    }

    private String[] ids(Connection c, String table) throws SQLException {
      int max = (int) single(c, "SELECT COALESCE(MAX(seq), 0) FROM " + table);
      String[] out = new String[max + 1];
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT seq, id FROM " + table)) {
        while (rs.next()) {
          out[rs.getInt(1)] = rs.getString(2);
        }
      }
      return out;
    }

    @Override
    public long count() {
      return read("count feedback", c -> single(c, "SELECT COUNT(*) FROM feedback"));
    }

    @Override
    public long countUsers() {
      return read("count feedback users", c -> single(c, "SELECT COUNT(DISTINCT user_seq) FROM feedback"));
    }
  }

  private final class Meta implements StoreMeta {
    @Override
    public Optional<String> get(String key) {
      return read("read meta", c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT meta_value FROM store_meta WHERE meta_key = ?")) {
          ps.setString(1, key);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
          }
        }
      });
    }

    @Override
    public void put(String key, String value) {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("meta key must be non-empty");
      }
      if (value == null) {
        throw new IllegalArgumentException("meta value for " + key + " must not be null");
      }
      write("write meta", c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO store_meta (meta_key, meta_value) VALUES (?, ?)"
            + " ON CONFLICT (meta_key) DO UPDATE SET meta_value = excluded.meta_value")) {
          ps.setString(1, key);
          ps.setString(2, value);
          ps.executeUpdate();
        }
        return null;
      });
    }
  }

  private final class Embeddings implements EmbeddingCache {
    /** Hashes per {@code IN (...)} query: well under SQLite's 32,766 host parameters. */
    private static final int CHUNK = 500;

    @Override
    public Map<String, float[]> get(String model, Collection<String> textHashes) {
      checkModel(model);
      List<String> hashes = List.copyOf(textHashes);
      return read("read embeddings", c -> {
        Map<String, float[]> out = new HashMap<>(Math.max(16, hashes.size() * 2));
        for (int from = 0; from < hashes.size(); from += CHUNK) {
          List<String> part = hashes.subList(from, Math.min(hashes.size(), from + CHUNK));
          String sql = "SELECT text_hash, dim, vector FROM embeddings WHERE model_id = ? AND text_hash IN ("
              + "?,".repeat(part.size() - 1) + "?)";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, model);
            for (int i = 0; i < part.size(); i++) {
              ps.setString(i + 2, part.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString(1), decode(rs.getInt(2), rs.getBytes(3)));
              }
            }
          }
        }
        return out;
      });
    }

    @Override
    public int put(String model, Map<String, float[]> vectorsByHash) {
      checkModel(model);
      Map<String, byte[]> encoded = new LinkedHashMap<>();
      Map<String, Integer> dims = new HashMap<>();
      for (var e : vectorsByHash.entrySet()) {
        String h = e.getKey();
        if (h == null || !h.matches("[0-9a-f]{64}")) {
          throw new IllegalArgumentException("text hash (" + h + ") must be 64 lower-case hex chars (SHA-256)");
        }
        float[] v = e.getValue();
        if (v == null || v.length == 0) {
          throw new IllegalArgumentException("vector of " + h + " must be non-empty");
        }
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
          if (!Float.isFinite(x)) {
            throw new IllegalArgumentException("vector of " + h + " has a non-finite value (" + x + ")");
          }
          b.putFloat(x);
        }
        encoded.put(h, b.array());
        dims.put(h, v.length);
      }
      return write("write embeddings", c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO embeddings (model_id, text_hash, dim, vector)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (model_id, text_hash) DO UPDATE SET dim = excluded.dim,"
            + " vector = excluded.vector")) {
          for (var e : encoded.entrySet()) {
            ps.setString(1, model);
            ps.setString(2, e.getKey());
            ps.setInt(3, dims.get(e.getKey()));
            ps.setBytes(4, e.getValue());
            ps.addBatch();
          }
          ps.executeBatch();
        }
        return encoded.size();
      });
    }

    @Override
    public int count(String model) {
      checkModel(model);
      return read("count embeddings", c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM embeddings WHERE model_id = ?")) {
          ps.setString(1, model);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
          }
        }
      });
    }

    private static void checkModel(String model) {
      if (model == null || model.isEmpty()) {
        throw new IllegalArgumentException("embedding model id must be non-empty");
      }
    }

    private static float[] decode(int dim, byte[] bytes) throws SQLException {
      if (bytes == null || bytes.length != 4 * dim) {
        throw new SQLException("embedding vector has " + (bytes == null ? 0 : bytes.length) + " bytes; expected 4 * "
            + dim);
      }
      float[] v = new float[dim];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
      return v;
    }
  }

  private final class Sessions implements SessionStore {
    @Override
    public Optional<Stored> get(String id) {
      SessionStore.checkId(id);
      return read("read session", c -> {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT user_id, state, last_turn, version FROM ask_sessions WHERE id = ?")) {
          ps.setString(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next()
                ? Optional.of(new Stored(id, rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                : Optional.empty();
          }
        }
      });
    }

    @Override
    public boolean put(String id, String user, String stateJson, long lastTurnMillis, long expectedVersion) {
      SessionStore.checkId(id);
      if (user == null || user.length() > 512) {
        throw new IllegalArgumentException("session user (" + user + ") must be at most 512 chars, not null");
      }
      if (stateJson == null) {
        throw new IllegalArgumentException("state of session " + id + " must not be null");
      }
      if (expectedVersion < 0) {
        throw new IllegalArgumentException("expected session version (" + expectedVersion + ") must be >= 0");
      }
      return write("write session", c -> {
        if (expectedVersion == 0) {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO ask_sessions (id, user_id, state, last_turn,"
              + " version) VALUES (?, ?, ?, ?, 1) ON CONFLICT (id) DO NOTHING")) {
            ps.setString(1, id);
            ps.setString(2, user);
            ps.setString(3, stateJson);
            ps.setLong(4, lastTurnMillis);
            return ps.executeUpdate() == 1;
          }
        }
        // one statement: PostgreSQL re-checks the version on the locked row, SQLite has one writer
        try (PreparedStatement ps = c.prepareStatement("UPDATE ask_sessions SET user_id = ?, state = ?,"
            + " last_turn = ?, version = version + 1 WHERE id = ? AND version = ?")) {
          ps.setString(1, user);
          ps.setString(2, stateJson);
          ps.setLong(3, lastTurnMillis);
          ps.setString(4, id);
          ps.setLong(5, expectedVersion);
          return ps.executeUpdate() == 1;
        }
      });
    }

    @Override
    public boolean delete(String id) {
      SessionStore.checkId(id);
      return write("delete session", c -> {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ask_sessions WHERE id = ?")) {
          ps.setString(1, id);
          return ps.executeUpdate() > 0;
        }
      });
    }

    @Override
    public int deleteOlderThan(long cutoffMillis, int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("limit (" + limit + ") must be >= 1");
      }
      return write("expire sessions", c -> {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ask_sessions WHERE id IN (SELECT id FROM"
            + " ask_sessions WHERE last_turn < ? ORDER BY last_turn LIMIT ?)")) {
          ps.setLong(1, cutoffMillis);
          ps.setInt(2, limit);
          return ps.executeUpdate();
        }
      });
    }

    @Override
    public int count() {
      return read("count sessions", c -> (int) single(c, "SELECT COUNT(*) FROM ask_sessions"));
    }
  }

  static long single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

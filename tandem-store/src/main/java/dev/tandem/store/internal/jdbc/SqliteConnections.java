package dev.tandem.store.internal.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;

/**
 * SQLite's connections: one write connection (kept for the store's lifetime) and a few read
 * connections, each lent to one reader at a time. WAL mode lets readers proceed during a write
 * and alongside each other, so a long scan (training reads every feedback event) holds one read
 * connection while requests keep reading through the others.
 *
 * <p>Every connection runs {@code journal_mode=WAL}, {@code synchronous=FULL} and
 * {@code temp_store=MEMORY}, with foreign keys enforced and a busy timeout of 10 s; the page cache
 * is 256 MiB on the write connection and 64 MiB on each read connection.
 */
final class SqliteConnections implements Connections {
  /** Read connections per store: one long scan plus concurrent requests on two cores. */
  static final int READERS = 4;

  private final Connection writer;
  private final List<Connection> readers;
  private final BlockingQueue<Connection> idle;

  SqliteConnections(Connection writer, List<Connection> readers) {
    if (readers.isEmpty()) {
      throw new IllegalArgumentException("readers must hold at least one connection");
    }
    this.writer = writer;
    this.readers = List.copyOf(readers);
    this.idle = new ArrayBlockingQueue<>(readers.size(), false, readers);
  }

  /**
   * Puts the database file at {@code url} in WAL mode. Call it before anything else opens the file
   * (Flyway too), so that everything runs in WAL mode.
   */
  static void enableWal(String url) throws SQLException {
    try (Connection c = config(false).createConnection(url)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
      }
    }
  }

  /**
   * Opens the write connection (auto-commit off) and {@value #READERS} read connections to
   * {@code url}.
   */
  static SqliteConnections open(String url) throws SQLException {
    Connection w = config(false).createConnection(url);
    w.setAutoCommit(false);
    List<Connection> readers = new ArrayList<>();
    for (int i = 0; i < READERS; i++) {
      readers.add(config(true).createConnection(url));
    }
    return new SqliteConnections(w, readers);
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

  @Override
  public Connection acquireReader() throws SQLException {
    try {
      return idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a read connection", e);
    }
  }

  @Override
  public void releaseReader(Connection c) {
    idle.add(c);
  }

  @Override
  public Connection acquireWriter() {
    return writer;
  }

  @Override
  public void releaseWriter(Connection c) {
    // the single writer stays open
  }

  /** Waits (up to 30 s) for the readers in use to come back, then closes every connection. */
  @Override
  public void close() throws SQLException {
    try {
      for (int i = 0; i < readers.size(); i++) {
        if (idle.poll(30, TimeUnit.SECONDS) == null) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    SQLException first = null;
    for (Connection c : readers) {
      try {
        c.close();
      } catch (SQLException e) {
        first = first == null ? e : first;
      }
    }
    writer.close();
    if (first != null) {
      throw first;
    }
  }
}

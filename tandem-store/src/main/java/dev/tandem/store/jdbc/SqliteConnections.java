package dev.tandem.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * SQLite's connections: one write connection (kept for the store's lifetime) and a few read
 * connections, each lent to one reader at a time. WAL mode lets readers proceed during a write
 * and alongside each other, so a long scan (training reads every feedback event) holds one read
 * connection while requests keep reading through the others.
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

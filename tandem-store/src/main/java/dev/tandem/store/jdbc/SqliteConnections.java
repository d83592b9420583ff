package dev.tandem.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * SQLite's connections: one write connection (kept for the store's lifetime) and one read
 * connection serialised by a lock. WAL mode lets the reader proceed during a write.
 */
final class SqliteConnections implements Connections {
  private final Connection writer;
  private final Connection reader;
  private final ReentrantLock readLock = new ReentrantLock();

  SqliteConnections(Connection writer, Connection reader) {
    this.writer = writer;
    this.reader = reader;
  }

  @Override
  public Connection acquireReader() {
    readLock.lock();
    return reader;
  }

  @Override
  public void releaseReader(Connection c) {
    readLock.unlock();
  }

  @Override
  public Connection acquireWriter() {
    return writer;
  }

  @Override
  public void releaseWriter(Connection c) {
    // the single writer stays open
  }

  @Override
  public void close() throws SQLException {
    readLock.lock();
    try {
      writer.close();
      reader.close();
    } finally {
      readLock.unlock();
    }
  }
}

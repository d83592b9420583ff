package dev.tandem.store.internal.jdbc;

import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.store.BulkLoad;
import dev.tandem.store.StoreException;
import dev.tandem.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;

/**
 * How a {@link JdbcStore} runs its SQL: a read borrows a read connection, a write (and a
 * {@link JdbcBulkLoad}) takes the one write lock and runs as one transaction on a write
 * connection, committed on success and rolled back on failure. An {@link SQLException} becomes a
 * {@link StoreUnavailableException} naming what was being done and where.
 *
 * <p>Thread-safe. Writes are serialised by the write lock (surrogate keys are assigned by the
 * writer as max + 1, see {@link JdbcBulkLoad}); once {@link #close()} ran, every read and write
 * throws {@link IllegalStateException}.
 */
final class Transactions {
  /** One unit of SQL work on a connection lent for its duration. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  private final String location;
  private final Connections connections;
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile boolean closed;
  private volatile long lastDataVersion;

  Transactions(String location, Connections connections) {
    this.location = location;
    this.connections = connections;
  }

  /** Where the store lives: the SQLite file's path or the PostgreSQL URL (password redacted). */
  String location() {
    return location;
  }

  /** The connection source, for tests of the connections' settings. */
  Connections connections() {
    return connections;
  }

  /** Runs {@code work} on a read connection (auto-commit on). */
  <T> T read(String what, SqlWork<T> work) {
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

  /** Runs {@code work} as one transaction under the write lock: committed if it returns, else rolled back. */
  <T> T write(String what, SqlWork<T> work) {
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

  /**
   * Starts a bulk load checking feedback values against {@code rules}: it holds the write lock and a
   * write connection until it is closed.
   */
  JdbcBulkLoad bulkLoad(FeedbackWeights rules) {
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

  /**
   * Writes every record of {@code batch} with {@code put} in one bulk load and commits it.
   *
   * @return how many records {@code put} reported as inserted (the others updated a stored one)
   */
  <T> int upsert(FeedbackWeights rules, Collection<T> batch, BiPredicate<BulkLoad, T> put) {
    List<T> copy = List.copyOf(batch);
    int inserted = 0;
    try (BulkLoad load = bulkLoad(rules)) {
      for (T record : copy) {
        if (put.test(load, record)) {
          inserted++;
        }
      }
      load.commit();
    }
    return inserted;
  }

  /**
   * SQLite: {@code PRAGMA data_version} on the write connection, which only others' commits change;
   * the previous value while a write is in progress, after close, and always on PostgreSQL (0).
   */
  long externalVersion() {
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

  /** Closes the connections once the write in progress, if any, is done. Idempotent. */
  void close() {
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

  private static void rollbackQuietly(Connection writer, Exception cause) {
    try {
      writer.rollback();
    } catch (SQLException r) {
      cause.addSuppressed(r);
    }
  }

  /** The first column of the first row of {@code sql}, as a long. */
  static long single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

package dev.tandem.store.internal.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How a {@link JdbcStore} obtains connections. A writer is acquired only while the store's write
 * lock is held, runs with auto-commit off and is committed or rolled back before release.
 */
interface Connections {
  /** A connection for one read (auto-commit on); give it back with {@link #releaseReader}. */
  Connection acquireReader() throws SQLException;

  void releaseReader(Connection c) throws SQLException;

  /** A connection for one write transaction (auto-commit off). */
  Connection acquireWriter() throws SQLException;

  void releaseWriter(Connection c);

  void close() throws SQLException;
}

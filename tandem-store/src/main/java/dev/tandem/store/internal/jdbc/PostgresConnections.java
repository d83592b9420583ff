package dev.tandem.store.internal.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * PostgreSQL's connections: a HikariCP pool of {@value #POOL_SIZE} connections (Flyway needs at
 * least 2). Reads borrow a connection each; a write borrows one for its transaction. A borrow waits
 * at most {@value #CONNECTION_TIMEOUT_MS} ms; while the database is unreachable the pool keeps
 * trying to reconnect in the background and each borrow fails after that time with a
 * {@link java.sql.SQLTransientConnectionException} (a {@link dev.tandem.store.StoreUnavailableException}
 * to callers), so a request is refused within about the server's default deadline (it waited 10 s
 * before).
 */
final class PostgresConnections implements Connections {
  static final int POOL_SIZE = 4;
  /** How long a borrow waits for a connection: about a server request's default deadline (2 s). */
  static final long CONNECTION_TIMEOUT_MS = 2_000;

  private final HikariDataSource pool;

  private PostgresConnections(HikariDataSource pool) {
    this.pool = pool;
  }

  static PostgresConnections open(String url, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (user != null && !user.isEmpty()) {
      config.setUsername(user);
    }
    if (password != null && !password.isEmpty()) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    config.setPoolName("tandem-store");
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
    // batched INSERTs go out as multi-row statements (one round trip per batch, not per row)
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    return new PostgresConnections(new HikariDataSource(config));
  }

  DataSource dataSource() {
    return pool;
  }

  @Override
  public Connection acquireReader() throws SQLException {
    Connection c = pool.getConnection();
    c.setAutoCommit(true);
    return c;
  }

  @Override
  public void releaseReader(Connection c) throws SQLException {
    c.close();
  }

  @Override
  public Connection acquireWriter() throws SQLException {
    Connection c = pool.getConnection();
    c.setAutoCommit(false);
    return c;
  }

  @Override
  public void releaseWriter(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      throw StoreUnavailableException.of("cannot return a connection to the pool: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }

  void closeQuietly(Exception cause) {
    try {
      pool.close();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}

package dev.tandem.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * PostgreSQL's connections: a HikariCP pool of {@value #POOL_SIZE} connections (Flyway needs at
 * least 2). Reads borrow a connection each; a write borrows one for its transaction.
 */
final class PostgresConnections implements Connections {
  static final int POOL_SIZE = 4;

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
    config.setConnectionTimeout(10_000);
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
      throw new dev.tandem.store.StoreException("cannot return a connection to the pool: " + e.getMessage(), e);
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

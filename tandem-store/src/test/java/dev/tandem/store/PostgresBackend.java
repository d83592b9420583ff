package dev.tandem.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** The PostgreSQL backend: a fresh database per test in the private {@link PostgresCluster}. */
public final class PostgresBackend implements Backend {
  private static final AtomicInteger NEXT = new AtomicInteger();
  private final PostgresCluster cluster;
  private final String database;

  private PostgresBackend(PostgresCluster cluster, String database) {
    this.cluster = cluster;
    this.database = database;
  }

  /** Creates an empty database; skips (or, with env CI set, fails) when PostgreSQL is absent. */
  public static PostgresBackend create() {
    PostgresCluster cluster = PostgresCluster.shared();
    String db = "t" + NEXT.incrementAndGet();
    try (Connection c = DriverManager.getConnection(cluster.url("postgres"), PostgresCluster.USER, null);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + db + ": " + e.getMessage(), e);
    }
    return new PostgresBackend(cluster, db);
  }

  @Override
  public Store open() {
    return Store.open(url(), PostgresCluster.USER, null);
  }

  @Override
  public String url() {
    return cluster.url(database);
  }

  @Override
  public String user() {
    return PostgresCluster.USER;
  }

  @Override
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), PostgresCluster.USER, null);
  }
}

package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contracts on PostgreSQL: a private cluster ({@link PostgresCluster}), a fresh
 * database per test. Skipped when PostgreSQL is not installed, unless env CI is set.
 */
class PostgresStoreTest extends StoreContract {
  private PostgresBackend backend;

  @BeforeEach
  void createDatabase() {
    backend = PostgresBackend.create();
  }

  @Override
  protected Backend backend() {
    return backend;
  }

  @Test
  void writes_are_durable_commits_and_schema_is_native() throws Exception {
    try (Store s = backend().open()) {
      assertThat(s.schemaVersion()).isEqualTo("3");
    }
    try (Connection c = backend().connect(); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("on");
      }
      try (ResultSet rs = st.executeQuery("SELECT data_type FROM information_schema.columns"
          + " WHERE table_name = 'embeddings' AND column_name = 'vector'")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("bytea");
      }
    }
  }
}

package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contracts on SQLite, plus SQLite's own settings. */
class SqliteStoreTest extends StoreContract {
  @TempDir Path dir;

  @Override
  protected Backend backend() {
    return new SqliteBackend(dir.resolve("t.db"));
  }

  @Test
  void database_runs_in_wal_mode() throws Exception {
    try (Store s = backend().open()) {
      assertThat(s.schemaVersion()).isEqualTo("3");
    }
    try (Connection c = backend().connect(); Statement st = c.createStatement();
        ResultSet jm = st.executeQuery("PRAGMA journal_mode")) {
      jm.next();
      assertThat(jm.getString(1)).isEqualToIgnoringCase("wal");
    }
  }
}

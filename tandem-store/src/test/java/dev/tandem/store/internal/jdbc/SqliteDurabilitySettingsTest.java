package dev.tandem.store.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings behind "a 2xx means committed" on SQLite, read from the store's own connections
 * (the pragmas are per connection, so a fresh connection would not tell): WAL journal and
 * {@code synchronous=FULL} (2), so a returned commit has been fsynced and survives a killed
 * process and a power loss.
 */
class SqliteDurabilitySettingsTest {
  @TempDir Path dir;

  @Test
  void writer_and_reader_run_wal_with_synchronous_full() throws Exception {
    try (JdbcStore store = JdbcStore.openSqlite(dir.resolve("t.db"))) {
      Connection w = store.connections().acquireWriter();
      try {
        assertThat(pragma(w, "journal_mode")).isEqualToIgnoringCase("wal");
        assertThat(pragma(w, "synchronous")).as("synchronous on the write connection (2 = FULL)").isEqualTo("2");
        w.rollback();
      } finally {
        store.connections().releaseWriter(w);
      }
      Connection r = store.connections().acquireReader();
      try {
        assertThat(pragma(r, "synchronous")).as("synchronous on the read connection (2 = FULL)").isEqualTo("2");
      } finally {
        store.connections().releaseReader(r);
      }
    }
  }

  private static String pragma(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}

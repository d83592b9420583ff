package dev.tandem.store;

import dev.tandem.store.cache.CachingStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

/** The whole store contract on SQLite behind a {@link CachingStore}: the caches change no answer. */
class CachingSqliteStoreTest extends StoreContract {
  @TempDir Path dir;

  @Override
  protected Backend backend() {
    Path file = dir.resolve("t.db");
    return new Backend() {
      @Override
      public Store open() {
        return CachingStore.wrap(Store.open(file));
      }

      @Override
      public String url() {
        return "jdbc:sqlite:" + file;
      }

      @Override
      public String user() {
        return null;
      }

      @Override
      public Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
      }
    };
  }
}

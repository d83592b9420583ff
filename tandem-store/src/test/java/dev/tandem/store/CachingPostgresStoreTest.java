package dev.tandem.store;

import dev.tandem.store.cache.CachingStore;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;

/** The whole store contract on PostgreSQL behind a {@link CachingStore}. */
class CachingPostgresStoreTest extends StoreContract {
  private PostgresBackend backend;

  @BeforeEach
  void createDatabase() {
    backend = PostgresBackend.create();
  }

  @Override
  protected Backend backend() {
    return new Backend() {
      @Override
      public Store open() {
        return CachingStore.wrap(backend.open());
      }

      @Override
      public String url() {
        return backend.url();
      }

      @Override
      public String user() {
        return backend.user();
      }

      @Override
      public Connection connect() throws SQLException {
        return backend.connect();
      }
    };
  }
}

package dev.tandem.store;

import org.junit.jupiter.api.BeforeEach;

/** {@link StoredRowsContract} on PostgreSQL (a fresh database in the private test cluster). */
class PostgresStoredRowsTest extends StoredRowsContract {
  private PostgresBackend backend;

  @BeforeEach
  void createDatabase() {
    backend = PostgresBackend.create();
  }

  @Override
  protected Backend backend() {
    return backend;
  }
}

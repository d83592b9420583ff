package dev.tandem.store;

import org.junit.jupiter.api.BeforeEach;

/** The session store contract on PostgreSQL (skipped without PostgreSQL unless env CI is set). */
class PostgresSessionStoreTest extends SessionStoreContract {
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

package dev.tandem.store;

import org.junit.jupiter.api.BeforeEach;

/** The embedding cache contract on PostgreSQL (skipped without PostgreSQL unless env CI is set). */
class PostgresEmbeddingCacheTest extends EmbeddingCacheContract {
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

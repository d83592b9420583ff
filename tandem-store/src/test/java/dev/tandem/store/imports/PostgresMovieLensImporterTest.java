package dev.tandem.store.imports;

import dev.tandem.store.PostgresBackend;
import dev.tandem.store.Store;

/** MovieLensImporterTest's tests on PostgreSQL (a fresh database per test in the private test cluster). */
class PostgresMovieLensImporterTest extends MovieLensImporterTest {
  @Override
  protected Store open() {
    return PostgresBackend.create().open();
  }
}

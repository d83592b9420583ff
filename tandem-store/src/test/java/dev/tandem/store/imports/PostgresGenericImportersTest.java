package dev.tandem.store.imports;

import dev.tandem.store.PostgresBackend;
import dev.tandem.store.Store;

/** GenericImportersTest's tests on PostgreSQL (a fresh database per test in the private test cluster). */
class PostgresGenericImportersTest extends GenericImportersTest {
  @Override
  protected Store open() {
    return PostgresBackend.create().open();
  }
}

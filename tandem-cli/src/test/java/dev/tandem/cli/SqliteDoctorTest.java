package dev.tandem.cli;

import dev.tandem.store.Backend;
import dev.tandem.store.SqliteBackend;
import java.nio.file.Path;

/** {@link DoctorContract} on a home's default SQLite store. */
class SqliteDoctorTest extends DoctorContract {
  @Override
  protected Backend backend(Path home) {
    return new SqliteBackend(home.resolve("tandem.db"));
  }
}

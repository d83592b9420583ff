package dev.tandem.cli;

import dev.tandem.store.Backend;
import dev.tandem.store.PostgresBackend;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link DoctorContract} on PostgreSQL: a fresh database in the store tests' private cluster
 * (skipped when PostgreSQL is absent, failed under CI), named in the home's tandem.toml.
 */
class PostgresDoctorTest extends DoctorContract {
  @Override
  protected Backend backend(Path home) throws Exception {
    PostgresBackend db = PostgresBackend.create();
    Files.createDirectories(home);
    Files.writeString(home.resolve("tandem.toml"), "[store]\nurl = \"" + db.url() + "\"\nuser = \"" + db.user() + "\"\n");
    return db;
  }
}

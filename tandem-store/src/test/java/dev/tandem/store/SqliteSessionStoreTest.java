package dev.tandem.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The session store contract on SQLite. */
class SqliteSessionStoreTest extends SessionStoreContract {
  @TempDir Path dir;

  @Override
  protected Backend backend() {
    return new SqliteBackend(dir.resolve("t.db"));
  }
}

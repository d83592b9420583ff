package dev.tandem.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link StoredRowsContract} on SQLite. */
class SqliteStoredRowsTest extends StoredRowsContract {
  @TempDir Path dir;

  @Override
  protected Backend backend() {
    return new SqliteBackend(dir.resolve("t.db"));
  }
}

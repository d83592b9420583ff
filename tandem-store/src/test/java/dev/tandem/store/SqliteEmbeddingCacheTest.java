package dev.tandem.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The embedding cache contract on SQLite. */
class SqliteEmbeddingCacheTest extends EmbeddingCacheContract {
  @TempDir Path dir;

  @Override
  protected Backend backend() {
    return new SqliteBackend(dir.resolve("t.db"));
  }
}

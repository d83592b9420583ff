package dev.tandem.store.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports real data sets from ../shared/data (skipped when absent). */
class RealDataImportTest {
  @TempDir Path dir;

  @Test
  void movielens_100k_imports_completely() {
    Path ml = Fixtures.shared("ml-100k");
    try (Store s = Store.open(dir.resolve("t.db"))) {
      ImportSummary sum = new MovieLensImporter(ml).importInto(s, ImportOptions.DEFAULT);
      assertThat(sum.feedbackInserted()).isEqualTo(100_000);
      assertThat(s.feedback().count()).isEqualTo(100_000);
      assertThat(s.feedback().countUsers()).isEqualTo(943);
      assertThat(s.users().count()).isEqualTo(943);
      assertThat(s.items().count()).isEqualTo(1_682);
      assertThat(s.items().get("543").orElseThrow().title()).isEqualTo("Misérables, Les (1995)");
      long[] fives = new long[1];
      s.feedback().scan((u, i, t, v, ts) -> {
        if (v == 5) {
          fives[0]++;
        }
      });
      assertThat(fives[0]).isEqualTo(21_201);
    }
  }

  @Test
  void amazon_scientific_reconstructs_59384_interactions() {
    Path am = Fixtures.shared("amazon-scientific");
    try (Store s = Store.open(dir.resolve("t.db"))) {
      ImportSummary sum = new AmazonImporter(am).importInto(s, ImportOptions.DEFAULT);
      assertThat(sum.feedbackInserted()).isEqualTo(59_384);
      assertThat(s.feedback().countUsers()).isEqualTo(8_442);
      assertThat(s.items().count()).isEqualTo(4_385);
    }
  }
}

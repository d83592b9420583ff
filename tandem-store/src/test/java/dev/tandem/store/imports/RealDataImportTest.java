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
      assertFitsTheRules(s, sum);
    }
  }

  @Test
  void movielens_1m_half_imports_completely_under_the_limits() {
    Path ml = Fixtures.shared("ml-1m");
    try (Store s = Store.open(dir.resolve("t.db"))) {
      ImportSummary sum = new MovieLensImporter(ml).importInto(s, ImportOptions.DEFAULT);
      assertThat(sum.feedbackInserted()).isEqualTo(487_650);
      assertThat(s.items().count()).isEqualTo(3_883);
      assertThat(s.users().count()).isEqualTo(6_040);
      assertFitsTheRules(s, sum);
    }
  }

  @Test
  void goodbooks_10k_imports_completely_under_the_limits() {
    Path gb = Fixtures.shared("goodbooks-10k");
    try (Store s = Store.open(dir.resolve("t.db"))) {
      ImportSummary sum = new GoodbooksImporter(gb).importInto(s, ImportOptions.DEFAULT);
      assertThat(sum.feedbackRead()).isEqualTo(981_756);
      assertThat(s.feedback().count()).isEqualTo(GOODBOOKS_EVENTS);
      assertThat(s.items().count()).isEqualTo(10_000);
      // a book from 1750 BC keeps its year: createdAt reaches back to year -9999
      assertThat(s.items().get("2076").orElseThrow().createdAt())
          .isEqualTo(java.time.LocalDate.of(-1750, 1, 1).atStartOfDay().toEpochSecond(java.time.ZoneOffset.UTC));
      assertFitsTheRules(s, sum);
    }
  }

  /** goodbooks v1 ratings after duplicate (user, book) pairs collapse to the last. */
  private static final long GOODBOOKS_EVENTS = 979_478;

  /** No bad row, and no stored item or user that the current rules reject. */
  private static void assertFitsTheRules(Store s, ImportSummary sum) {
    assertThat(sum.badRows()).isZero();
    java.util.List<dev.tandem.store.InvalidRecord> invalid = new java.util.ArrayList<>();
    s.items().forEachInvalid(invalid::add);
    s.users().forEachInvalid(invalid::add);
    assertThat(invalid).isEmpty();
  }

  @Test
  void amazon_scientific_reconstructs_59384_interactions() {
    Path am = Fixtures.shared("amazon-scientific");
    try (Store s = Store.open(dir.resolve("t.db"))) {
      ImportSummary sum = new AmazonImporter(am).importInto(s, ImportOptions.DEFAULT);
      assertThat(sum.feedbackInserted()).isEqualTo(59_384);
      assertThat(s.feedback().countUsers()).isEqualTo(8_442);
      assertThat(s.items().count()).isEqualTo(4_385);
      assertFitsTheRules(s, sum);
    }
  }
}

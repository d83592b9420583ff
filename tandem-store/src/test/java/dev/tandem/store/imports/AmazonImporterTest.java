package dev.tandem.store.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.core.data.ValueRange;
import java.util.Map;
import dev.tandem.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AmazonImporterTest {
  @TempDir Path dir;

  @Test
  void rebuilds_sequences_from_test_then_valid_then_train_with_positions_as_time() {
    Path am = Fixtures.copy("amazon", dir);
    try (Store s = Store.open(dir.resolve("t.db"))) {
      ImportSummary sum = new AmazonImporter(am).importInto(s, ImportOptions.DEFAULT);
      assertThat(sum.itemsRead()).isEqualTo(2);
      assertThat(sum.itemsInserted()).isEqualTo(3);
      assertThat(sum.feedbackInserted()).isEqualTo(8);
      assertThat(s.feedback().history("AUSER1")).containsExactly(new Feedback("AUSER1", "B000A", "purchase", 1, 1),
          new Feedback("AUSER1", "B000B", "purchase", 1, 2), new Feedback("AUSER1", "B000C", "purchase", 1, 3));
      assertThat(s.feedback().history("AUSER2")).extracting(Feedback::item).containsExactly("B000C", "B000A");
      assertThat(s.feedback().history("AUSER3")).extracting(Feedback::item).containsExactly("B000B", "B000A", "B000C");
      var a = s.items().get("B000A").orElseThrow();
      assertThat(a.title()).isEqualTo("PORTER-CABLE Sanding Roll, 80 Grit");
      assertThat(a.description())
          .isEqualTo("PORTER-CABLE Sanding Roll, 80 Grit. Industrial & Scientific Abrasives. PORTER-CABLE.");
      assertThat(s.items().get("B000C").orElseThrow().title()).isEmpty();
      assertThat(s.feedback().countUsers()).isEqualTo(3);
    }
  }

  @Test
  void a_purchase_range_that_excludes_1_fails_up_front() {
    Path am = Fixtures.copy("amazon", dir);
    FeedbackWeights w = new FeedbackWeights(Map.of("purchase", 3.0), 4, Map.of("purchase", new ValueRange(2, 5)),
        FeedbackWeights.DEFAULT_RANGE);
    try (Store s = Store.open(dir.resolve("t.db"))) {
      assertThatThrownBy(() -> new AmazonImporter(am).importInto(s, ImportOptions.DEFAULT.withWeights(w)))
          .isInstanceOf(ImportException.class)
          .hasMessage("amazon: every event has type purchase and value 1.0, but value (1.0) must be in [2, 5]"
              + " (feedback.value_ranges.purchase)");
      assertThat(s.items().count()).isZero();
    }
  }

  @Test
  void lines_with_another_number_of_fields_are_bad_rows() throws Exception {
    Path am = Fixtures.copy("amazon", dir);
    java.nio.file.Files.writeString(am.resolve("Mini.item2index"), "B000X\t9\textra\n",
        java.nio.file.StandardOpenOption.APPEND);
    try (Store s = Store.open(dir.resolve("t.db"))) {
      assertThatThrownBy(() -> new AmazonImporter(am).importInto(s, ImportOptions.DEFAULT))
          .isInstanceOf(ImportException.class)
          .hasMessageEndingWith(": has 3 fields; expected 2 (ASIN\\tindex)");
    }
  }
}

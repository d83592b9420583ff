package dev.tandem.store.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenericImportersTest {
  @TempDir Path dir;

  /** The store under test; the Postgres subclass runs the same tests on PostgreSQL. */
  protected Store open() {
    return Store.open(dir.resolve("t.db"));
  }

  @Test
  void csv_items_users_feedback_with_quotes_types_and_times() {
    Path c = Fixtures.copy("csv", dir);
    try (Store s = open()) {
      ImportSummary sum = new CsvImporter(new TableFiles(List.of(c.resolve("items.csv")), List.of(c.resolve("users.csv")),
          List.of(c.resolve("feedback.csv"), c.resolve("ratings.csv"), c.resolve("split.csv"))))
          .importInto(s, ImportOptions.DEFAULT);
      assertThat(sum.itemsRead()).isEqualTo(2);
      assertThat(sum.usersRead()).isEqualTo(2);
      assertThat(sum.feedbackRead()).isEqualTo(7);
      Item dune = s.items().get("b1").orElseThrow();
      assertThat(dune.title()).isEqualTo("Dune, Part One");
      assertThat(dune.description()).isEqualTo("Sand, spice and \"worms\"");
      assertThat(dune.categories()).containsExactly("Sci-Fi", "Classic");
      assertThat(dune.tags()).containsExactly("desert", "politics");
      assertThat(dune.createdAt()).isEqualTo(LocalDate.of(1965, 8, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC));
      assertThat(dune.available()).isTrue();
      assertThat(dune.attributes()).containsEntry("pages", Attribute.of(412)).containsEntry("language", Attribute.of("en"))
          .containsEntry("zip", Attribute.of("02139"));
      Item neuro = s.items().get("b2").orElseThrow();
      assertThat(neuro.available()).isFalse();
      assertThat(neuro.createdAt()).isEqualTo(504921600L);
      assertThat(neuro.attributes()).doesNotContainKey("zip");
      assertThat(s.users().get("u1").orElseThrow().profile()).isEqualTo("I like hard SF, mostly");
      assertThat(s.users().get("u1").orElseThrow().attributes()).containsEntry("age", Attribute.of(34));
      assertThat(s.users().get("u2").orElseThrow().attributes()).isEmpty();
      assertThat(s.feedback().history("u1")).containsExactly(new Feedback("u1", "b1", "rating", 4.5, 10),
          new Feedback("u1", "b1", "click", 1, 100), new Feedback("u1", "b2", "purchase", 2, 1577836800L));
      assertThat(s.feedback().history("u2")).containsExactly(new Feedback("u2", "b1", "click", 1, 0),
          new Feedback("u2", "b2", "rating", 2, 20));
      assertThat(s.feedback().history("u3")).extracting(Feedback::type).containsExactly("click", "click");
    }
  }

  @Test
  void csv_unknown_type_is_a_bad_row_and_malformed_utf8_names_the_line() throws Exception {
    Path f = dir.resolve("feedback.csv");
    Files.writeString(f, "user,item,type\nu1,b1,click\nu1,b2,teleport\n");
    Path items = dir.resolve("items.csv");
    Files.write(items, new byte[] {'i', 'd', ',', 't', 'i', 't', 'l', 'e', '\n', 'a', ',', 'A', '\n', 'b', ',', (byte) 0xC3,
        '(', '\n'});
    try (Store s = open()) {
      assertThatThrownBy(() -> new CsvImporter(TableFiles.of(null, null, f)).importInto(s, ImportOptions.DEFAULT))
          .isInstanceOf(ImportException.class)
          .hasMessage("feedback.csv line 3: field type (\"teleport\") must be a configured feedback type"
              + " [purchase, like, rating, click, view, dislike]");
      ImportSummary skipped = new CsvImporter(TableFiles.of(null, null, f))
          .importInto(s, ImportOptions.DEFAULT.withMaxBadRows(1));
      assertThat(skipped.badRows()).isEqualTo(1);
      assertThat(s.feedback().count()).isEqualTo(1);
      assertThatThrownBy(() -> new CsvImporter(TableFiles.of(items, null, null)).importInto(s, ImportOptions.DEFAULT))
          .isInstanceOf(ImportException.class)
          .hasMessage("items.csv line 3: malformed bytes, expected valid UTF-8 text");
      assertThat(s.items().get("a")).isEmpty();
      assertThat(s.items().count()).isEqualTo(1);
    }
  }

  @Test
  void csv_without_id_column_is_explained() throws Exception {
    Path items = dir.resolve("items.csv");
    Files.writeString(items, "name,title\nx,y\n");
    try (Store s = open()) {
      assertThatThrownBy(() -> new CsvImporter(TableFiles.of(items, null, null)).importInto(s, ImportOptions.DEFAULT))
          .isInstanceOf(ImportException.class)
          .hasMessage("items.csv line 1: header must have a column id or item_id or item; found [name, title]");
    }
  }

  @Test
  void jsonl_items_users_and_feedback() {
    Path j = Fixtures.copy("jsonl", dir);
    try (Store s = open()) {
      ImportSummary sum = new JsonlImporter(TableFiles.of(j.resolve("items.jsonl"), j.resolve("users.jsonl"),
          j.resolve("feedback.jsonl"))).importInto(s, ImportOptions.DEFAULT);
      assertThat(sum.itemsRead()).isEqualTo(2);
      assertThat(sum.feedbackInserted()).isEqualTo(3);
      Item dune = s.items().get("b1").orElseThrow();
      assertThat(dune.categories()).containsExactly("Sci-Fi", "Classic");
      assertThat(dune.attributes()).containsEntry("pages", Attribute.of(412)).containsEntry("language", Attribute.of("en"));
      assertThat(dune.createdAt()).isEqualTo(LocalDate.of(1965, 8, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC));
      Item cafe = s.items().get("7").orElseThrow();
      assertThat(cafe.title()).isEqualTo("Café");
      assertThat(cafe.description()).isEqualTo("ünïcödé");
      assertThat(cafe.attributes()).containsEntry("publisher", Attribute.of("Ace"));
      assertThat(s.users().get("u1").orElseThrow().attributes()).containsEntry("age", Attribute.of(34));
      assertThat(s.feedback().history("u1")).containsExactly(new Feedback("u1", "7", "rating", 4, 0),
          new Feedback("u1", "b1", "click", 1, 100));
      assertThat(s.feedback().history("u2")).containsExactly(new Feedback("u2", "b1", "click", 1, 0));
    }
  }

  @Test
  void jsonl_malformed_line_is_reported() throws Exception {
    Path f = dir.resolve("feedback.jsonl");
    Files.writeString(f, "{\"user\":\"u\",\"item\":\"i\"}\n{\"user\":\"u\",\"item\":\"j\",\"value\":\"lots\"}\n");
    try (Store s = open()) {
      assertThatThrownBy(() -> new JsonlImporter(TableFiles.of(null, null, f)).importInto(s, ImportOptions.DEFAULT))
          .isInstanceOf(ImportException.class)
          .hasMessage("feedback.jsonl line 2: field value (\"lots\") must be a number");
      assertThat(s.feedback().count()).isZero();
    }
  }
}

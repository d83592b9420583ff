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

  private static final String ID_RULE = "; an id is 1..256 Unicode scalar values without control characters"
      + " (U+0000-U+001F, U+007F-U+009F), U+FFFE, U+FFFF or leading/trailing whitespace";

  @Test
  void csv_rows_with_another_number_of_cells_than_the_header_are_bad_rows_never_trimmed_or_padded() throws Exception {
    Path items = dir.resolve("items.csv");
    Files.writeString(items, "id,title,pages\nb1,Dune,412\nb2,Extra,1,dropped?\nb3,Short\nb4,Fine,9\n");
    Path fb = dir.resolve("feedback.csv");
    Files.writeString(fb, "user,item,rating,timestamp\nu1,b1,5,100\nu1,b4,4\n");
    try (Store s = open()) {
      assertThatThrownBy(() -> new CsvImporter(TableFiles.of(items, null, null)).importInto(s, ImportOptions.DEFAULT))
          .isInstanceOf(ImportException.class).hasMessage("items.csv line 3: has 4 cells; the header has 3");
      assertThat(s.items().count()).isZero();
      ImportSummary sum = new CsvImporter(TableFiles.of(items, null, fb))
          .importInto(s, ImportOptions.DEFAULT.withMaxBadRows(3));
      assertThat(sum.badRowMessages()).containsExactly("items.csv line 3: has 4 cells; the header has 3",
          "items.csv line 4: has 2 cells; the header has 3", "feedback.csv line 3: has 3 cells; the header has 4");
      assertThat(s.items().get("b2")).isEmpty();
      assertThat(s.items().get("b3")).isEmpty();
      // the short feedback row was not stored with timestamp 0
      assertThat(s.feedback().history("u1")).containsExactly(new Feedback("u1", "b1", "rating", 5, 100));
      assertThatThrownBy(() -> new CsvImporter(TableFiles.of(items, null, fb))
          .importInto(s, ImportOptions.DEFAULT.withMaxBadRows(2)))
          .hasMessage("feedback.csv line 3: has 3 cells; the header has 4 (more than maxBadRows = 2 bad rows)");
    }
  }

  @Test
  void values_out_of_their_types_range_are_bad_rows_naming_the_event() throws Exception {
    Path fb = dir.resolve("feedback.csv");
    Files.writeString(fb, "user,item,type,value,timestamp\nu1,b1,click,1e308,1\nu1,b2,click,1,2\nu2,b1,rating,101,3\n"
        + "u3,b1,click,1,-5\nu3,b1,click,1,1e300\n");
    try (Store s = open()) {
      ImportSummary sum = new CsvImporter(TableFiles.of(null, null, fb)).importInto(s, ImportOptions.DEFAULT.withMaxBadRows(9));
      assertThat(sum.badRowMessages()).containsExactly(
          "feedback.csv line 2: event (user \"u1\", item \"b1\", type click): value (1.0E308) must be in [-1000, 1000]"
              + " (feedback.value_ranges.click)",
          "feedback.csv line 4: event (user \"u2\", item \"b1\", type rating): value (101.0) must be in [0, 100]"
              + " (feedback.value_ranges.rating)",
          "feedback.csv line 5: field timestamp (\"-5\") must be a time in [0, 253402300799] epoch seconds (1970 to 9999)",
          "feedback.csv line 6: field timestamp (\"1e300\") must be epoch seconds or an ISO-8601 date/time");
      assertThat(s.feedback().count()).isEqualTo(1);
    }
  }

  @Test
  void ids_follow_the_policy_in_csv_and_jsonl_and_jsonl_ids_are_taken_exactly() throws Exception {
    Path csv = dir.resolve("feedback.csv");
    Files.writeString(csv, "user,item\n  u1\t,b1\nu2,b\u0000x\n");
    Path jsonl = dir.resolve("feedback.jsonl");
    Files.writeString(jsonl, "{\"user\":\"sur\\ud800\",\"item\":\"b1\"}\n{\"user\":\"sur\\udfff\",\"item\":\"b1\"}\n"
        + "{\"user\":\" u1\",\"item\":\"b1\"}\n{\"user\":\"sur?\",\"item\":\"b1\"}\n{\"user\":7,\"item\":\"b1\"}\n");
    try (Store s = open()) {
      ImportSummary c = new CsvImporter(TableFiles.of(null, null, csv)).importInto(s, ImportOptions.DEFAULT.withMaxBadRows(5));
      assertThat(c.badRowMessages()).containsExactly(
          "feedback.csv line 3: field item (\"b\\u0000x\") has a control character U+0000 at index 1" + ID_RULE);
      assertThat(s.feedback().history("u1")).extracting(Feedback::item).containsExactly("b1"); // cells are stripped of spaces and tabs
      ImportSummary j = new JsonlImporter(TableFiles.of(null, null, jsonl)).importInto(s, ImportOptions.DEFAULT.withMaxBadRows(5));
      assertThat(j.badRowMessages()).containsExactly(
          "feedback.jsonl line 1: field user (\"sur\\uD800\") has a lone surrogate U+D800 at index 3" + ID_RULE,
          "feedback.jsonl line 2: field user (\"sur\\uDFFF\") has a lone surrogate U+DFFF at index 3" + ID_RULE,
          "feedback.jsonl line 3: field user (\" u1\") starts with whitespace U+0020 at index 0" + ID_RULE);
      assertThat(s.feedback().history("sur?")).hasSize(1);
      assertThat(s.feedback().history("7")).hasSize(1);
      assertThat(s.users().count()).isEqualTo(3);
    }
  }

  @Test
  void over_long_fields_are_bad_rows_that_quote_at_most_200_characters() throws Exception {
    Path items = dir.resolve("items.jsonl");
    String huge = "x".repeat(5_242_880);
    Files.writeString(items, "{\"id\":\"b1\",\"title\":\"" + "t".repeat(1_001) + "\"}\n{\"id\":\"b2\",\"attributes\":{\"notes\":\""
        + huge + "\"}}\n{\"id\":\"b3\",\"created_at\":99999999999999}\n{\"id\":\"b4\",\"created_at\":\"-1750-01-01\"}\n");
    try (Store s = open()) {
      ImportSummary sum = new JsonlImporter(TableFiles.of(items, null, null)).importInto(s, ImportOptions.DEFAULT.withMaxBadRows(5));
      assertThat(sum.badRowMessages()).containsExactly(
          "items.jsonl line 1: item title (\"" + "t".repeat(200) + "…\" (1,001 characters)) must be at most 1,000 characters",
          "items.jsonl line 2: item attributes.notes (\"" + "x".repeat(200) + "…\" (5,242,880 characters)) must be at most"
              + " 10,000 characters",
          "items.jsonl line 3: field created_at (\"99999999999999\") must be a time in [-377705116800, 253402300799]"
              + " epoch seconds (years -9999 to 9999)");
      assertThat(sum.badRowMessages()).allSatisfy(m -> assertThat(m.length()).isLessThan(400));
      assertThat(s.items().get("b4").orElseThrow().createdAt()).isEqualTo(LocalDate.of(-1750, 1, 1).atStartOfDay()
          .toEpochSecond(ZoneOffset.UTC));
    }
  }

  @Test
  void a_header_that_would_make_invalid_attribute_names_fails_the_import() throws Exception {
    Path items = dir.resolve("items.csv");
    Files.writeString(items, "id,title,\nb1,Dune,x\n");
    try (Store s = open()) {
      assertThatThrownBy(() -> new CsvImporter(TableFiles.of(items, null, null)).importInto(s, ImportOptions.DEFAULT))
          .isInstanceOf(ImportException.class)
          .hasMessage("items.csv line 1: column 3 (\"\") would be an attribute name, but it is empty; an attribute name"
              + " is 1..100 characters under the id rules");
    }
  }
}

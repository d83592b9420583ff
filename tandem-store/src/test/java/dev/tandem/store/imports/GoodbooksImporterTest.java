package dev.tandem.store.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.store.Store;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class GoodbooksImporterTest {
  @TempDir Path dir;

  private static void xz(Path file, String text) throws Exception {
    try (OutputStream out = new XZOutputStream(Files.newOutputStream(file), new LZMA2Options())) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void imports_books_with_quoted_fields_tags_without_noise_and_xz_ratings_book_first() throws Exception {
    Path gb = Fixtures.copy("goodbooks", dir);
    xz(gb.resolve("ratings-v1.csv.xz"), "book_id,user_id,rating\n1,10,5\n2,10,4\n1,11,3\n1,10,2\n");
    try (Store s = Store.open(dir.resolve("t.db"))) {
      ImportSummary sum = new GoodbooksImporter(gb).importInto(s, ImportOptions.DEFAULT);
      assertThat(sum.itemsRead()).isEqualTo(3);
      assertThat(sum.feedbackRead()).isEqualTo(4);
      assertThat(sum.feedbackInserted()).isEqualTo(3);
      assertThat(sum.feedbackReplaced()).isEqualTo(1);
      assertThat(sum.usersInserted()).isEqualTo(2);
      Item hp = s.items().get("2").orElseThrow();
      assertThat(hp.title()).isEqualTo("Harry Potter and the Sorcerer's Stone (Harry Potter, #1)");
      assertThat(hp.description()).isEqualTo("by J.K. Rowling, Mary GrandPré");
      assertThat(hp.tags()).containsExactly("fantasy", "magic", "young-adult");
      assertThat(hp.attributes()).containsEntry("authors", Attribute.of("J.K. Rowling, Mary GrandPré"))
          .containsEntry("year", Attribute.of(1997)).containsEntry("average_rating", Attribute.of(4.44))
          .containsEntry("goodreads_book_id", Attribute.of("3")).containsEntry("language_code", Attribute.of("eng"));
      assertThat(hp.createdAt()).isEqualTo(LocalDate.of(1997, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC));
      assertThat(s.items().get("1").orElseThrow().tags()).containsExactly("dystopia", "young-adult");
      Item catcher = s.items().get("3").orElseThrow();
      assertThat(catcher.tags()).containsExactly("classics");
      assertThat(catcher.attributes()).doesNotContainKeys("language_code", "original_title");
      assertThat(s.feedback().history("10")).containsExactly(new Feedback("10", "1", "rating", 2, 0),
          new Feedback("10", "2", "rating", 4, 0));
    }
  }

  @Test
  void plain_ratings_with_user_first_header_and_reimport_is_idempotent() throws Exception {
    Path gb = Fixtures.copy("goodbooks", dir);
    Files.writeString(gb.resolve("ratings.csv"), "user_id,book_id,rating\r\n7,3,5\r\n8,3,1\r\n");
    try (Store s = Store.open(dir.resolve("t.db"))) {
      new GoodbooksImporter(gb).importInto(s, ImportOptions.DEFAULT);
      ImportSummary again = new GoodbooksImporter(gb).importInto(s, ImportOptions.DEFAULT);
      assertThat(again.feedbackInserted()).isZero();
      assertThat(again.itemsUpdated()).isEqualTo(3);
      assertThat(s.feedback().count()).isEqualTo(2);
      assertThat(s.feedback().history("8")).containsExactly(new Feedback("8", "3", "rating", 1, 0));
      assertThat(s.items().count()).isEqualTo(3);
    }
  }

  @Test
  void bad_rating_in_xz_file_is_reported_with_line() throws Exception {
    Path gb = Fixtures.copy("goodbooks", dir);
    xz(gb.resolve("ratings-v1.csv.xz"), "book_id,user_id,rating\n1,10,5\n1,,3\n");
    try (Store s = Store.open(dir.resolve("t.db"))) {
      assertThatThrownBy(() -> new GoodbooksImporter(gb).importInto(s, ImportOptions.DEFAULT))
          .isInstanceOf(ImportException.class)
          .hasMessage("ratings-v1.csv.xz line 3: field user_id (\"\") is empty; an id is 1..256 Unicode scalar values"
              + " without control characters (U+0000-U+001F, U+007F-U+009F), U+FFFE, U+FFFF or leading/trailing"
              + " whitespace");
      assertThat(s.items().count()).isZero();
      assertThat(s.feedback().count()).isZero();
    }
  }

  @Test
  void noise_shelves_are_recognised() {
    assertThat(GoodbooksImporter.isNoise("to-read")).isTrue();
    assertThat(GoodbooksImporter.isNoise("read-in-2015")).isTrue();
    assertThat(GoodbooksImporter.isNoise("my-favorites")).isTrue();
    assertThat(GoodbooksImporter.isNoise("owned-books")).isTrue();
    assertThat(GoodbooksImporter.isNoise("kindle-books")).isTrue();
    assertThat(GoodbooksImporter.isNoise("--1-")).isTrue();
    assertThat(GoodbooksImporter.isNoise("science-fiction")).isFalse();
    assertThat(GoodbooksImporter.isNoise("mystery")).isFalse();
    assertThat(GoodbooksImporter.isNoise("19th-century")).isFalse();
  }
}

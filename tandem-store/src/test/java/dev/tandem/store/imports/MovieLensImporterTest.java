package dev.tandem.store.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.User;
import dev.tandem.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensImporterTest {
  @TempDir Path dir;

  /** The store under test; the Postgres subclass runs the same tests on PostgreSQL. */
  protected Store open() {
    return Store.open(dir.resolve("t.db"));
  }

  private static long day(int y, int m, int d) {
    return LocalDate.of(y, m, d).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
  }

  @Test
  void imports_100k_with_latin1_titles_genres_users_and_ratings() {
    Path ml = Fixtures.copy("ml-100k", dir);
    try (Store s = open()) {
      List<String> phases = new ArrayList<>();
      ImportSummary sum = new MovieLensImporter(ml).importInto(s,
          ImportOptions.DEFAULT.withProgress((phase, done, total) -> phases.add(phase + ":" + (done == total))));
      assertThat(sum.itemsRead()).isEqualTo(3);
      assertThat(sum.usersRead()).isEqualTo(3);
      assertThat(sum.feedbackRead()).isEqualTo(5);
      assertThat(sum.feedbackInserted()).isEqualTo(5);
      assertThat(sum.source()).startsWith("movielens-100k");
      assertThat(phases).contains("u.data:true", "u.item:true", "commit:true");
      Item les = s.items().get("543").orElseThrow();
      assertThat(les.title()).isEqualTo("Misérables, Les (1995)");
      assertThat(les.categories()).containsExactly("Drama", "Musical");
      assertThat(les.createdAt()).isEqualTo(day(1995, 2, 4));
      assertThat(les.attributes().get("year")).isEqualTo(Attribute.of(1995));
      Item unknown = s.items().get("267").orElseThrow();
      assertThat(unknown.categories()).containsExactly("unknown");
      assertThat(unknown.createdAt()).isZero();
      assertThat(s.items().get("1").orElseThrow().categories()).containsExactly("Animation", "Children's", "Comedy");
      User u1 = s.users().get("1").orElseThrow();
      assertThat(u1.attributes().keySet()).containsExactly("age", "gender", "occupation", "zip");
      assertThat(u1.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("age", Attribute.of(24), "gender", Attribute.of("M"),
          "occupation", Attribute.of("technician"), "zip", Attribute.of("85711")));
      assertThat(s.feedback().history("3")).containsExactly(new Feedback("3", "1", "rating", 1, 889237000),
          new Feedback("3", "543", "rating", 2, 889237455));
    }
  }

  @Test
  void reimporting_the_same_data_is_idempotent() {
    Path ml = Fixtures.copy("ml-100k", dir);
    try (Store s = open()) {
      new MovieLensImporter(ml).importInto(s, ImportOptions.DEFAULT);
      ImportSummary again = new MovieLensImporter(ml).importInto(s, ImportOptions.DEFAULT);
      assertThat(again.itemsInserted()).isZero();
      assertThat(again.itemsUpdated()).isEqualTo(3);
      assertThat(again.usersInserted()).isZero();
      assertThat(again.feedbackInserted()).isZero();
      assertThat(again.feedbackReplaced()).isEqualTo(5);
      assertThat(s.items().count()).isEqualTo(3);
      assertThat(s.users().count()).isEqualTo(3);
      assertThat(s.feedback().count()).isEqualTo(5);
    }
  }

  @Test
  void imports_1m_with_gzip_ratings_and_extra_infos() {
    Path ml = Fixtures.copy("ml-1m", dir);
    try (Store s = open()) {
      ImportSummary sum = new MovieLensImporter(ml).importInto(s, ImportOptions.DEFAULT);
      assertThat(sum.source()).startsWith("movielens-1m");
      assertThat(sum.feedbackInserted()).isEqualTo(4);
      Item toy = s.items().get("1").orElseThrow();
      assertThat(toy.title()).isEqualTo("Toy Story (1995)");
      assertThat(toy.description()).isEqualTo("A cowboy doll is threatened by a spaceman – toys come to life.");
      assertThat(toy.createdAt()).isEqualTo(day(1995, 11, 22));
      assertThat(toy.attributes()).containsEntry("director", Attribute.of("John Lasseter"))
          .containsEntry("rated", Attribute.of("G")).containsEntry("actors", Attribute.of("Tom Hanks, Tim Allen"))
          .containsEntry("writers", Attribute.of("Joss Whedon (screenplay by)"))
          .containsEntry("year", Attribute.of(1995));
      Item les = s.items().get("2").orElseThrow();
      assertThat(les.title()).isEqualTo("Misérables, Les (1995)");
      assertThat(les.description()).isEmpty();
      assertThat(les.createdAt()).isEqualTo(day(1995, 1, 1));
      assertThat(s.items().get("3").orElseThrow().title()).isEqualTo("Café au lait (1993)");
      assertThat(s.users().get("1").orElseThrow().attributes()).containsEntry("occupation", Attribute.of("K-12 student"))
          .containsEntry("age", Attribute.of(1)).containsEntry("gender", Attribute.of("F"));
      assertThat(s.feedback().history("2")).extracting(Feedback::item).containsExactly("3", "1");
    }
  }

  @Test
  void imports_csv_releases_with_quoted_titles_and_top_tags() {
    Path ml = Fixtures.copy("ml-csv", dir);
    try (Store s = open()) {
      ImportSummary sum = new MovieLensImporter(ml).importInto(s, ImportOptions.DEFAULT);
      assertThat(sum.feedbackInserted()).isEqualTo(3);
      Item p = s.items().get("2").orElseThrow();
      assertThat(p.title()).isEqualTo("American President, The (1995)");
      assertThat(p.categories()).containsExactly("Comedy", "Drama", "Romance");
      assertThat(p.tags()).containsExactly("politics, romance");
      assertThat(s.items().get("1").orElseThrow().tags()).containsExactly("pixar", "toys");
      assertThat(s.items().get("3").orElseThrow().categories()).isEmpty();
      assertThat(s.feedback().history("1")).extracting(Feedback::value).containsExactly(3.5, 4.0);
    }
  }

  @Test
  void malformed_rating_fails_naming_file_line_and_field_and_rolls_back() throws Exception {
    Path ml = Fixtures.copy("ml-100k", dir);
    try (Store s = open()) {
      new MovieLensImporter(ml).importInto(s, ImportOptions.DEFAULT);
      s.users().upsert(List.of(User.of("keep-me")));
      Files.writeString(ml.resolve("u.item"), "", StandardOpenOption.APPEND);
      Files.writeString(ml.resolve("u.data"), "9\t9\t4\t1\n9\t1\tx\t874965758\n", StandardOpenOption.APPEND);
      Files.write(ml.resolve("u.user"), "4|30|F|writer|02139\n".getBytes(StandardCharsets.ISO_8859_1),
          StandardOpenOption.APPEND);
      assertThatThrownBy(() -> new MovieLensImporter(ml).importInto(s, ImportOptions.DEFAULT))
          .isInstanceOf(ImportException.class).hasMessage("u.data line 7: field rating (\"x\") must be a number");
      assertThat(s.items().count()).isEqualTo(3);
      assertThat(s.users().count()).isEqualTo(4);
      assertThat(s.users().get("4")).isEmpty();
      assertThat(s.users().get("9")).isEmpty();
      assertThat(s.feedback().count()).isEqualTo(5);
    }
  }

  @Test
  void max_bad_rows_skips_and_lists_up_to_n_then_fails() throws Exception {
    Path ml = Fixtures.copy("ml-100k", dir);
    Files.writeString(ml.resolve("u.data"), "9\t1\tx\t1\n9\t1\n", StandardOpenOption.APPEND);
    try (Store s = open()) {
      ImportSummary sum = new MovieLensImporter(ml).importInto(s, ImportOptions.DEFAULT.withMaxBadRows(2));
      assertThat(sum.badRows()).isEqualTo(2);
      assertThat(sum.badRowMessages()).containsExactly("u.data line 6: field rating (\"x\") must be a number",
          "u.data line 7: has 2 fields; expected 4 (user\\titem\\trating\\ttimestamp)");
      assertThat(sum.feedbackInserted()).isEqualTo(5);
      assertThatThrownBy(() -> new MovieLensImporter(ml).importInto(s, ImportOptions.DEFAULT.withMaxBadRows(1)))
          .isInstanceOf(ImportException.class)
          .hasMessage("u.data line 7: has 2 fields; expected 4 (user\\titem\\trating\\ttimestamp)"
              + " (more than maxBadRows = 1 bad rows)");
    }
  }

  @Test
  void ratings_out_of_range_extra_fields_and_impossible_timestamps_are_bad_rows() throws Exception {
    Path ml = Fixtures.copy("ml-100k", dir);
    Files.writeString(ml.resolve("u.data"), "9\t1\t1e308\t1\n9\t1\t4\t1\textra\n9\t2\t4\t-3\n", StandardOpenOption.APPEND);
    try (Store s = open()) {
      ImportSummary sum = new MovieLensImporter(ml).importInto(s, ImportOptions.DEFAULT.withMaxBadRows(3));
      assertThat(sum.badRowMessages()).containsExactly(
          "u.data line 6: event (user \"9\", item \"1\", type rating): value (1.0E308) must be in [0, 100]"
              + " (feedback.value_ranges.rating)",
          "u.data line 7: has 5 fields; expected 4 (user\\titem\\trating\\ttimestamp)",
          "u.data line 8: field timestamp (\"-3\") must be a time in [0, 253402300799] epoch seconds (1970 to 9999)");
      assertThat(s.feedback().history("9")).isEmpty();
    }
  }

  @Test
  void rating_type_must_be_configured() {
    Path ml = Fixtures.copy("ml-100k", dir);
    try (Store s = open()) {
      ImportOptions noRating = ImportOptions.DEFAULT.withWeights(new FeedbackWeights(Map.of("click", 1.0), 4));
      assertThatThrownBy(() -> new MovieLensImporter(ml).importInto(s, noRating))
          .isInstanceOf(ImportException.class)
          .hasMessage("movielens: feedback type rating is not configured; configured types are [click]"
              + " (add it to the feedback weights)");
      assertThat(s.items().count()).isZero();
    }
  }

  @Test
  void not_a_movielens_folder_is_explained() {
    try (Store s = open()) {
      assertThatThrownBy(() -> new MovieLensImporter(dir).importInto(s, ImportOptions.DEFAULT))
          .isInstanceOf(ImportException.class).hasMessageContaining("not a MovieLens folder; expected u.data (100K)");
    }
  }
}

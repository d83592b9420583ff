package dev.tandem.store.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tandem.store.InvalidRecord;
import dev.tandem.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing of every importer (Jazzer): an input is a bundle of small files in the
 * importer's folder layout, written to a temporary folder and imported into one SQLite store
 * (reused across inputs, emptied after each successful import). Every input must either import, or
 * fail with an {@link ImportException} whose message names the file (and line) or the folder, is
 * short, and leaves the store exactly as it was: never an NPE, an index or class-cast error, a stack
 * overflow or any other exception.
 *
 * <p>Input format, so that the committed seeds under {@code ImporterFuzzTestInputs/<method>/} are
 * readable: lines {@code === NAME} start a file named NAME (one of the importer's file names;
 * other names are ignored), the following bytes up to the next such line are its content.
 *
 * <p>{@code ./mvnw verify} runs the committed inputs only; {@code scripts/fuzz.sh --only
 * ImporterFuzzTest --seconds 60} fuzzes each target (crashes are written into the inputs folder).
 */
class ImporterFuzzTest {
  private static final byte[] MARKER = "=== ".getBytes(StandardCharsets.US_ASCII);
  /** Bad rows each import may skip, so that fuzzing goes past the first one. */
  private static final int MAX_BAD_ROWS = 3;
  /** The longest message an import failure may have: values are quoted and cut (Quote), layouts are short. */
  private static final int MAX_MESSAGE = 1_500;

  private static Path root;
  private static Path folder;
  private static Store store;
  private static Connection raw;

  /** One store and folder per JVM: opening and migrating SQLite per input would dominate the run. */
  private static synchronized void open() {
    if (store != null) {
      return;
    }
    try {
      Path shm = Path.of("/dev/shm"); // a RAM disk where there is one: no fsync per commit
      root = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "tandem-fuzz")
          : Files.createTempDirectory("tandem-fuzz");
      folder = Files.createDirectory(root.resolve("in"));
      store = Store.open(root.resolve("fuzz.db"));
      raw = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("fuzz.db"));
      Runtime.getRuntime().addShutdownHook(new Thread(ImporterFuzzTest::close));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static synchronized void close() {
    try {
      store.close();
      raw.close();
      try (Stream<Path> files = Files.walk(root)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    } catch (IOException | SQLException | RuntimeException e) {
      // a temporary folder: nothing to lose
    }
  }

  @FuzzTest(maxDuration = "20s")
  void movielens(byte[] input) {
    run(input, Set.of("u.data", "u.item", "u.user", "u.genre", "movies.dat", "users.dat", "ratings.dat",
        "movies_extrainfos.dat", "ratings.csv", "movies.csv", "tags.csv"), MovieLensImporter::new);
  }

  @FuzzTest(maxDuration = "20s")
  void goodbooks(byte[] input) {
    run(input, Set.of("books.csv", "tags.csv", "book_tags.csv", "ratings.csv"), GoodbooksImporter::new);
  }

  @FuzzTest(maxDuration = "20s")
  void amazon(byte[] input) {
    run(input, Set.of("Fz.item2index", "Fz.user2index", "Fz.text", "Fz.train.inter", "Fz.valid.inter",
        "Fz.test.inter"), AmazonImporter::new);
  }

  @FuzzTest(maxDuration = "20s")
  void csv(byte[] input) {
    run(input, Set.of("items.csv", "users.csv", "feedback.csv"), dir -> new CsvImporter(tables(dir, ".csv")));
  }

  @FuzzTest(maxDuration = "20s")
  void jsonl(byte[] input) {
    run(input, Set.of("items.jsonl", "users.jsonl", "feedback.jsonl"), dir -> new JsonlImporter(tables(dir, ".jsonl")));
  }

  /** The generic importers' files that exist (an empty bundle still names feedback, which is then missing). */
  private static TableFiles tables(Path dir, String ext) {
    Path items = dir.resolve("items" + ext);
    Path users = dir.resolve("users" + ext);
    Path feedback = dir.resolve("feedback" + ext);
    return TableFiles.of(Files.exists(items) ? items : null, Files.exists(users) ? users : null,
        Files.exists(feedback) || !Files.exists(items) && !Files.exists(users) ? feedback : null);
  }

  private static void run(byte[] input, Set<String> names, Function<Path, Importer> importer) {
    open();
    unpack(input, names);
    ImportSummary summary;
    try {
      summary = importer.apply(folder).importInto(store, ImportOptions.DEFAULT.withMaxBadRows(MAX_BAD_ROWS));
    } catch (ImportException e) {
      String m = e.getMessage();
      assertThat(m).isNotBlank().hasSizeLessThan(MAX_MESSAGE);
      // names a file of the bundle (with its line), the folder, or the import's source
      assertThat(startsWithAny(m, names) || m.startsWith(folder.toString()) || SOURCE.matcher(m).find())
          .as("message names the file, the folder or the source: %s", m).isTrue();
      // one transaction: the store is exactly as it was (empty)
      assertThat(store.items().count()).as("items after a failed import").isZero();
      assertThat(store.users().count()).as("users after a failed import").isZero();
      assertThat(store.feedback().count()).as("feedback after a failed import").isZero();
      return;
    }
    assertThat(summary.badRows()).isBetween(0L, (long) MAX_BAD_ROWS);
    assertThat(summary.badRowMessages()).allSatisfy(m -> assertThat(m).hasSizeLessThan(MAX_MESSAGE)
        .matches(x -> startsWithAny(x, names), "names its file: " + m));
    assertThat(store.feedback().count()).isEqualTo(summary.feedbackInserted());
    // everything stored follows the rules, and reads it back
    List<InvalidRecord> invalid = new ArrayList<>();
    store.items().forEachInvalid(invalid::add);
    store.users().forEachInvalid(invalid::add);
    assertThat(invalid).isEmpty();
    store.feedback().scanRows((id, user, item, type, value, ts) -> {
      assertThat(dev.tandem.core.data.FeedbackWeights.DEFAULT.problemOf(user, item, type, value, ts)).isNull();
    });
    empty();
  }

  private static final Pattern SOURCE = Pattern.compile("^(movielens|goodbooks|amazon|csv|jsonl)[^:]*: ");

  private static boolean startsWithAny(String message, Set<String> names) {
    for (String n : names) {
      if (message.startsWith(n + ":") || message.startsWith(n + " line ")) {
        return true;
      }
    }
    return false;
  }

  /** Writes the bundle's files into the (emptied) folder; returns the names written. */
  private static List<String> unpack(byte[] input, Set<String> names) {
    try {
      try (Stream<Path> old = Files.list(folder)) {
        for (Path p : (Iterable<Path>) old::iterator) {
          Files.delete(p);
        }
      }
      List<String> written = new ArrayList<>();
      int at = 0;
      String name = null;
      int start = 0;
      while (at <= input.length) {
        boolean lineStart = at == 0 || input[at - 1] == '\n';
        if (at == input.length || lineStart && startsWith(input, at, MARKER)) {
          if (name != null && names.contains(name)) {
            Files.write(folder.resolve(name), java.util.Arrays.copyOfRange(input, start, at));
            written.add(name);
          }
          if (at == input.length) {
            break;
          }
          int end = at + MARKER.length;
          while (end < input.length && input[end] != '\n') {
            end++;
          }
          name = new String(input, at + MARKER.length, end - at - MARKER.length, StandardCharsets.ISO_8859_1).strip();
          at = Math.min(end + 1, input.length);
          start = at;
          continue;
        }
        at++;
      }
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean startsWith(byte[] a, int at, byte[] prefix) {
    if (at + prefix.length > a.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (a[at + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  /** Empties the store for the next input. */
  private static void empty() {
    try (Statement s = raw.createStatement()) {
      raw.setAutoCommit(false); // one transaction, one commit
      s.executeUpdate("DELETE FROM feedback");
      s.executeUpdate("DELETE FROM items");
      s.executeUpdate("DELETE FROM users");
      s.executeUpdate("DELETE FROM store_meta");
      raw.commit();
      raw.setAutoCommit(true);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

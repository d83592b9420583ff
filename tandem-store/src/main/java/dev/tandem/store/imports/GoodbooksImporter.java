package dev.tandem.store.imports;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.Limits;
import dev.tandem.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Imports a goodbooks-10k folder (UTF-8 CSVs with a header row).
 *
 * <ul>
 *   <li>{@code books.csv}: one item per row, id = {@code book_id}; title = {@code title};
 *       description = "by " + {@code authors}; attributes {@code authors},
 *       {@code year} (original_publication_year), {@code original_title}, {@code language_code},
 *       {@code average_rating}, {@code ratings_count}, {@code isbn}, {@code goodreads_book_id},
 *       {@code image_url} (empty values omitted); {@code created_at} = 1 January of the year.
 *   <li>{@code tags.csv} + {@code book_tags.csv}: item tags, joined through
 *       {@code goodreads_book_id}: each book's {@value #MAX_TAGS} most-counted tags after
 *       dropping noise shelves ({@link #isNoise}: reading status, ownership, formats,
 *       favourites, years, and names without a letter).
 *   <li>ratings: every {@code ratings*.csv}, {@code ratings*.csv.gz} or {@code ratings*.csv.xz}
 *       (e.g. {@code ratings-v1.csv.xz}); columns found by name, so both
 *       {@code user_id,book_id,rating} and {@code book_id,user_id,rating} work. Feedback type
 *       {@code rating}, timestamp 0 (the data has none), so a duplicate (user, book) pair keeps
 *       the last rating.
 * </ul>
 *
 * <p>Every CSV row must have as many cells as its header (else it is a bad row); ratings must be in
 * the configured range of {@code rating}; years are whole numbers in [-9999, 9999].
 *
 * <p>Not imported: {@code to_read.csv[.xz]} (it would need a configured "to-read" feedback type).
 */
public final class GoodbooksImporter implements Importer {
  static final int MAX_TAGS = 15;

  /** Shelf names that say nothing about the book's content. */
  static final Set<String> NOISE_TAGS = Set.of("to-read", "currently-reading", "favorites", "favourites", "favorite",
      "favourite", "owned", "books-i-own", "owned-books", "i-own", "own", "own-it", "my-books", "my-library",
      "default", "library", "wish-list", "wishlist", "to-buy", "kindle", "ebook", "ebooks", "e-book", "e-books",
      "audiobook", "audiobooks", "audio", "audible", "books", "book", "read", "re-read", "reread", "re-reads",
      "did-not-finish", "dnf", "abandoned", "on-hold", "maybe", "tbr", "all-time-favorites", "all-time-favourites",
      "favorite-books", "favourite-books", "fav", "favs", "faves", "my-favorites", "my-favourites", "books-i-have",
      "to-read-fiction", "bookshelf", "i-have", "have", "home-library", "physical-books", "paperback", "hardcover",
      "borrowed", "library-books", "ebooks-i-own", "kindle-books", "sci-fi-to-read", "unread", "someday",
      "want-to-read", "next", "up-next", "shelfari-favorites", "5-stars", "five-stars", "4-stars", "3-stars",
      "must-read", "must-reads", "read-again", "gave-up", "stopped-reading", "partially-read", "novels-to-read");
  private static final Pattern NOISE_PATTERN = Pattern.compile(
      "(read|reading|to-read|tbr|owned|own|books-i-own|kindle|ebook|audiobook|library|wishlist|wish-list|favou?rites?)"
          + "[-_]?.*\\d.*|.*\\d{4}.*|.*[-_]read|read-.*|to-read-.*|currently-reading.*|.*-tbr|tbr-.*|owned-.*|"
          + "own-.*|.*-i-own|.*-owned|my-.*|favou?rites?-.*|.*-favou?rites?|kindle-.*|.*-kindle|e-?books?-.*|audio-?books?-.*");

  private final Path dir;

  /** An importer for the goodbooks-10k folder {@code dir}. */
  public GoodbooksImporter(Path dir) {
    this.dir = dir;
  }

  /** Whether a shelf name is noise (not about the book's content). */
  static boolean isNoise(String tag) {
    boolean letter = false;
    for (int i = 0; i < tag.length() && !letter; i++) {
      letter = Character.isLetter(tag.charAt(i));
    }
    return !letter || NOISE_TAGS.contains(tag) || NOISE_PATTERN.matcher(tag).matches();
  }

  @Override
  public ImportSummary importInto(Store store, ImportOptions options) {
    if (!Files.isRegularFile(dir.resolve("books.csv"))) {
      throw new ImportException(dir + ": not a goodbooks folder; expected books.csv");
    }
    return ImportRun.execute(store, options, "goodbooks " + dir, this::run);
  }

  private void run(ImportRun run) {
    Map<String, List<String>> tagsByGoodreadsId = readTags(run);
    int[] col = new int[11];
    run.eachCsv(TextFile.open(dir.resolve("books.csv"), StandardCharsets.UTF_8), ',', h -> {
      Columns c = new Columns("books.csv", h);
      col[0] = c.require("book_id");
      col[1] = c.require("title");
      col[2] = c.find("authors");
      col[3] = c.find("original_publication_year");
      col[4] = c.find("original_title");
      col[5] = c.find("language_code");
      col[6] = c.find("average_rating");
      col[7] = c.find("ratings_count");
      col[8] = c.find("isbn");
      col[9] = c.find("goodreads_book_id");
      col[10] = c.find("image_url");
    }, row -> {
      String id = row.id(col[0], "book_id");
      String authors = row.text(col[2]).trim();
      Map<String, Attribute> attrs = new LinkedHashMap<>();
      if (!authors.isEmpty()) {
        attrs.put("authors", Attribute.of(authors));
      }
      long created = 0;
      if (!row.text(col[3]).isBlank()) {
        double y = row.number(col[3], "original_publication_year");
        if (y != Math.rint(y) || y < -9999 || y > 9999) {
          throw row.bad("original_publication_year", row.text(col[3]).trim(), "a whole year in [-9999, 9999]");
        }
        int year = (int) y;
        attrs.put("year", Attribute.of(year));
        created = LocalDate.of(year, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
      }
      text(attrs, "original_title", row.text(col[4]));
      text(attrs, "language_code", row.text(col[5]));
      if (!row.text(col[6]).isBlank()) {
        attrs.put("average_rating", Attribute.of(row.number(col[6], "average_rating")));
      }
      if (!row.text(col[7]).isBlank()) {
        attrs.put("ratings_count", Attribute.of(row.number(col[7], "ratings_count")));
      }
      text(attrs, "isbn", row.text(col[8]));
      String gr = row.text(col[9]).trim();
      text(attrs, "goodreads_book_id", gr);
      text(attrs, "image_url", row.text(col[10]));
      List<String> tags = tagsByGoodreadsId.getOrDefault(gr, List.of());
      run.item(new Item(id, row.text(col[1]).trim(), authors.isEmpty() ? "" : "by " + authors, List.of(), tags, attrs,
          created, true));
    });
    List<Path> ratings = ratingFiles();
    if (!ratings.isEmpty()) {
      run.requireType(FeedbackWeights.RATING, "goodbooks");
    }
    for (Path p : ratings) {
      String name = p.getFileName().toString();
      int[] rc = new int[3];
      run.eachCsv(TextFile.open(p, StandardCharsets.UTF_8), ',', h -> {
        Columns c = new Columns(name, h);
        rc[0] = c.require("user_id");
        rc[1] = c.require("book_id");
        rc[2] = c.require("rating");
      }, row -> run.feedback(row, row.id(rc[0], "user_id"), row.id(rc[1], "book_id"), FeedbackWeights.RATING,
          row.number(rc[2], "rating"), 0));
    }
  }

  private static void text(Map<String, Attribute> attrs, String name, String value) {
    String v = value.trim();
    if (!v.isEmpty()) {
      attrs.put(name, Attribute.of(v));
    }
  }

  private List<Path> ratingFiles() {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "ratings*.{csv,csv.gz,csv.xz}")) {
      ds.forEach(out::add);
    } catch (IOException e) {
      throw new ImportException(dir + ": cannot list: " + e.getMessage(), e);
    }
    Collections.sort(out);
    return out;
  }

  private Map<String, List<String>> readTags(ImportRun run) {
    Path tagsFile = dir.resolve("tags.csv");
    Path bookTags = dir.resolve("book_tags.csv");
    if (!Files.exists(tagsFile) || !Files.exists(bookTags)) {
      return Map.of();
    }
    Map<String, String> names = new HashMap<>();
    int[] tc = new int[2];
    run.eachCsv(TextFile.open(tagsFile, StandardCharsets.UTF_8), ',', h -> {
      Columns c = new Columns("tags.csv", h);
      tc[0] = c.require("tag_id");
      tc[1] = c.require("tag_name");
    }, row -> {
      String name = row.text(tc[1]).trim().toLowerCase(Locale.ROOT);
      if (!isNoise(name) && name.codePointCount(0, name.length()) <= Limits.MAX_LABEL) {
        names.put(row.id(tc[0], "tag_id"), name);
      }
    });
    // per book: the MAX_TAGS best (name, count) pairs, kept sorted by count desc, then name
    Map<String, TopTags> top = new HashMap<>();
    int[] bc = new int[3];
    run.eachCsv(TextFile.open(bookTags, StandardCharsets.UTF_8), ',', h -> {
      Columns c = new Columns("book_tags.csv", h);
      bc[0] = c.require("goodreads_book_id");
      bc[1] = c.require("tag_id");
      bc[2] = c.require("count");
    }, row -> {
      String name = names.get(row.text(bc[1]).trim());
      if (name == null) {
        return;
      }
      long count = row.integer(bc[2], "count");
      if (count > 0) {
        top.computeIfAbsent(row.id(bc[0], "goodreads_book_id"), k -> new TopTags()).offer(name, count);
      }
    });
    Map<String, List<String>> out = new HashMap<>();
    top.forEach((k, v) -> out.put(k, v.names()));
    return out;
  }

  /** A bounded list of the most-counted tags, duplicates merged by keeping the larger count. */
  private static final class TopTags {
    private final String[] names = new String[MAX_TAGS];
    private final long[] counts = new long[MAX_TAGS];
    private int n;

    void offer(String name, long count) {
      for (int i = 0; i < n; i++) {
        if (names[i].equals(name)) {
          if (count <= counts[i]) {
            return;
          }
          System.arraycopy(names, i + 1, names, i, n - i - 1);
          System.arraycopy(counts, i + 1, counts, i, n - i - 1);
          n--;
          break;
        }
      }
      int pos = n;
      while (pos > 0 && (counts[pos - 1] < count || counts[pos - 1] == count && names[pos - 1].compareTo(name) > 0)) {
        pos--;
      }
      if (pos >= MAX_TAGS) {
        return;
      }
      int keep = Math.min(n, MAX_TAGS - 1);
      System.arraycopy(names, pos, names, pos + 1, keep - pos);
      System.arraycopy(counts, pos, counts, pos + 1, keep - pos);
      names[pos] = name;
      counts[pos] = count;
      n = keep + 1;
    }

    List<String> names() {
      return List.of(Arrays.copyOf(names, n));
    }
  }
}

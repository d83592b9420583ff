package dev.tandem.store.imports;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.Limits;
import dev.tandem.core.data.User;
import dev.tandem.store.Store;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports a MovieLens folder. The release is detected from the files present:
 *
 * <ul>
 *   <li><b>100K</b> ({@code u.data}): ratings from {@code u.data} (tab-separated
 *       user, item, rating, timestamp); items from {@code u.item} ({@code |}-separated,
 *       ISO-8859-1; the genre flags become categories, named by {@code u.genre}; the release
 *       date gives {@code created_at} and attribute {@code year}; {@code imdb_url}); users from
 *       {@code u.user} (attributes {@code age}, {@code gender}, {@code occupation}, {@code zip}).
 *   <li><b>1M</b> ({@code movies.dat} or {@code ratings*.dat[.gz]}): every
 *       {@code ratings*.dat} / {@code ratings*.dat.gz} file in name order ({@code ::}-separated
 *       user, item, rating, timestamp); items from {@code movies.dat} (ISO-8859-1,
 *       {@code id::Title (Year)::Genre|Genre}); users from {@code users.dat} (gender, age code,
 *       occupation name, zip). If {@code movies_extrainfos.dat} (UTF-8) exists, its plot becomes
 *       the description and {@code rated}, {@code director}, {@code writers}, {@code actors}
 *       become attributes; its release date gives {@code created_at}.
 *   <li><b>20M/25M/32M</b> ({@code ratings.csv} / {@code movies.csv}, UTF-8, with header):
 *       {@code ratings.csv} (userId, movieId, rating, timestamp), {@code movies.csv} (movieId,
 *       title, genres) and, if present, {@code tags.csv} (userId, movieId, tag, timestamp): each
 *       movie's {@value #MAX_TAGS} most frequent tags (lower-cased) become item tags.
 * </ul>
 *
 * <p>Every rating is feedback of type {@code rating}, value = the rating (in the configured range),
 * with its timestamp. Lines of the {@code ::}, tab and {@code |} formats must have exactly the
 * format's fields, CSV rows as many cells as the header; anything else is a bad row. Tags longer
 * than {@value Limits#MAX_LABEL} characters are not counted.
 * Items get {@code year} from the title's "(YYYY)" where no date is given, and {@code created_at}
 * = 1 January of that year (UTC).
 */
public final class MovieLensImporter implements Importer {
  static final int MAX_TAGS = 20;
  private static final Pattern YEAR = Pattern.compile("\\((\\d{4})\\)\\s*$");
  private static final Charset LATIN1 = StandardCharsets.ISO_8859_1;
  private static final DateTimeFormatter DMY = DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter RELEASED = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
  private static final List<String> GENRES_100K = List.of("unknown", "Action", "Adventure", "Animation", "Children's",
      "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance",
      "Sci-Fi", "Thriller", "War", "Western");
  private static final List<String> OCCUPATIONS_1M = List.of("other", "academic/educator", "artist", "clerical/admin",
      "college/grad student", "customer service", "doctor/health care", "executive/managerial", "farmer", "homemaker",
      "K-12 student", "lawyer", "programmer", "retired", "sales/marketing", "scientist", "self-employed",
      "technician/engineer", "tradesman/craftsman", "unemployed", "writer");

  private final Path dir;

  /** An importer for the MovieLens folder {@code dir}. */
  public MovieLensImporter(Path dir) {
    this.dir = dir;
  }

  @Override
  public ImportSummary importInto(Store store, ImportOptions options) {
    if (!Files.isDirectory(dir)) {
      throw new ImportException(dir + ": not a directory; expected a MovieLens folder");
    }
    if (Files.exists(dir.resolve("u.data"))) {
      return ImportRun.execute(store, options, "movielens-100k " + dir, this::import100k);
    }
    List<Path> datRatings = matching("ratings", ".dat", ".dat.gz");
    if (Files.exists(dir.resolve("movies.dat")) || !datRatings.isEmpty()) {
      return ImportRun.execute(store, options, "movielens-1m " + dir, run -> import1m(run, datRatings));
    }
    if (Files.exists(dir.resolve("ratings.csv")) || Files.exists(dir.resolve("movies.csv"))) {
      return ImportRun.execute(store, options, "movielens-csv " + dir, this::importCsv);
    }
    throw new ImportException(dir + ": not a MovieLens folder; expected u.data (100K), movies.dat / ratings.dat[.gz]"
        + " (1M) or movies.csv / ratings.csv (20M, 25M, 32M)");
  }

  private List<Path> matching(String prefix, String... suffixes) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        for (String s : suffixes) {
          if (n.startsWith(prefix) && n.endsWith(s) && Files.isRegularFile(p)) {
            out.add(p);
            break;
          }
        }
      }
    } catch (IOException e) {
      throw new ImportException(dir + ": cannot list: " + e.getMessage(), e);
    }
    Collections.sort(out);
    return out;
  }

  // ---- 100K ----

  private void import100k(ImportRun run) {
    run.requireType(FeedbackWeights.RATING, "movielens");
    List<String> genres = new ArrayList<>();
    Path genreFile = dir.resolve("u.genre");
    if (Files.exists(genreFile)) {
      Map<Integer, String> byIndex = new HashMap<>();
      run.eachLine(TextFile.open(genreFile, LATIN1), "|", row -> {
        row.requireFields(2, "name|index");
        byIndex.put((int) row.integer(1, "index"), row.text(0));
      });
      for (int i = 0; i < byIndex.size(); i++) {
        genres.add(byIndex.getOrDefault(i, "genre" + i));
      }
    } else {
      genres.addAll(GENRES_100K);
    }
    Path items = dir.resolve("u.item");
    if (Files.exists(items)) {
      int n = 5 + genres.size();
      run.eachLine(TextFile.open(items, LATIN1), "|", row -> {
        row.requireFields(n, "id|title|release date|video release date|IMDb URL|" + genres.size() + " genre flags");
        String id = row.id(0, "movie id");
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        long created = 0;
        String date = row.text(2).trim();
        if (!date.isEmpty()) {
          try {
            LocalDate d = LocalDate.parse(date, DMY);
            created = d.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            attrs.put("year", Attribute.of(d.getYear()));
          } catch (DateTimeParseException e) {
            throw row.bad("release date", date, "a date like 01-Jan-1995");
          }
        }
        if (!row.text(4).isBlank()) {
          attrs.put("imdb_url", Attribute.of(row.text(4).trim()));
        }
        List<String> cats = new ArrayList<>();
        for (int g = 0; g < genres.size(); g++) {
          String flag = row.text(5 + g).trim();
          if (flag.equals("1")) {
            cats.add(genres.get(g));
          } else if (!flag.equals("0")) {
            throw row.bad("genre flag " + genres.get(g), flag, "0 or 1");
          }
        }
        run.item(new Item(id, row.text(1), "", cats, List.of(), attrs, created, true));
      });
    }
    Path users = dir.resolve("u.user");
    if (Files.exists(users)) {
      run.eachLine(TextFile.open(users, LATIN1), "|", row -> {
        row.requireFields(5, "id|age|gender|occupation|zip");
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        attrs.put("age", Attribute.of(row.integer(1, "age")));
        attrs.put("gender", Attribute.of(row.text(2)));
        attrs.put("occupation", Attribute.of(row.text(3)));
        attrs.put("zip", Attribute.of(row.text(4)));
        run.user(new User(row.id(0, "user id"), attrs, ""));
      });
    }
    run.eachLine(TextFile.open(dir.resolve("u.data"), LATIN1), "\t", row -> rating(run, row,
        "user\\titem\\trating\\ttimestamp"));
  }

  private static void rating(ImportRun run, Row row, String layout) {
    row.requireFields(4, layout);
    String user = row.id(0, "user");
    String item = row.id(1, "item");
    double rating = row.number(2, "rating");
    long ts = row.epochSeconds(3, "timestamp");
    run.feedback(row, user, item, FeedbackWeights.RATING, rating, ts);
  }

  // ---- 1M ----

  private void import1m(ImportRun run, List<Path> ratingFiles) {
    run.requireType(FeedbackWeights.RATING, "movielens");
    Map<String, List<String>> extra = new HashMap<>();
    Path extraFile = dir.resolve("movies_extrainfos.dat");
    if (Files.exists(extraFile)) {
      run.eachLine(TextFile.open(extraFile, StandardCharsets.UTF_8), "::", row -> {
        row.requireFields(11, "MovieID::Title::Year::Rated::Released::Genre(s)::Director::Writer(s)::Actors::Plot"
            + "::PosterURL");
        extra.put(row.id(0, "MovieID"), List.copyOf(row.values));
      });
    }
    Path movies = dir.resolve("movies.dat");
    if (Files.exists(movies)) {
      run.eachLine(TextFile.open(movies, LATIN1), "::", row -> {
        row.requireFields(3, "MovieID::Title::Genres");
        String id = row.id(0, "MovieID");
        String title = row.text(1);
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        long created = yearOf(title, attrs);
        List<String> cats = genres(row.text(2));
        String description = "";
        List<String> x = extra.get(id);
        if (x != null) {
          description = known(x.get(9));
          putText(attrs, "rated", x.get(3));
          putText(attrs, "director", x.get(6));
          putText(attrs, "writers", x.get(7));
          putText(attrs, "actors", x.get(8));
          String released = known(x.get(4));
          if (!released.isEmpty()) {
            try {
              long t = LocalDate.parse(released, RELEASED).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
              if (t >= Limits.MIN_CREATED_AT && t <= Limits.MAX_TIMESTAMP) {
                created = t;
              }
            } catch (DateTimeParseException e) {
              // keep the year-based date: the extra file is third-party and optional
            }
          }
        }
        run.item(new Item(id, title, description, cats, List.of(), attrs, created, true));
      });
    }
    Path users = dir.resolve("users.dat");
    if (Files.exists(users)) {
      run.eachLine(TextFile.open(users, LATIN1), "::", row -> {
        row.requireFields(5, "UserID::Gender::Age::Occupation::Zip-code");
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        attrs.put("gender", Attribute.of(row.text(1)));
        attrs.put("age", Attribute.of(row.integer(2, "Age")));
        long occ = row.integer(3, "Occupation");
        attrs.put("occupation", Attribute.of(occ >= 0 && occ < OCCUPATIONS_1M.size()
            ? OCCUPATIONS_1M.get((int) occ) : Long.toString(occ)));
        attrs.put("zip", Attribute.of(row.text(4)));
        run.user(new User(row.id(0, "UserID"), attrs, ""));
      });
    }
    for (Path p : ratingFiles) {
      run.eachLine(TextFile.open(p, LATIN1), "::", row -> rating(run, row, "UserID::MovieID::Rating::Timestamp"));
    }
  }

  private static String known(String v) {
    String t = v.trim();
    return t.equals("N/A") ? "" : t;
  }

  private static void putText(Map<String, Attribute> attrs, String name, String value) {
    String v = known(value);
    if (!v.isEmpty()) {
      attrs.put(name, Attribute.of(v));
    }
  }

  // ---- 20M / 25M / 32M ----

  private void importCsv(ImportRun run) {
    run.requireType(FeedbackWeights.RATING, "movielens");
    Map<String, Map<String, Integer>> tagCounts = new HashMap<>();
    Path tags = dir.resolve("tags.csv");
    if (Files.exists(tags)) {
      int[] col = new int[2];
      run.eachCsv(TextFile.open(tags, StandardCharsets.UTF_8), ',', h -> {
        Columns c = new Columns("tags.csv", h);
        col[0] = c.require("movieid");
        col[1] = c.require("tag");
      }, row -> {
        String tag = row.text(col[1]).trim().toLowerCase(Locale.ROOT);
        if (!tag.isEmpty() && tag.codePointCount(0, tag.length()) <= Limits.MAX_LABEL) { // longer user tags are notes, not labels
          tagCounts.computeIfAbsent(row.id(col[0], "movieId"), k -> new HashMap<>()).merge(tag, 1, Integer::sum);
        }
      });
    }
    Path movies = dir.resolve("movies.csv");
    if (Files.exists(movies)) {
      int[] col = new int[3];
      run.eachCsv(TextFile.open(movies, StandardCharsets.UTF_8), ',', h -> {
        Columns c = new Columns("movies.csv", h);
        col[0] = c.require("movieid");
        col[1] = c.require("title");
        col[2] = c.find("genres");
      }, row -> {
        String id = row.id(col[0], "movieId");
        String title = row.text(col[1]).trim();
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        long created = yearOf(title, attrs);
        List<String> cats = genres(row.text(col[2]));
        run.item(new Item(id, title, "", cats, topTags(tagCounts.get(id)), attrs, created, true));
      });
    }
    Path ratings = dir.resolve("ratings.csv");
    if (Files.exists(ratings)) {
      int[] col = new int[4];
      run.eachCsv(TextFile.open(ratings, StandardCharsets.UTF_8), ',', h -> {
        Columns c = new Columns("ratings.csv", h);
        col[0] = c.require("userid");
        col[1] = c.require("movieid");
        col[2] = c.require("rating");
        col[3] = c.find("timestamp");
      }, row -> run.feedback(row, row.id(col[0], "userId"), row.id(col[1], "movieId"), FeedbackWeights.RATING,
          row.number(col[2], "rating"), col[3] < 0 ? 0 : row.epochSeconds(col[3], "timestamp")));
    }
  }

  private static List<String> topTags(Map<String, Integer> counts) {
    if (counts == null) {
      return List.of();
    }
    List<Map.Entry<String, Integer>> e = new ArrayList<>(counts.entrySet());
    e.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey()) : b.getValue() - a.getValue());
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(MAX_TAGS, e.size()); i++) {
      out.add(e.get(i).getKey());
    }
    return out;
  }

  /**
   * The release year in a MovieLens title ("Heat (1995)"): put as attribute {@code year}, and
   * returned as 1 January of that year in epoch seconds (0 when the title has none).
   */
  private static long yearOf(String title, Map<String, Attribute> attrs) {
    Matcher m = YEAR.matcher(title);
    if (!m.find()) {
      return 0;
    }
    int year = Integer.parseInt(m.group(1));
    attrs.put("year", Attribute.of(year));
    return LocalDate.of(year, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
  }

  /** MovieLens genres ("Action|Drama"), blank entries and "(no genres listed)" left out. */
  private static List<String> genres(String field) {
    List<String> cats = new ArrayList<>();
    for (String g : field.split("\\|")) {
      if (!g.isBlank() && !g.trim().equals("(no genres listed)")) {
        cats.add(g.trim());
      }
    }
    return cats;
  }
}

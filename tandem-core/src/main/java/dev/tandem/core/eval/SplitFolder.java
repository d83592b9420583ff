package dev.tandem.core.eval;

import dev.tandem.core.data.Quote;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes split folders in refrec.py's format, so Tandem and the reference script can
 * score each other's splits.
 *
 * <p>A folder holds {@code train.csv}, {@code test_history.csv} and {@code test_target.csv} with
 * header {@code user,item} and external ids, one row per line in split order; {@code cold_items.csv}
 * (header {@code item}, ascending) for {@code cold-items}; and {@code meta.json}, a flat JSON
 * object ({@code protocol}, {@code seed}, {@code source}, {@code min_rating},
 * {@code min_user_positives}, {@code train_interactions}, {@code test_users}, {@code test_history},
 * {@code test_targets}, plus protocol-specific fields). Splits with ratings (the {@code ratings}
 * protocol) add a third column: header {@code user,item,rating}, the rating written as Java's
 * {@link Double#toString} or, when whole, as an integer. Ids must not contain commas or line
 * breaks (the format has no quoting).
 *
 * <p>Reading accepts refrec.py's folders as they are. Thread-safe (stateless).
 */
public final class SplitFolder {
  /** Training rows. */
  public static final String TRAIN = "train.csv";
  /** Test users' fold-in rows. */
  public static final String HISTORY = "test_history.csv";
  /** Test users' held-out rows. */
  public static final String TARGET = "test_target.csv";
  /** The held-out items of cold-items. */
  public static final String COLD = "cold_items.csv";
  /** Meta data. */
  public static final String META = "meta.json";

  private SplitFolder() {}

  /**
   * Writes {@code split} into {@code dir} (created when needed; existing split files replaced).
   * The same split gives the same bytes.
   *
   * @throws IllegalArgumentException if an id contains a comma or a line break
   */
  public static void write(SplitData split, Path dir) {
    try {
      Files.createDirectories(dir);
      writePairs(dir.resolve(TRAIN), split.train(), split.rated());
      writePairs(dir.resolve(HISTORY), split.history(), split.rated());
      writePairs(dir.resolve(TARGET), split.target(), split.rated());
      Path cold = dir.resolve(COLD);
      if (split.hasColdItems()) {
        try (BufferedWriter w = Files.newBufferedWriter(cold, StandardCharsets.UTF_8)) {
          w.write("item\n");
          for (String item : split.coldItems()) {
            w.write(checkId(item, "cold item"));
            w.write('\n');
          }
        }
      } else {
        Files.deleteIfExists(cold);
      }
      Files.writeString(dir.resolve(META), FlatJson.write(split.meta()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write split folder " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the split folder {@code dir}. meta.json is optional; {@code protocol} defaults to
   * "unknown" and {@code seed} to 0 when absent. Ratings are read when the files have a third
   * column.
   *
   * @throws IllegalArgumentException naming the file, the line and the rule for malformed input
   */
  public static SplitData read(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("split folder (" + dir + ") must be a directory with " + TRAIN + ", "
            + HISTORY + " and " + TARGET);
      }
      boolean[] rated = new boolean[1];
      Pairs train = readPairs(dir.resolve(TRAIN), rated);
      Pairs hist = readPairs(dir.resolve(HISTORY), rated);
      Pairs tgt = readPairs(dir.resolve(TARGET), rated);
      List<String> cold = new ArrayList<>();
      Path coldFile = dir.resolve(COLD);
      if (Files.exists(coldFile)) {
        try (BufferedReader r = Files.newBufferedReader(coldFile, StandardCharsets.UTF_8)) {
          r.readLine();
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            if (!line.isBlank()) {
              cold.add(line.strip());
            }
          }
        }
        cold.sort(null);
      }
      Map<String, String> meta = Map.of();
      Path metaFile = dir.resolve(META);
      if (Files.exists(metaFile)) {
        try {
          meta = FlatJson.parse(Files.readString(metaFile, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(metaFile + ": " + e.getMessage(), e);
        }
      }
      String protocol = FlatJson.unquote(meta.getOrDefault("protocol", "\"unknown\""));
      long seed = 0;
      if (meta.containsKey("seed")) {
        try {
          seed = Long.parseLong(meta.get("seed"));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(metaFile + ": seed (" + meta.get("seed") + ") must be a whole number");
        }
      }
      return new SplitData(protocol, seed, rated[0], train, hist, tgt, cold, meta);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read split folder " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String checkId(String id, String what) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == ',' || c == '\n' || c == '\r') {
        throw new IllegalArgumentException(what + " id (" + Quote.of(id) + ") must not contain a comma or line break"
            + " (split files have no quoting)");
      }
    }
    return id;
  }

  private static void writePairs(Path file, Pairs pairs, boolean rated) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(rated ? "user,item,rating\n" : "user,item\n");
      for (int i = 0; i < pairs.size(); i++) {
        w.write(checkId(pairs.user(i), "user"));
        w.write(',');
        w.write(checkId(pairs.item(i), "item"));
        if (rated) {
          w.write(',');
          w.write(ratingText(pairs.rating(i)));
        }
        w.write('\n');
      }
    }
  }

  static String ratingText(double r) {
    if (r == Math.rint(r) && Math.abs(r) < 1e15) {
      return Long.toString((long) r);
    }
    return Double.toString(r);
  }

  private static Pairs readPairs(Path file, boolean[] rated) throws IOException {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("split file (" + file + ") is missing");
    }
    Pairs.Builder b = new Pairs.Builder();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null) {
        throw new IllegalArgumentException(file + ": header must be 'user,item' or 'user,item,rating', but the file is empty");
      }
      String h = header.strip();
      boolean withRating;
      if (h.equals("user,item")) {
        withRating = false;
      } else if (h.equals("user,item,rating")) {
        withRating = true;
        rated[0] = true;
      } else {
        throw new IllegalArgumentException(file + ": header (" + h + ") must be 'user,item' or 'user,item,rating'");
      }
      int lineNo = 1;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        int c1 = line.indexOf(',');
        int c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
        if (c1 <= 0 || (withRating ? c2 < 0 : c2 >= 0)) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": line (" + line + ") must have "
              + (withRating ? "3 fields user,item,rating" : "2 fields user,item"));
        }
        String user = line.substring(0, c1);
        String item = (withRating ? line.substring(c1 + 1, c2) : line.substring(c1 + 1)).strip();
        double rating = 1;
        if (withRating) {
          String v = line.substring(c2 + 1).strip();
          try {
            rating = Double.parseDouble(v);
          } catch (NumberFormatException e) {
            rating = Double.NaN;
          }
          if (!Double.isFinite(rating)) {
            throw new IllegalArgumentException(file + ":" + lineNo + ": rating (" + v + ") must be a finite number");
          }
        }
        if (item.isEmpty()) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": item must be non-empty");
        }
        b.add(user, item, rating);
      }
    }
    return b.build();
  }
}

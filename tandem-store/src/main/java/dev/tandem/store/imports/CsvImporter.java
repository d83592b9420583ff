package dev.tandem.store.imports;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Ids;
import dev.tandem.core.data.Limits;
import dev.tandem.core.data.Quote;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.User;
import dev.tandem.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports generic CSV files (UTF-8, comma-separated, RFC 4180 quoting, header row required,
 * column names case-insensitive, LF or CRLF).
 *
 * <p><b>Items</b>: {@code id} (required), {@code title}, {@code description}, {@code categories}
 * and {@code tags} ({@code |}-separated), {@code created_at} (epoch seconds or ISO-8601 date /
 * date-time, UTC when no offset), {@code available} (true/false/1/0, default true). Every other
 * column becomes an attribute: a number if the value parses as one (except values with a leading
 * zero such as zip codes "02139", kept as text), else text; empty values are omitted.
 *
 * <p><b>Users</b>: {@code id} (required), {@code profile}; other columns become attributes as for
 * items.
 *
 * <p><b>Feedback</b>: {@code user} and {@code item} (required; also {@code user_id} /
 * {@code item_id}), then optional {@code type}, {@code value}, {@code rating} and
 * {@code timestamp} ({@code ts}; epoch seconds or ISO-8601; 0 when the column is absent or the cell
 * empty). An event's type is the
 * {@code type} column if present and non-empty, else {@code rating} when a {@code rating}
 * column exists, else {@code click}. Its value is the {@code value} column if present and
 * non-empty, else the {@code rating} column, else 1. A type that is not configured in the
 * feedback weights is a bad row. A file with only {@code user,item} (e.g. a split file) is
 * therefore a list of clicks.
 *
 * <p>Every row must have as many cells as the header (a row with more or fewer is a bad row, never
 * trimmed or padded). Ids follow the id policy ({@link Ids}; spaces and tabs around a cell's id are
 * dropped), text fields the {@link Limits}, values their type's range, timestamps [0, year 9999].
 */
public final class CsvImporter implements Importer {
  private final TableFiles files;

  /** An importer for the given files. */
  public CsvImporter(TableFiles files) {
    this.files = files;
  }

  @Override
  public ImportSummary importInto(Store store, ImportOptions options) {
    return ImportRun.execute(store, options, "csv " + files, run -> {
      for (Path p : files.items()) {
        items(run, p);
      }
      for (Path p : files.users()) {
        users(run, p);
      }
      for (Path p : files.feedback()) {
        feedback(run, p);
      }
    });
  }

  private static final class Layout {
    int id = -1;
    int title = -1;
    int description = -1;
    int categories = -1;
    int tags = -1;
    int createdAt = -1;
    int available = -1;
    int profile = -1;
    final List<Integer> attrColumns = new ArrayList<>();
    List<String> names;
  }

  private static void items(ImportRun run, Path p) {
    String name = p.getFileName().toString();
    Layout l = new Layout();
    run.eachCsv(TextFile.open(p, StandardCharsets.UTF_8), ',', h -> {
      Columns c = new Columns(name, h);
      l.names = h;
      l.id = c.require("id", "item_id", "item");
      l.title = c.find("title");
      l.description = c.find("description");
      l.categories = c.find("categories");
      l.tags = c.find("tags");
      l.createdAt = c.find("created_at");
      l.available = c.find("available");
      for (int i = 0; i < h.size(); i++) {
        if (i != l.id && i != l.title && i != l.description && i != l.categories && i != l.tags && i != l.createdAt
            && i != l.available) {
          l.attrColumns.add(i);
        }
      }
      attributeColumns(name, l);
    }, row -> run.item(new Item(row.id(l.id, l.names.get(l.id)), row.text(l.title), row.text(l.description),
        split(row.text(l.categories)), split(row.text(l.tags)), attributes(row, l),
        row.createdAt(l.createdAt, "created_at"), row.bool(l.available, "available", true))));
  }

  private static void users(ImportRun run, Path p) {
    String name = p.getFileName().toString();
    Layout l = new Layout();
    run.eachCsv(TextFile.open(p, StandardCharsets.UTF_8), ',', h -> {
      Columns c = new Columns(name, h);
      l.names = h;
      l.id = c.require("id", "user_id", "user");
      l.profile = c.find("profile");
      for (int i = 0; i < h.size(); i++) {
        if (i != l.id && i != l.profile) {
          l.attrColumns.add(i);
        }
      }
      attributeColumns(name, l);
    }, row -> run.user(new User(row.id(l.id, l.names.get(l.id)), attributes(row, l), row.text(l.profile))));
  }

  private static void feedback(ImportRun run, Path p) {
    String name = p.getFileName().toString();
    int[] c = new int[6];
    run.eachCsv(TextFile.open(p, StandardCharsets.UTF_8), ',', h -> {
      Columns cols = new Columns(name, h);
      c[0] = cols.require("user", "user_id", "userid");
      c[1] = cols.require("item", "item_id", "itemid");
      c[2] = cols.find("type");
      c[3] = cols.find("value");
      c[4] = cols.find("rating");
      c[5] = cols.find("timestamp", "ts");
    }, row -> {
      String user = row.id(c[0], "user");
      String item = row.id(c[1], "item");
      String type = FeedbackColumns.type(row.text(c[2]), c[4] >= 0);
      double value;
      if (c[3] >= 0 && !row.text(c[3]).isBlank()) {
        value = row.number(c[3], "value");
      } else if (c[4] >= 0) {
        value = row.number(c[4], "rating");
      } else {
        value = 1;
      }
      run.feedback(row, user, item, type, value, row.time(c[5], "timestamp"));
    });
  }

  /**
   * Fails the import unless the attribute columns are at most {@value Limits#MAX_ATTRIBUTES} and
   * their names are valid attribute names ({@link Limits#attributes}).
   */
  private static void attributeColumns(String file, Layout l) {
    if (l.attrColumns.size() > Limits.MAX_ATTRIBUTES) {
      throw new ImportException(file + " line 1: header has " + l.attrColumns.size() + " attribute columns; at most "
          + Limits.MAX_ATTRIBUTES + " are allowed");
    }
    for (int i : l.attrColumns) {
      String problem = Ids.problem(l.names.get(i), Limits.MAX_ATTRIBUTE_NAME);
      if (problem != null) {
        throw new ImportException(file + " line 1: column " + (i + 1) + " (" + Quote.of(l.names.get(i))
            + ") would be an attribute name, but it " + problem + "; an attribute name is 1.."
            + Limits.MAX_ATTRIBUTE_NAME + " characters under the id rules");
      }
    }
  }

  static List<String> split(String s) {
    if (s.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String part : s.split("\\|")) {
      String t = part.trim();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  private static Map<String, Attribute> attributes(Row row, Layout l) {
    Map<String, Attribute> out = new LinkedHashMap<>();
    for (int i : l.attrColumns) {
      String v = row.text(i).trim();
      if (!v.isEmpty()) {
        out.put(l.names.get(i), attribute(v));
      }
    }
    return out;
  }

  /** A number if {@code v} parses as a finite one without a leading zero, else text. */
  static Attribute attribute(String v) {
    char c = v.charAt(0);
    boolean numeric = Character.isDigit(c) || c == '-' || c == '+' || c == '.';
    boolean leadingZero = v.length() > 1 && c == '0' && Character.isDigit(v.charAt(1));
    if (numeric && !leadingZero) {
      try {
        double d = Double.parseDouble(v);
        if (Double.isFinite(d)) {
          return Attribute.of(d);
        }
      } catch (NumberFormatException e) {
        // text
      }
    }
    return Attribute.of(v);
  }
}

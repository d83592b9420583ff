package dev.tandem.store.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.User;
import dev.tandem.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports JSON Lines files (UTF-8, one JSON object per line; blank lines skipped), with the
 * fields of the {@link CsvImporter} schema.
 *
 * <p><b>Items</b>: {@code id} (string or number, required), {@code title}, {@code description},
 * {@code categories} and {@code tags} (arrays of strings), {@code created_at} (epoch seconds or
 * ISO-8601 string), {@code available} (boolean, default true), {@code attributes} (object of
 * strings and numbers); any other top-level string or number field is an attribute too.
 * <b>Users</b>: {@code id}, {@code profile}, {@code attributes} (plus other fields as attributes).
 * <b>Feedback</b>: {@code user}, {@code item}, {@code type}, {@code value}, {@code rating},
 * {@code timestamp}, with the CSV rule for type and value (type, else "rating" if a rating is
 * given, else "click"; value, else rating, else 1).
 *
 * <p>Ids are taken exactly as written (a JSON string is not trimmed) and must follow the id policy
 * ({@link dev.tandem.core.data.Ids}); text fields the {@link dev.tandem.core.data.Limits}, values
 * their type's range, timestamps [0, year 9999], {@code created_at} years -9999 to 9999.
 */
public final class JsonlImporter implements Importer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ITEM_FIELDS = Set.of("id", "title", "description", "categories", "tags",
      "created_at", "available", "attributes");
  private static final Set<String> USER_FIELDS = Set.of("id", "profile", "attributes");

  private final TableFiles files;

  /** An importer for the given files. */
  public JsonlImporter(TableFiles files) {
    this.files = files;
  }

  @Override
  public ImportSummary importInto(Store store, ImportOptions options) {
    return ImportRun.execute(store, options, "jsonl " + files, run -> {
      for (Path p : files.items()) {
        each(run, p, (row, o) -> run.item(new Item(id(row, o, "id"), text(row, o, "title"), text(row, o, "description"),
            strings(row, o, "categories"), strings(row, o, "tags"), attributes(row, o, ITEM_FIELDS),
            createdAt(row, o, "created_at"), bool(row, o, "available"))));
      }
      for (Path p : files.users()) {
        each(run, p, (row, o) -> run.user(new User(id(row, o, "id"), attributes(row, o, USER_FIELDS),
            text(row, o, "profile"))));
      }
      for (Path p : files.feedback()) {
        each(run, p, (row, o) -> {
          String user = id(row, o, "user");
          String item = id(row, o, "item");
          JsonNode rating = o.get("rating");
          boolean hasRating = rating != null && !rating.isNull();
          String type = FeedbackColumns.type(text(row, o, "type"), hasRating);
          JsonNode v = o.get("value");
          double value = v != null && !v.isNull() ? number(row, v, "value") : hasRating ? number(row, rating, "rating") : 1;
          run.feedback(row, user, item, type, value, time(row, o, "timestamp"));
        });
      }
    });
  }

  private interface ObjectHandler {
    void accept(Row row, JsonNode object);
  }

  private static void each(ImportRun run, Path p, ObjectHandler h) {
    run.eachLine(TextFile.open(p, StandardCharsets.UTF_8), "\n", row -> {
      JsonNode o;
      try {
        o = JSON.readTree(row.text(0));
      } catch (JsonProcessingException e) {
        String why = e.getOriginalMessage();
        throw row.bad("malformed JSON: " + (why.length() <= 300 ? why : why.substring(0, 300) + "…"));
      }
      if (o == null || !o.isObject()) {
        throw row.bad("expected a JSON object, found " + (o == null ? "nothing" : o.getNodeType()));
      }
      h.accept(row, o);
    });
  }

  private static String id(Row row, JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      throw row.bad("field " + field + " is missing; expected a non-empty id");
    }
    if (!n.isTextual() && !n.isIntegralNumber()) {
      throw row.bad(field, n.toString(), "a string or whole-number id");
    }
    return Row.id(n.asText(), field, row); // exactly as given: a JSON string is not padded
  }

  private static String text(Row row, JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return "";
    }
    if (!n.isValueNode()) {
      throw row.bad(field, n.toString(), "a string");
    }
    return n.asText();
  }

  private static double number(Row row, JsonNode n, String field) {
    if (n.isNumber() && Double.isFinite(n.doubleValue())) {
      return n.doubleValue();
    }
    if (n.isTextual()) {
      try {
        double d = Double.parseDouble(n.asText().trim());
        if (Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw row.bad(field, n.isTextual() ? n.asText() : n.toString(), "a number");
  }

  /** A feedback timestamp in [0, year 9999]; 0 when absent or null. */
  private static long time(Row row, JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return 0;
    }
    return Row.timestamp(epoch(row, n, field), n.isTextual() ? n.asText() : n.toString(), field, row);
  }

  /** An item's created_at in [year -9999, 9999]; 0 when absent or null. */
  private static long createdAt(Row row, JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return 0;
    }
    return Row.createdAt(epoch(row, n, field), n.isTextual() ? n.asText() : n.toString(), field, row);
  }

  private static long epoch(Row row, JsonNode n, String field) {
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.longValue();
    }
    if (n.isFloatingPointNumber() && Double.isFinite(n.doubleValue()) && Math.abs(n.doubleValue()) < 9.2e18) {
      return (long) n.doubleValue();
    }
    if (n.isTextual()) {
      return Row.parseTime(n.asText().trim(), row, field);
    }
    throw row.bad(field, n.toString(), "epoch seconds or an ISO-8601 date/time");
  }

  private static boolean bool(Row row, JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return true;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    throw row.bad(field, n.toString(), "true or false");
  }

  private static List<String> strings(Row row, JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw row.bad(field, n.toString(), "an array of strings");
    }
    List<String> out = new ArrayList<>(n.size());
    for (JsonNode e : n) {
      if (!e.isValueNode() || e.isNull()) {
        throw row.bad(field, n.toString(), "an array of strings");
      }
      out.add(e.asText());
    }
    return out;
  }

  private static Map<String, Attribute> attributes(Row row, JsonNode o, Set<String> known) {
    Map<String, Attribute> out = new LinkedHashMap<>();
    JsonNode a = o.get("attributes");
    if (a != null && !a.isNull()) {
      if (!a.isObject()) {
        throw row.bad("attributes", a.toString(), "an object of strings and numbers");
      }
      put(row, out, a, Set.of(), "attributes.");
    }
    put(row, out, o, known, "");
    return out;
  }

  private static void put(Row row, Map<String, Attribute> out, JsonNode o, Set<String> skip, String prefix) {
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      var e = it.next();
      if (skip.contains(e.getKey())) {
        continue;
      }
      JsonNode v = e.getValue();
      if (v.isNull()) {
        continue;
      }
      if (v.isNumber() && Double.isFinite(v.doubleValue())) {
        out.put(e.getKey(), Attribute.of(v.doubleValue()));
      } else if (v.isTextual() || v.isBoolean()) {
        out.put(e.getKey(), Attribute.of(v.asText()));
      } else {
        throw row.bad(prefix + e.getKey(), v.toString(), "a string or a number");
      }
    }
  }
}

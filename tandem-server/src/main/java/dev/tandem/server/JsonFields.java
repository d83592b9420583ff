package dev.tandem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.User;
import dev.tandem.core.data.ValueRange;
import dev.tandem.engine.ApiException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads request JSON into domain records, validating every field: a wrong field throws an
 * {@link ApiException} 400 whose field is the JSON path (e.g. {@code [2].title}).
 */
final class JsonFields {
  private JsonFields() {}

  static String requiredText(JsonNode obj, String name, String path) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      throw ApiException.refused(path + name, "missing", "a non-empty string");
    }
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw ApiException.invalid(path + name, Values.quote(v), "a non-empty string");
    }
    return text(v.asText(), path + name);
  }

  static String optionalText(JsonNode obj, String name, String path, String dflt) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isTextual()) {
      throw ApiException.invalid(path + name, Values.quote(v), "a string");
    }
    return text(v.asText(), path + name);
  }

  static double optionalNumber(JsonNode obj, String name, String path, double dflt) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw ApiException.invalid(path + name, Values.quote(v), "a finite number");
    }
    return v.asDouble();
  }

  static long optionalLong(JsonNode obj, String name, String path, long dflt) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw ApiException.invalid(path + name, Values.quote(v), "an integer (epoch seconds)");
    }
    return v.asLong();
  }

  static boolean optionalBoolean(JsonNode obj, String name, String path, boolean dflt) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw ApiException.invalid(path + name, Values.quote(v), "true or false");
    }
    return v.asBoolean();
  }

  static List<String> stringList(JsonNode obj, String name, String path) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw ApiException.invalid(path + name, Values.quote(v), "an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw ApiException.invalid(path + name + "[" + i + "]", Values.quote(v.get(i)), "a string");
      }
      out.add(text(v.get(i).asText(), path + name + "[" + i + "]"));
    }
    return out;
  }

  static Map<String, Attribute> attributes(JsonNode obj, String path) {
    JsonNode v = obj.get("attributes");
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw ApiException.invalid(path + "attributes", Values.quote(v), "an object of strings or numbers");
    }
    Map<String, Attribute> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode a = e.getValue();
      text(e.getKey(), path + "attributes");
      if (a.isTextual()) {
        out.put(e.getKey(), new Attribute.Text(text(a.asText(), path + "attributes." + e.getKey())));
      } else if (a.isNumber() && Double.isFinite(a.asDouble())) {
        out.put(e.getKey(), new Attribute.Number(a.asDouble()));
      } else {
        throw ApiException.invalid(path + "attributes." + e.getKey(), Values.quote(a), "a string or a finite number");
      }
    }
    return out;
  }

  /**
   * {@code s} when it is well-formed text: no U+0000 (which PostgreSQL cannot store) and no lone
   * UTF-16 surrogate (which has no UTF-8 form, so that two such strings would be stored alike).
   */
  static String text(String s, String field) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        throw ApiException.invalid(field, Values.quoteText(s) + ", which holds U+0000 at index " + i,
            "text without NUL characters");
      }
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw ApiException.invalid(field, Values.quoteText(s) + ", which holds a lone surrogate U+"
            + String.format("%04X", (int) c) + " at index " + i, "valid Unicode (escape pairs like"
            + " \\ud83d\\ude00 together)");
      }
    }
    return s;
  }

  static void requireObject(JsonNode n, String path) {
    if (n == null || !n.isObject()) {
      throw ApiException.invalid(path.isEmpty() ? "body" : path, Values.quote(n), "an object");
    }
  }

  /**
   * Rejects fields outside {@code known}, so that a misspelt field ("titel") is an error rather
   * than silently dropped.
   */
  static void onlyKnown(JsonNode obj, String path, Set<String> known) {
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw ApiException.refused(path + f, "unknown field", "one of " + new TreeSet<>(known));
      }
    }
  }

  /** Builds element {@code i} of a batch; a record that refuses its values is a 400 naming the element. */
  static <T> T element(int i, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("[" + i + "]", "[" + i + "]: " + e.getMessage());
    }
  }

  private static final Set<String> ITEM_FIELDS = Set.of("id", "title", "description", "categories",
      "tags", "attributes", "createdAt", "available");
  private static final Set<String> USER_FIELDS = Set.of("id", "attributes", "profile");

  static Item item(JsonNode n, String path) {
    requireObject(n, path);
    String p = path.isEmpty() ? "" : path + ".";
    onlyKnown(n, p, ITEM_FIELDS);
    return new Item(requiredText(n, "id", p), optionalText(n, "title", p, ""), optionalText(n, "description", p, ""),
        stringList(n, "categories", p), stringList(n, "tags", p), attributes(n, p), optionalLong(n, "createdAt", p, 0),
        optionalBoolean(n, "available", p, true));
  }

  /**
   * One feedback event {@code {item, type?, value?, ts?}} of {@code user}: {@code type} defaults to
   * "rating" when only a value is given and must otherwise be given and configured in
   * {@code weights}; {@code ts} defaults to {@code now} (epoch seconds).
   */
  static Feedback event(JsonNode n, String path, String user,
      FeedbackWeights weights, long now) {
    String item = requiredText(n, "item", path);
    boolean hasValue = n.hasNonNull("value");
    String type = optionalText(n, "type", path, hasValue ? "rating" : "");
    if (type.isEmpty()) {
      throw ApiException.refused(path + "type", "missing", "a configured feedback type "
          + weights.weights().keySet() + " (or a value, read as a rating)");
    }
    if (!weights.knows(type)) {
      throw ApiException.invalid(path + "type", "'" + Values.quoteText(type) + "'", "one of "
          + weights.weights().keySet());
    }
    double value = optionalNumber(n, "value", path, 1);
    ValueRange range = weights.range(type); // no poison: a value the type cannot take is refused
    if (!range.contains(value)) {
      throw ApiException.invalid(path + "value", String.valueOf(value), "a number in " + range + " for type "
          + type + " (feedback.value_ranges." + type + ")");
    }
    long ts = optionalLong(n, "ts", path, now);
    return new Feedback(user, item, type, value, ts);
  }

  static User user(JsonNode n, String path) {
    requireObject(n, path);
    String p = path.isEmpty() ? "" : path + ".";
    onlyKnown(n, p, USER_FIELDS);
    return new User(requiredText(n, "id", p), attributes(n, p), optionalText(n, "profile", p, ""));
  }
}

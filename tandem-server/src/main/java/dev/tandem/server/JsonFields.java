package dev.tandem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.User;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads request JSON into domain records, validating every field: a wrong field throws an
 * {@link ApiError} 400 whose field is the JSON path (e.g. {@code [2].title}).
 */
final class JsonFields {
  private JsonFields() {}

  static String requiredText(JsonNode obj, String name, String path) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      throw ApiError.badRequest(path + name, "missing; expected a non-empty string");
    }
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw ApiError.badRequest(path + name, "got " + v + "; expected a non-empty string");
    }
    return v.asText();
  }

  static String optionalText(JsonNode obj, String name, String path, String dflt) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isTextual()) {
      throw ApiError.badRequest(path + name, "got " + v + "; expected a string");
    }
    return v.asText();
  }

  static double optionalNumber(JsonNode obj, String name, String path, double dflt) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw ApiError.badRequest(path + name, "got " + v + "; expected a finite number");
    }
    return v.asDouble();
  }

  static long optionalLong(JsonNode obj, String name, String path, long dflt) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw ApiError.badRequest(path + name, "got " + v + "; expected an integer (epoch seconds)");
    }
    return v.asLong();
  }

  static boolean optionalBoolean(JsonNode obj, String name, String path, boolean dflt) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw ApiError.badRequest(path + name, "got " + v + "; expected true or false");
    }
    return v.asBoolean();
  }

  static List<String> stringList(JsonNode obj, String name, String path) {
    JsonNode v = obj.get(name);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw ApiError.badRequest(path + name, "got " + v + "; expected an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw ApiError.badRequest(path + name + "[" + i + "]", "got " + v.get(i) + "; expected a string");
      }
      out.add(v.get(i).asText());
    }
    return out;
  }

  static Map<String, Attribute> attributes(JsonNode obj, String path) {
    JsonNode v = obj.get("attributes");
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw ApiError.badRequest(path + "attributes", "got " + v + "; expected an object of strings or numbers");
    }
    Map<String, Attribute> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode a = e.getValue();
      if (a.isTextual()) {
        out.put(e.getKey(), new Attribute.Text(a.asText()));
      } else if (a.isNumber() && Double.isFinite(a.asDouble())) {
        out.put(e.getKey(), new Attribute.Number(a.asDouble()));
      } else {
        throw ApiError.badRequest(path + "attributes." + e.getKey(), "got " + a + "; expected a string or a finite number");
      }
    }
    return out;
  }

  static void requireObject(JsonNode n, String path) {
    if (n == null || !n.isObject()) {
      throw ApiError.badRequest(path.isEmpty() ? "body" : path, "got " + n + "; expected an object");
    }
  }

  /**
   * Rejects fields outside {@code known}, so that a misspelt field ("titel") is an error rather
   * than silently dropped.
   */
  static void onlyKnown(JsonNode obj, String path, java.util.Set<String> known) {
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw ApiError.badRequest(path + f, "unknown field; expected one of " + new java.util.TreeSet<>(known));
      }
    }
  }

  private static final java.util.Set<String> ITEM_FIELDS = java.util.Set.of("id", "title", "description", "categories",
      "tags", "attributes", "createdAt", "available");
  private static final java.util.Set<String> USER_FIELDS = java.util.Set.of("id", "attributes", "profile");

  static Item item(JsonNode n, String path) {
    requireObject(n, path);
    String p = path.isEmpty() ? "" : path + ".";
    onlyKnown(n, p, ITEM_FIELDS);
    return new Item(requiredText(n, "id", p), optionalText(n, "title", p, ""), optionalText(n, "description", p, ""),
        stringList(n, "categories", p), stringList(n, "tags", p), attributes(n, p), optionalLong(n, "createdAt", p, 0),
        optionalBoolean(n, "available", p, true));
  }

  static User user(JsonNode n, String path) {
    requireObject(n, path);
    String p = path.isEmpty() ? "" : path + ".";
    onlyKnown(n, p, USER_FIELDS);
    return new User(requiredText(n, "id", p), attributes(n, p), optionalText(n, "profile", p, ""));
  }
}

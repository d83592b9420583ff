package dev.tandem.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tandem.core.data.Quote;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Where a configuration's values come from: the shipped {@code tandem.toml} as the tree of every key
 * and its type, the {@code TANDEM_<SECTION>_<KEY>} environment overrides applied to a file's tree,
 * and each effective value with its source, secrets masked (for {@code tandem config}). Used by
 * {@link TandemConfig#loadWithSources}.
 */
final class ConfigEnv {
  private ConfigEnv() {}

  /** The shipped {@code tandem.toml} as a tree: every key, its default and its type. */
  static final class Shipped {
    static final ObjectNode TREE = TandemConfig.readTree(new ByteArrayInputStream(TandemConfig.defaultText().getBytes(StandardCharsets.UTF_8)),
        TandemConfig.DEFAULT_RESOURCE);
  }

  /** Tables that replace the default table as a whole when the file has them. */
  static final Set<String> WHOLE_TABLES = Set.of("feedback.weights", "feedback.value_ranges");

  /** Whether {@code key} belongs to a default table that {@code root} replaces. */
  static boolean replacedTable(ObjectNode root, String key) {
    for (String t : WHOLE_TABLES) {
      if (key.startsWith(t + ".") && at(root, t) != null) {
        return true;
      }
    }
    return false;
  }

  static TandemConfig.Setting setting(String key, JsonNode value, Map<String, String> fromEnv, Map<String, String> fromFile,
      String fileName, JsonNode fallback) {
    JsonNode v = value != null ? value : fallback;
    String source = fromEnv.containsKey(key) ? "env " + fromEnv.get(key)
        : value != null && fromFile.containsKey(key) ? fileName : "default";
    return new TandemConfig.Setting(key, masked(key, v), source);
  }

  /** A value as TOML text with secrets masked. */
  static String masked(String key, JsonNode v) {
    switch (key) {
      case "store.password":
        return v.asText().isEmpty() ? "\"\"" : "\"****\"";
      case "store.url":
        return new TextNode(
            v.asText().replaceAll("(?i)(password=)[^&;]*", "$1****")).toString();
      case "server.api_keys": {
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
          String[] parts = e.asText().split(":", -1);
          out.add(new TextNode(parts.length == 3
              ? parts[0] + ":****:" + parts[2] : "****").toString());
        }
        return "[" + String.join(", ", out) + "]";
      }
      default:
        return toml(v);
    }
  }

  /** A leaf as TOML text: strings quoted, lists with ", ". */
  static String toml(JsonNode v) {
    if (v.isArray()) {
      List<String> out = new ArrayList<>();
      for (JsonNode e : v) {
        out.add(toml(e));
      }
      return "[" + String.join(", ", out) + "]";
    }
    return v.isNumber() && !v.isIntegralNumber() ? Double.toString(v.asDouble()) : v.toString();
  }

  /** The node at dotted {@code key} of {@code root}, or null. */
  static JsonNode at(JsonNode root, String key) {
    JsonNode n = root;
    for (String part : key.split("\\.")) {
      n = n.get(part);
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  /** Every non-table node under {@code node}, by dotted key, in order. */
  static void leaves(JsonNode node, String prefix, BiConsumer<String, JsonNode> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getValue().isObject()) {
        leaves(e.getValue(), prefix + e.getKey() + ".", out);
      } else {
        out.accept(prefix + e.getKey(), e.getValue());
      }
    }
  }

  /**
   * Sets every key of {@code shipped} whose variable {@code env} holds (not blank) in {@code root}, typed
   * as the shipped value, and records key -> variable in {@code applied}.
   */
  static void applyEnv(JsonNode shipped, ObjectNode root, List<String> path, Map<String, String> env,
      Map<String, String> applied) {
    for (Iterator<Map.Entry<String, JsonNode>> it = shipped.fields(); it.hasNext(); ) {
      var e = it.next();
      path.add(e.getKey());
      if (e.getValue().isObject()) {
        applyEnv(e.getValue(), root, path, env, applied);
      } else {
        String var = "TANDEM_" + String.join("_", path).toUpperCase(Locale.ROOT);
        String v = env.get(var);
        if (v != null && !v.isBlank()) {
          String key = String.join(".", path);
          JsonNode typed = envValue(var, key, v, e.getValue());
          ObjectNode table = root;
          String prefix = "";
          for (String part : path.subList(0, path.size() - 1)) {
            prefix = prefix.isEmpty() ? part : prefix + "." + part;
            JsonNode t = table.get(part);
            if (t == null || !t.isObject()) {
              // a table that replaces the default as a whole starts from the default, so that one variable
              // changes one entry
              t = WHOLE_TABLES.contains(prefix) ? at(Shipped.TREE, prefix).deepCopy()
                  : JsonNodeFactory.instance.objectNode();
              table.set(part, t);
            }
            table = (ObjectNode) t;
          }
          table.set(path.get(path.size() - 1), typed);
          applied.put(key, var);
        }
      }
      path.remove(path.size() - 1);
    }
  }

  /** The text of variable {@code var} as the type of {@code shipped}. */
  static JsonNode envValue(String var, String key, String v, JsonNode shipped) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    String t = v.strip();
    if (shipped.isBoolean()) {
      if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
        return f.booleanNode(t.equalsIgnoreCase("true"));
      }
      throw new IllegalArgumentException("env " + var + " (" + Quote.of(v, 60) + ") must be true or false for " + key);
    }
    if (shipped.isIntegralNumber()) {
      try {
        return f.numberNode(Long.parseLong(t));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("env " + var + " (" + Quote.of(v, 60) + ") must be an integer for " + key, e);
      }
    }
    if (shipped.isNumber()) {
      return f.numberNode(envNumber(var, key, v));
    }
    if (shipped.isArray()) {
      if (t.startsWith("[")) {
        try {
          JsonNode list = new TomlMapper().readTree("v = " + t).get("v");
          if (list != null && list.isArray()) {
            return list;
          }
        } catch (IOException e) {
          // reported below
        }
        throw new IllegalArgumentException("env " + var + " (" + Quote.of(v, 60) + ") must be a list for " + key
            + ": a,b or a TOML list such as [\"a\", \"b\"]");
      }
      boolean numbers = shipped.size() > 0 && shipped.get(0).isNumber();
      var list = f.arrayNode();
      for (String part : t.split(",")) {
        if (!part.isBlank()) {
          if (numbers) {
            list.add(envNumber(var, key, part));
          } else {
            list.add(part.strip());
          }
        }
      }
      return list;
    }
    return f.textNode(v);
  }

  static double envNumber(String var, String key, String v) {
    try {
      double d = Double.parseDouble(v.strip());
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("env " + var + " (" + Quote.of(v, 60) + ") must be a finite number for " + key);
  }
}

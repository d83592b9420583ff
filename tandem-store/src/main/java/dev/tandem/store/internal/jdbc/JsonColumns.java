package dev.tandem.store.internal.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.data.Attribute;
import dev.tandem.store.StoreException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON text columns: string lists as arrays, attributes as an object of strings and numbers. */
final class JsonColumns {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonColumns() {}

  static String list(List<String> values) {
    if (values.isEmpty()) {
      return "[]";
    }
    ArrayNode a = MAPPER.createArrayNode();
    values.forEach(a::add);
    return write(a);
  }

  static String attributes(Map<String, Attribute> attributes) {
    if (attributes.isEmpty()) {
      return "{}";
    }
    ObjectNode o = MAPPER.createObjectNode();
    for (var e : attributes.entrySet()) {
      if (e.getValue() instanceof Attribute.Number n) {
        double v = n.value();
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
          o.put(e.getKey(), (long) v);
        } else {
          o.put(e.getKey(), v);
        }
      } else {
        o.put(e.getKey(), ((Attribute.Text) e.getValue()).value());
      }
    }
    return write(o);
  }

  static List<String> readList(String json) {
    if (json == null || json.equals("[]")) {
      return List.of();
    }
    JsonNode n = read(json);
    List<String> out = new ArrayList<>(n.size());
    n.forEach(e -> out.add(e.asText()));
    return out;
  }

  static Map<String, Attribute> readAttributes(String json) {
    if (json == null || json.equals("{}")) {
      return Map.of();
    }
    JsonNode n = read(json);
    Map<String, Attribute> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode v = e.getValue();
      out.put(e.getKey(), v.isNumber() ? Attribute.of(v.doubleValue()) : Attribute.of(v.asText()));
    }
    return out;
  }

  private static String write(JsonNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot write JSON column", e);
    }
  }

  private static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new StoreException("stored JSON column is corrupt: " + json, e);
    }
  }
}

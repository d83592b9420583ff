package dev.tandem.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON Schema (2020-12, the dialect of OpenAPI 3.1) for one part of a body, built in the order
 * its keywords are written, so that the document it goes into is the same text in every run. The
 * schemas of the API's bodies are declared once, in {@link Schemas}, beside the {@code *Json}
 * classes that write them; the server's tests validate every body they receive against them.
 * Immutable; thread-safe.
 *
 * @param json the schema as JSON: maps in keyword order, lists, strings and numbers
 */
public record Schema(Map<String, Object> json) {
  /** Wraps the map read-only (the builders below create a fresh map for each schema). */
  public Schema {
    json = Collections.unmodifiableMap(json);
  }

  private static Schema of(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return new Schema(m);
  }

  /** A reference to the component schema {@code name} ({@code #/components/schemas/name}). */
  public static Schema ref(String name) {
    return of("$ref", "#/components/schemas/" + name);
  }

  /** A string. */
  public static Schema string(String description) {
    return of("type", "string", "description", description);
  }

  /** A string of at most {@code maxLength} characters. */
  public static Schema string(String description, int maxLength) {
    return of("type", "string", "description", description, "maxLength", maxLength);
  }

  /** A string that is one of {@code values}. */
  public static Schema oneOf(String description, String... values) {
    return of("type", "string", "description", description, "enum", List.of(values));
  }

  /** A string that is one of the {@code json} names of {@code values}. */
  public static Schema oneOf(String description, List<String> values) {
    return of("type", "string", "description", description, "enum", List.copyOf(values));
  }

  /** An integer (64 bits) of at least {@code minimum}. */
  public static Schema integer(String description, long minimum) {
    return of("type", "integer", "format", "int64", "description", description, "minimum", minimum);
  }

  /** An integer in {@code minimum..maximum}. */
  public static Schema integer(String description, long minimum, long maximum) {
    return of("type", "integer", "format", maximum <= Integer.MAX_VALUE && minimum >= Integer.MIN_VALUE ? "int32"
        : "int64", "description", description, "minimum", minimum, "maximum", maximum);
  }

  /** A number (finite: JSON has no other). */
  public static Schema number(String description) {
    return of("type", "number", "format", "double", "description", description);
  }

  /** A number in {@code minimum..maximum}. */
  public static Schema number(String description, double minimum, double maximum) {
    return of("type", "number", "format", "double", "description", description, "minimum", minimum, "maximum",
        maximum);
  }

  /** true or false. */
  public static Schema bool(String description) {
    return of("type", "boolean", "description", description);
  }

  /** An array of {@code items}. */
  public static Schema array(String description, Schema items) {
    return of("type", "array", "description", description, "items", items.json);
  }

  /** An object whose values are all {@code values} (its keys are data, e.g. attribute names). */
  public static Schema map(String description, Schema values) {
    return of("type", "object", "description", description, "additionalProperties", values.json);
  }

  /** An object of the given properties, and no other ({@link Property#required} ones always present). */
  public static Schema object(String description, Property... properties) {
    Map<String, Object> props = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Property p : properties) {
      props.put(p.name(), p.schema().json);
      if (p.required()) {
        required.add(p.name());
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "object");
    m.put("description", description);
    m.put("properties", props);
    if (!required.isEmpty()) {
      m.put("required", required);
    }
    m.put("additionalProperties", false);
    return new Schema(m);
  }

  /** This schema, also allowing JSON null (an absent value written as null). */
  public Schema orNull() {
    Map<String, Object> m = new LinkedHashMap<>(json);
    Object type = m.get("type");
    if (type instanceof String t) {
      m.put("type", List.of(t, "null"));
      if (m.get("enum") instanceof List<?> values) {
        List<Object> v = new ArrayList<>(values);
        v.add(null);
        m.put("enum", v);
      }
      return new Schema(m);
    }
    return of("oneOf", List.of(json, Map.of("type", "null")));
  }

  /** This schema with {@code examples} (JSON Schema's keyword, which OpenAPI 3.1 uses). */
  public Schema examples(Object... values) {
    Map<String, Object> m = new LinkedHashMap<>(json);
    m.put("examples", Arrays.asList(values));
    return new Schema(m);
  }

  /** This schema with {@code keyword} set to {@code value} (e.g. {@code pattern}, {@code minLength}). */
  public Schema with(String keyword, Object value) {
    Map<String, Object> m = new LinkedHashMap<>(json);
    m.put(keyword, value);
    return new Schema(m);
  }

  /** A property of an object: written always ({@link #req}) or only in some cases ({@link #opt}). */
  public record Property(String name, Schema schema, boolean required) {}

  /** A property present in every body. */
  public static Property req(String name, Schema schema) {
    return new Property(name, schema, true);
  }

  /** A property present only in some bodies (as the writer's Javadoc says when). */
  public static Property opt(String name, Schema schema) {
    return new Property(name, schema, false);
  }
}

package dev.tandem.core.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a model's parameters from string overrides with validation, for {@link ModelType#params}.
 * Every error names the model, the key, the value and the rule. Not thread-safe; one use.
 *
 * {@snippet :
 * ParamReader r = new ParamReader("ease", overrides);
 * var p = new Ease.Params(r.decimal("lambda", 500, 0, false, Double.MAX_VALUE));
 * r.finish(); // rejects unknown keys
 * }
 */
public final class ParamReader {
  private final String model;
  private final Map<String, String> remaining;
  private final TreeSet<String> known = new TreeSet<>();

  public ParamReader(String model, Map<String, String> overrides) {
    this.model = model;
    this.remaining = new LinkedHashMap<>(overrides);
  }

  /** A whole number in [min, max]. */
  public int integer(String key, int defaultValue, int min, int max) {
    known.add(key);
    String v = remaining.remove(key);
    if (v == null) {
      return defaultValue;
    }
    int x;
    try {
      x = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(model + "." + key + " (" + v + ") must be a whole number");
    }
    if (x < min || x > max) {
      throw new IllegalArgumentException(model + "." + key + " (" + x + ") must be in [" + min + ", " + max + "]");
    }
    return x;
  }

  /** A finite decimal number above min (or at min when {@code minInclusive}) and at most max. */
  public double decimal(String key, double defaultValue, double min, boolean minInclusive, double max) {
    known.add(key);
    String v = remaining.remove(key);
    if (v == null) {
      return defaultValue;
    }
    double x;
    try {
      x = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(model + "." + key + " (" + v + ") must be a number");
    }
    if (!Double.isFinite(x) || x > max || x < min || (!minInclusive && x == min)) {
      throw new IllegalArgumentException(model + "." + key + " (" + x + ") must be " + (minInclusive ? ">= " : "> ")
          + min + (max < Double.MAX_VALUE ? " and <= " + max : "") + " and finite");
    }
    return x;
  }

  /** A boolean: true/false. */
  public boolean bool(String key, boolean defaultValue) {
    known.add(key);
    String v = remaining.remove(key);
    if (v == null) {
      return defaultValue;
    }
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(model + "." + key + " (" + v + ") must be true or false");
    };
  }

  /**
   * One of {@code choices} (lower-case; the value is trimmed and lower-cased before matching).
   *
   * @throws IllegalArgumentException naming the key, the value and the choices
   */
  public String choice(String key, String defaultValue, java.util.List<String> choices) {
    known.add(key);
    String v = remaining.remove(key);
    if (v == null) {
      return defaultValue;
    }
    String x = v.trim().toLowerCase(java.util.Locale.ROOT);
    if (!choices.contains(x)) {
      throw new IllegalArgumentException(model + "." + key + " (" + v + ") must be one of " + String.join(", ", choices));
    }
    return x;
  }

  /** Rejects any key that was not read. */
  public void finish() {
    if (!remaining.isEmpty()) {
      String key = remaining.keySet().iterator().next();
      throw new IllegalArgumentException("unknown parameter " + model + "." + key + "; " + model + " takes " + known);
    }
  }
}

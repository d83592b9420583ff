package dev.tandem.server;

import dev.tandem.engine.ApiException;
import dev.tandem.llm.explain.Language;
import java.util.Set;

/**
 * Reads query parameters from their raw text (as the URL decoded them): integers in a range,
 * booleans, the explanation language, a model among the trained ones, a category label. Each bad
 * value is an {@link ApiException} 400 naming the parameter, quoting at most ~200 characters of the
 * value, and saying what was expected. Pure functions; thread-safe.
 */
final class QueryParams {
  /** Longest category or model name accepted, in characters. */
  static final int MAX_NAME_CHARS = 200;

  private QueryParams() {}

  /** {@code raw} as an integer in {@code min..max}; {@code dflt} when absent or empty. */
  static int integer(String name, String raw, int dflt, int min, int max) {
    if (raw == null || raw.isEmpty()) {
      return dflt;
    }
    String t = raw.strip();
    if (t.length() <= 11) { // longer cannot be an int: no parsing of huge digit strings
      try {
        int x = Integer.parseInt(t);
        if (x >= min && x <= max) {
          return x;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw ApiException.invalid(name, "'" + Values.quoteText(raw) + "'", "an integer in " + min + ".." + max);
  }

  /** {@code raw} as {@code true} or {@code false}; false when absent or empty. */
  static boolean bool(String name, String raw) {
    if (raw == null || raw.isEmpty() || raw.equals("false")) {
      return false;
    }
    if (raw.equals("true")) {
      return true;
    }
    throw ApiException.invalid(name, "'" + Values.quoteText(raw) + "'", "true or false");
  }

  /** The explanation language of {@code raw} (en when absent). */
  static Language lang(String raw) {
    if (raw == null || raw.isBlank()) {
      return Language.EN;
    }
    try {
      return Language.parse(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("lang", "'" + Values.quoteText(raw) + "'", "en or zh");
    }
  }

  /** {@code raw} (trimmed) when blank (then "") or one of {@code trained}. */
  static String model(String raw, Set<String> trained) {
    if (raw == null || raw.isBlank()) {
      return "";
    }
    String t = raw.strip();
    if (!trained.contains(t)) {
      throw ApiException.invalid("model", "'" + Values.quoteText(raw) + "'", "a trained model " + trained);
    }
    return t;
  }

  /** A category label: "" when absent, else well-formed text of at most {@value #MAX_NAME_CHARS} characters. */
  static String category(String raw) {
    if (raw == null) {
      return "";
    }
    if (raw.length() > MAX_NAME_CHARS) {
      throw ApiException.refused("category", "has " + raw.length() + " characters", "at most " + MAX_NAME_CHARS);
    }
    return JsonFields.text(raw, "category").strip();
  }
}

package dev.tandem.core.eval;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes a flat JSON object (string keys; string, number, boolean or null values), the
 * shape of a split folder's meta.json and of refrec.py's score output. Core carries no JSON
 * library, and nothing here needs one. Values are kept as JSON literals: strings with their
 * quotes, numbers as written. Thread-safe (stateless).
 */
public final class FlatJson {
  private FlatJson() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the position and what was expected, for anything but
   *     a flat object (nested objects and arrays included)
   */
  public static Map<String, String> parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    int[] pos = {0};
    skip(text, pos);
    expect(text, pos, '{');
    skip(text, pos);
    if (peek(text, pos) == '}') {
      return out;
    }
    while (true) {
      skip(text, pos);
      String key = unquote(stringLiteral(text, pos));
      skip(text, pos);
      expect(text, pos, ':');
      skip(text, pos);
      char c = peek(text, pos);
      String value;
      if (c == '"') {
        value = stringLiteral(text, pos);
      } else if (c == '{' || c == '[') {
        throw new IllegalArgumentException("JSON value of '" + key + "' at " + pos[0] + " must be a string, number,"
            + " boolean or null (a flat object), not " + (c == '{' ? "an object" : "an array"));
      } else {
        int start = pos[0];
        while (pos[0] < text.length() && ",} \t\r\n".indexOf(text.charAt(pos[0])) < 0) {
          pos[0]++;
        }
        value = text.substring(start, pos[0]);
        if (value.isEmpty()) {
          throw new IllegalArgumentException("JSON value of '" + key + "' at " + start + " is missing");
        }
      }
      out.put(key, value);
      skip(text, pos);
      char d = peek(text, pos);
      pos[0]++;
      if (d == '}') {
        return out;
      }
      if (d != ',') {
        throw new IllegalArgumentException("JSON at " + (pos[0] - 1) + " must be ',' or '}', not '" + d + "'");
      }
    }
  }

  /** A JSON string literal without its quotes, escapes resolved; other literals unchanged. */
  public static String unquote(String literal) {
    if (literal.length() < 2 || literal.charAt(0) != '"') {
      return literal;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < literal.length() - 1; i++) {
      char c = literal.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = literal.charAt(++i);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> {
          sb.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> sb.append(e);
      }
    }
    return sb.toString();
  }

  /** {@code s} as a JSON string literal. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** A finite number as a JSON literal ({@code 4.0}, {@code 0.2}); non-finite values as {@code null}. */
  public static String number(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }

  /** Renders {@code fields} (values already JSON literals) with two-space indent, one field a line. */
  public static String write(Map<String, String> fields) {
    StringBuilder sb = new StringBuilder("{\n");
    int i = 0;
    for (var e : fields.entrySet()) {
      sb.append("  ").append(quote(e.getKey())).append(": ").append(e.getValue());
      sb.append(++i < fields.size() ? ",\n" : "\n");
    }
    return sb.append("}\n").toString();
  }

  private static void skip(String t, int[] pos) {
    while (pos[0] < t.length() && Character.isWhitespace(t.charAt(pos[0]))) {
      pos[0]++;
    }
  }

  private static char peek(String t, int[] pos) {
    if (pos[0] >= t.length()) {
      throw new IllegalArgumentException("JSON ends early at " + pos[0]);
    }
    return t.charAt(pos[0]);
  }

  private static void expect(String t, int[] pos, char c) {
    if (peek(t, pos) != c) {
      throw new IllegalArgumentException("JSON at " + pos[0] + " must be '" + c + "', not '" + t.charAt(pos[0]) + "'");
    }
    pos[0]++;
  }

  private static String stringLiteral(String t, int[] pos) {
    int start = pos[0];
    expect(t, pos, '"');
    while (true) {
      char c = peek(t, pos);
      pos[0]++;
      if (c == '\\') {
        pos[0]++;
      } else if (c == '"') {
        return t.substring(start, pos[0]);
      }
    }
  }
}

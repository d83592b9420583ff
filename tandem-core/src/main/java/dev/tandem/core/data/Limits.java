package dev.tandem.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bounds on every text and number a record holds, in one place (the README's "Limits" lists
 * them): {@link Item}, {@link User} and {@link Feedback} check them in their constructors, so the
 * Java API, every importer and the REST API enforce the same limits. Lengths count Unicode code
 * points ("characters"). Error messages name the field, {@linkplain Quote quote} the value (cut to
 * 200 characters) and state the limit. Stateless; thread-safe.
 */
public final class Limits {
  /** Most characters of an item title. */
  public static final int MAX_TITLE = 1_000;
  /** Most characters of an item description. */
  public static final int MAX_DESCRIPTION = 100_000;
  /** Most categories, and most tags, of one item. */
  public static final int MAX_LABELS = 100;
  /** Most characters of one category or tag. */
  public static final int MAX_LABEL = 200;
  /** Most attributes of one item or user. */
  public static final int MAX_ATTRIBUTES = 100;
  /** Most characters of an attribute name (the names follow the {@link Ids} character rules). */
  public static final int MAX_ATTRIBUTE_NAME = 100;
  /** Most characters of a text attribute value. */
  public static final int MAX_ATTRIBUTE_TEXT = 10_000;
  /** Most characters of a user's profile text. */
  public static final int MAX_PROFILE = 10_000;
  /** Most characters of a feedback type name (which matches {@code [a-z][a-z0-9_-]*}). */
  public static final int MAX_TYPE = 64;
  /** The latest timestamp (epoch seconds) of feedback and items: 9999-12-31T23:59:59Z. */
  public static final long MAX_TIMESTAMP = 253_402_300_799L;
  /** The earliest item {@code createdAt}: -9999-01-01T00:00:00Z (books and films predate 1970). */
  public static final long MIN_CREATED_AT = -377_705_116_800L;

  private Limits() {}

  /**
   * Returns {@code value} ("" for null) when it has at most {@code max} characters.
   *
   * @throws IllegalArgumentException e.g. {@code item title ("aaa…" (1,500 characters)) must be at most 1,000 characters}
   */
  public static String text(String field, String value, int max) {
    if (value == null) {
      return "";
    }
    if (value.length() > max && value.codePointCount(0, value.length()) > max) {
      throw new IllegalArgumentException(field + " (" + Quote.of(value) + ") must be at most " + count(max)
          + " characters");
    }
    return value;
  }

  /**
   * An immutable copy of {@code labels} (categories or tags): at most {@value #MAX_LABELS}, each
   * non-null and at most {@value #MAX_LABEL} characters.
   *
   * @throws IllegalArgumentException naming the field and the offending entry, e.g.
   *     {@code item tags[3] ("…") must be at most 200 characters}
   */
  public static List<String> labels(String field, List<String> labels) {
    if (labels == null) {
      return List.of();
    }
    if (labels.size() > MAX_LABELS) {
      throw new IllegalArgumentException(field + " (" + count(labels.size()) + " entries) must have at most "
          + MAX_LABELS + " entries");
    }
    for (int i = 0; i < labels.size(); i++) {
      String l = labels.get(i);
      if (l == null) {
        throw new IllegalArgumentException(field + "[" + i + "] must not be null");
      }
      text(field + "[" + i + "]", l, MAX_LABEL);
    }
    return List.copyOf(labels);
  }

  /**
   * An immutable, insertion-ordered copy of {@code attributes}: at most {@value #MAX_ATTRIBUTES},
   * names of 1..{@value #MAX_ATTRIBUTE_NAME} characters under the {@link Ids} character rules, text
   * values of at most {@value #MAX_ATTRIBUTE_TEXT} characters (numbers are finite by
   * {@link Attribute.Number}).
   *
   * @throws IllegalArgumentException naming the field and the attribute, e.g.
   *     {@code item attributes.notes ("…" (5,242,880 characters)) must be at most 10,000 characters}
   */
  public static Map<String, Attribute> attributes(String field, Map<String, Attribute> attributes) {
    if (attributes == null) {
      return Map.of();
    }
    if (attributes.size() > MAX_ATTRIBUTES) {
      throw new IllegalArgumentException(field + " (" + count(attributes.size()) + " entries) must have at most "
          + MAX_ATTRIBUTES + " entries");
    }
    Map<String, Attribute> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Attribute> e : attributes.entrySet()) {
      String name = e.getKey();
      String problem = Ids.problem(name, MAX_ATTRIBUTE_NAME);
      if (problem != null) {
        throw new IllegalArgumentException(field + " name (" + Quote.of(name) + ") " + problem + "; an attribute"
            + " name is 1.." + MAX_ATTRIBUTE_NAME + " characters under the id rules (no control characters,"
            + " lone surrogates, U+FFFE/U+FFFF or leading/trailing whitespace)");
      }
      Attribute a = e.getValue();
      if (a == null) {
        throw new IllegalArgumentException(field + "." + name + " must not be null");
      }
      if (a instanceof Attribute.Text t) {
        text(field + "." + name, t.value(), MAX_ATTRIBUTE_TEXT);
      }
      copy.put(name, a);
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Returns {@code ts} when it is in [0, {@value #MAX_TIMESTAMP}] (epoch seconds up to the end of
   * year 9999; 0 means unknown).
   *
   * @throws IllegalArgumentException e.g. {@code timestamp (-5) must be in [0, 253402300799] (epoch seconds, at most 9999-12-31T23:59:59Z)}
   */
  public static long timestamp(String field, long ts) {
    if (ts < 0 || ts > MAX_TIMESTAMP) {
      throw new IllegalArgumentException(field + " (" + ts + ") must be in [0, " + MAX_TIMESTAMP
          + "] (epoch seconds, at most 9999-12-31T23:59:59Z)");
    }
    return ts;
  }

  /**
   * Returns {@code createdAt} when it is in [{@value #MIN_CREATED_AT}, {@value #MAX_TIMESTAMP}]
   * (epoch seconds from year -9999 to 9999; 0 means unknown).
   *
   * @throws IllegalArgumentException naming the field, value and range
   */
  public static long createdAt(String field, long createdAt) {
    if (createdAt < MIN_CREATED_AT || createdAt > MAX_TIMESTAMP) {
      throw new IllegalArgumentException(field + " (" + createdAt + ") must be in [" + MIN_CREATED_AT + ", "
          + MAX_TIMESTAMP + "] (epoch seconds from -9999-01-01 to 9999-12-31T23:59:59Z)");
    }
    return createdAt;
  }

  /**
   * The first {@code max} code points of {@code value} (for reading rows stored before a limit
   * existed; never for input).
   */
  public static String cut(String value, int max) {
    if (value == null) {
      return "";
    }
    if (value.length() <= max || value.codePointCount(0, value.length()) <= max) {
      return value;
    }
    return value.substring(0, value.offsetByCodePoints(0, max));
  }

  /**
   * {@code labels} cut to the limits (at most {@value #MAX_LABELS} entries of at most
   * {@value #MAX_LABEL} characters, nulls dropped): for reading rows stored before the limits existed.
   */
  public static List<String> cutLabels(List<String> labels) {
    List<String> out = new ArrayList<>(Math.min(labels.size(), MAX_LABELS));
    for (String l : labels) {
      if (out.size() == MAX_LABELS) {
        break;
      }
      if (l != null) {
        out.add(cut(l, MAX_LABEL));
      }
    }
    return out;
  }

  /**
   * {@code attributes} cut to the limits (the first {@value #MAX_ATTRIBUTES} with valid names,
   * text values cut to {@value #MAX_ATTRIBUTE_TEXT} characters): for reading rows stored before the
   * limits existed.
   */
  public static Map<String, Attribute> cutAttributes(Map<String, Attribute> attributes) {
    Map<String, Attribute> out = new LinkedHashMap<>();
    for (Map.Entry<String, Attribute> e : attributes.entrySet()) {
      if (out.size() == MAX_ATTRIBUTES) {
        break;
      }
      if (e.getValue() == null || Ids.problem(e.getKey(), MAX_ATTRIBUTE_NAME) != null) {
        continue;
      }
      out.put(e.getKey(), e.getValue() instanceof Attribute.Text t && t.value().length() > MAX_ATTRIBUTE_TEXT
          ? Attribute.of(cut(t.value(), MAX_ATTRIBUTE_TEXT)) : e.getValue());
    }
    return out;
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}

package dev.tandem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.core.data.Quote;

/**
 * Request values as error messages show them, through {@link Quote}: at most
 * {@value Quote#MAX_CODE_POINTS} characters, unprintables escaped, the full length said when cut,
 * so that an error never echoes a multi-megabyte value.
 */
final class Values {
  private Values() {}

  /**
   * A JSON value as it appears in an error: a string quoted ({@link Quote#of}), a container of
   * many elements by its size, anything else as its JSON text, cut.
   */
  static String quote(JsonNode v) {
    if (v == null) {
      return "nothing";
    }
    if (v.isTextual()) {
      return Quote.of(v.asText());
    }
    if (v.isContainerNode() && v.size() > Quote.MAX_CODE_POINTS) {
      return (v.isArray() ? "an array of " : "an object of ") + v.size() + (v.isArray() ? " elements" : " fields");
    }
    return quoteText(v.toString());
  }

  /** {@code s} escaped and cut as {@link Quote#of} does, without the surrounding quotes (for paths and messages). */
  static String quoteText(String s) {
    String q = Quote.of(s);
    int close = q.lastIndexOf('"');
    return q.substring(1, close) + q.substring(close + 1);
  }
}

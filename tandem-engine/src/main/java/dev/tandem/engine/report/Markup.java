package dev.tandem.engine.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Writes XML-compatible markup (XHTML-style HTML5 and inline SVG) into a buffer. Every text and
 * attribute value goes through {@link #escape}, so user input (model names, parameters, dataset
 * paths) can never open a tag or an attribute; tag and attribute names are constants of this
 * package. Not thread-safe; one instance builds one document.
 */
final class Markup {
  private final StringBuilder out = new StringBuilder(64 * 1024);

  /** Opens {@code tag} with attributes given as name, value pairs. */
  Markup open(String tag, String... attributes) {
    out.append('<').append(tag);
    attributes(attributes);
    out.append('>');
    return this;
  }

  Markup close(String tag) {
    out.append("</").append(tag).append('>');
    return this;
  }

  /**
   * An element without content, written {@code <tag/>}: only for SVG elements and the HTML void
   * elements ({@code meta}, {@code br}), which an HTML parser reads the same way.
   */
  Markup empty(String tag, String... attributes) {
    out.append('<').append(tag);
    attributes(attributes);
    out.append("/>");
    return this;
  }

  /** {@code <tag attributes>text</tag>} with the text escaped. */
  Markup element(String tag, String text, String... attributes) {
    return open(tag, attributes).text(text).close(tag);
  }

  Markup text(String text) {
    out.append(escape(text));
    return this;
  }

  /** Appends trusted constant markup of this package (never user input). */
  Markup raw(String markup) {
    out.append(markup);
    return this;
  }

  Markup newline() {
    out.append('\n');
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void attributes(String[] attributes) {
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException("attributes (" + attributes.length + " strings) must be name, value pairs");
    }
    for (int i = 0; i < attributes.length; i += 2) {
      if (attributes[i + 1] == null) {
        continue;
      }
      out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
    }
  }

  /**
   * Escapes {@code & < > " '} and replaces characters that XML 1.0 forbids (controls other than
   * tab, newline and carriage return, lone surrogates, U+FFFE and U+FFFF) with U+FFFD, so the
   * result is safe as HTML text, as a quoted attribute value, and as XML.
   */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder b = null;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      String replacement;
      switch (c) {
        case '&' -> replacement = "&amp;";
        case '<' -> replacement = "&lt;";
        case '>' -> replacement = "&gt;";
        case '"' -> replacement = "&quot;";
        case '\'' -> replacement = "&#39;";
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
            if (b != null) {
              b.append(c).append(text.charAt(i + 1));
            }
            i++;
            continue;
          }
          boolean allowed = (c >= 0x20 && c < 0xD800) || c == '\t' || c == '\n' || c == '\r'
              || (c >= 0xE000 && c < 0xFFFE);
          replacement = allowed ? null : "\uFFFD";
        }
      }
      if (replacement != null && b == null) {
        b = new StringBuilder(n + 16).append(text, 0, i);
      }
      if (b != null) {
        if (replacement != null) {
          b.append(replacement);
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? text : b.toString();
  }

  /** A coordinate with at most two decimals and no trailing zeros: {@code 12}, {@code 12.5}, {@code -0.25}. */
  static String num(double v) {
    if (!Double.isFinite(v)) {
      return "0";
    }
    BigDecimal d = BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
    if (d.signum() == 0) {
      return "0";
    }
    return d.toPlainString();
  }
}

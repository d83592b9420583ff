package dev.tandem.llm.intent;

import java.util.List;

/**
 * Removes edge words from a query: what {@code replaceAll("")} with the pattern {@link #REGEX}
 * removes (leading edge words such as "the", "books", "for" with the spaces and commas after them;
 * trailing ones with the spaces and commas before them; a leading 的; a trailing 的 with the spaces
 * and commas before it), found in linear time. As a regular expression it recursed once per edge
 * word in java.util.regex (a request of "the the the ..." overflowed the stack) and retried its
 * trailing part from every position. Word boundaries are the regex's ({@code \b}: a letter, digit
 * or underscore on one side only, a combining mark counting as its base letter), letters compare
 * without case in ASCII only, and an end is the regex's {@code $} (the end, or before a final line
 * terminator). Stateless.
 */
final class EdgeWords {
  /** The pattern this class implements (documentation and test oracle; not used to match). */
  static final String REGEX = "(?i)^(?:(?:the|a|an|but|and|or|from|of|with|to|in|on|for|rated|books?|novels?)\\b[\\s,]*)+"
      + "|(?:[\\s,]*\\b(?:the|a|an|but|and|or|from|of|with|to|in|on|for|rated|books?|novels?))+$|^的|[,，\\s]*的$";

  private static final List<String> WORDS = List.of("the", "a", "an", "but", "and", "or", "from", "of", "with",
      "to", "in", "on", "for", "rated", "books", "book", "novels", "novel");

  private EdgeWords() {}

  /** {@code q} without its edge words (see the class comment). */
  static String strip(String q) {
    int n = q.length();
    if (n == 0) {
      return q;
    }
    // chainEnd[p]: where the trailing alternative ([\s,]*\bW)+$ matched from p ends, or -1
    int[] chainEnd = new int[n + 1];
    chainEnd[n] = -1;
    int word = n; // first position >= p that is not a space or comma
    for (int p = n - 1; p >= 0; p--) {
      if (!isSpaceOrComma(q.charAt(p))) {
        word = p;
      }
      chainEnd[p] = -1;
      if (word < n && boundary(q, word)) {
        for (String w : WORDS) {
          int e = word + w.length();
          if (startsWithIgnoreAsciiCase(q, word, w)) {
            if (atEnd(q, e)) {
              chainEnd[p] = e;
              break;
            }
            if (e < n && chainEnd[e] >= 0) {
              chainEnd[p] = chainEnd[e];
              break;
            }
          }
        }
      }
    }
    int deEnd = -1; // the end (as $ sees it) right after a final 的
    for (int e = n; e >= Math.max(1, n - 2); e--) {
      if (atEnd(q, e) && q.charAt(e - 1) == '的') {
        deEnd = e;
        break;
      }
    }
    int deRun = deEnd - 1; // where the spaces and commas before the final 的 start
    while (deRun > 0 && isSeparatorOrFullComma(q.charAt(deRun - 1))) {
      deRun--;
    }
    StringBuilder out = new StringBuilder(n);
    int from;
    int leading = leadingEnd(q);
    if (leading > 0) {
      from = leading;
    } else if (chainEnd[0] >= 0) {
      return out.append(q, chainEnd[0], n).toString();
    } else if (q.charAt(0) == '的') {
      from = 1;
    } else if (deEnd >= 0 && deRun == 0) {
      return out.append(q, deEnd, n).toString();
    } else {
      from = 0;
    }
    for (int p = Math.max(from, 1); p < n; p++) {
      int end = chainEnd[p] >= 0 ? chainEnd[p] : deEnd >= 0 && p >= deRun && p < deEnd ? deEnd : -1;
      if (end >= 0) {
        return out.append(q, from, p).append(q, end, n).toString();
      }
    }
    return out.append(q, from, n).toString();
  }

  /** Where the leading alternative ^(W\b[\s,]*)+ ends, or 0 when it does not match. */
  private static int leadingEnd(String q) {
    int pos = 0;
    while (true) {
      int next = -1;
      for (String w : WORDS) {
        if (startsWithIgnoreAsciiCase(q, pos, w) && boundary(q, pos + w.length())) {
          next = pos + w.length();
          break;
        }
      }
      if (next < 0) {
        return pos;
      }
      pos = next;
      while (pos < q.length() && isSpaceOrComma(q.charAt(pos))) {
        pos++;
      }
    }
  }

  private static boolean isSeparatorOrFullComma(char c) {
    return c == '，' || isSpaceOrComma(c);
  }

  private static boolean isSpaceOrComma(char c) {
    return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  private static boolean startsWithIgnoreAsciiCase(String q, int at, String lowerWord) {
    if (at + lowerWord.length() > q.length()) {
      return false;
    }
    for (int k = 0; k < lowerWord.length(); k++) {
      char c = q.charAt(at + k);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lowerWord.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** java.util.regex's {@code $} without MULTILINE: at the end, or before a final line terminator. */
  static boolean atEnd(String q, int e) {
    int n = q.length();
    if (e == n) {
      return true;
    }
    if (e == n - 2) {
      return q.charAt(e) == '\r' && q.charAt(e + 1) == '\n';
    }
    if (e == n - 1) {
      char c = q.charAt(e);
      if (c == '\n') {
        return !(e > 0 && q.charAt(e - 1) == '\r');
      }
      return c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
    return false;
  }

  /** java.util.regex's {@code \b} (Java 17, without UNICODE_CHARACTER_CLASS) at {@code i}. */
  static boolean boundary(String q, int i) {
    boolean left = false;
    if (i > 0) {
      int ch = Character.codePointBefore(q, i);
      left = isWord(ch) || (Character.getType(ch) == Character.NON_SPACING_MARK && hasBase(q, i - 1));
    }
    boolean right = false;
    if (i < q.length()) {
      int ch = Character.codePointAt(q, i);
      right = isWord(ch) || (Character.getType(ch) == Character.NON_SPACING_MARK && hasBase(q, i));
    }
    return left != right;
  }

  private static boolean isWord(int ch) {
    return ch == '_' || Character.isLetterOrDigit(ch);
  }

  /** Whether the marks ending at {@code x} follow a letter or digit (the regex's look back over marks). */
  private static boolean hasBase(String q, int x) {
    for (; x >= 0; x--) {
      int ch = Character.codePointAt(q, x);
      if (Character.isLetterOrDigit(ch)) {
        return true;
      }
      if (Character.getType(ch) != Character.NON_SPACING_MARK) {
        return false;
      }
    }
    return false;
  }
}

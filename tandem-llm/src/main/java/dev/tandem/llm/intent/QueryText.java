package dev.tandem.llm.intent;

import java.util.regex.Pattern;

/**
 * The semantic query of a request: what is left once the rules took their words and negated words
 * are dropped (for a search: the topic), without filler words and edge punctuation.
 */
final class QueryText {
  private QueryText() {}

  /** The request without the chars the rules took and without negation scopes (cues included), cleaned. */
  static String rest(RequestText r, NegationScopes negations) {
    boolean[] negated = negations.covered(r.text.length());
    StringBuilder b = new StringBuilder(r.text.length());
    for (int i = 0; i < r.text.length(); i++) {
      b.append(r.used[i] || negated[i] ? ' ' : r.text.charAt(i));
    }
    return clean(b.toString());
  }

  private static final Pattern FILLER = Pattern.compile(
      "(?i)\\b(?:please|recommend(?: me)?|suggest(?: me)?|give me|show me|surprise me(?: with)?|i want|i'd like"
      + "|i'm looking for|looking for|more like|something like|anything like|books like|similar to|in the vein of"
      + "|like)\\b|请|给我推荐|给我|推荐|再来|类似|那样|一样");

  // Patterns on request text are linear: each try from a position does bounded work, or a run is
  // tried from its first char only (a lookbehind for the run's class, then a possessive quantifier:
  // a try from inside a run would fail or match the same way, and on a long run every such try is a
  // scan to the run's end). Repetitions of groups are bounded or possessive: java.util.regex
  // recurses once per iteration of a greedy group, and overflowed the stack on long requests.
  private static final Pattern BRACKETS = Pattern.compile("《|》");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern BOOK_EDGE_ZH = Pattern.compile("^的|的?(?:书籍|书|小说)$");
  private static final Pattern EDGE_PUNCT = Pattern.compile(
      "^[\\p{Punct}，。；！？、\\s]++|(?<![\\p{Punct}，。；！？、\\s])[\\p{Punct}，。；！？、\\s]++$");
  private static final Pattern COMMA_RUN = Pattern.compile("(?<!\\s)\\s*+([,，])\\s*+(?:[,，]\\s*+)++");

  /** {@code s} without filler ("please", "recommend me", 推荐...), 《》, edge punctuation and edge words. */
  static String clean(String s) {
    String q = SPACES.matcher(BRACKETS.matcher(FILLER.matcher(s).replaceAll(" ")).replaceAll(" ")).replaceAll(" ")
        .strip();
    q = BOOK_EDGE_ZH.matcher(q).replaceAll("").strip();
    q = EDGE_PUNCT.matcher(q).replaceAll("");
    q = COMMA_RUN.matcher(q).replaceAll("$1 ").strip();
    return EdgeWords.strip(q).strip();
  }
}

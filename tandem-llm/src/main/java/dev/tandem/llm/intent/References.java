package dev.tandem.llm.intent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References to catalogue items: titles found through a {@link TitleIndex}, and ordinals ("the
 * second one", 第二本, "number 3", 最后一本) into the previous turn's list.
 */
final class References {
  private References() {}

  private static final String ORD = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last"
      + "|\\d{1,2}(?:st|nd|rd|th)";
  private static final Pattern ORDINAL_EN = Pattern.compile(
      "\\b(?:(?:the|that|this)\\s+(" + ORD + ")(?:\\s+(?:one|book|title|pick|item|suggestion|option))?"
      + "|(" + ORD + ")\\s+(?:one|book|title|pick|suggestion|option))\\b");
  private static final Pattern ORDINAL_ZH = Pattern.compile(
      "第\\s*+(\\d++)\\s*+[本个部项条种款]?|最后\\s*+(?:1|那|这)?\\s*+[本个部项]");
  /** "the top one", "number 3", "#2": positions in the previous turn's list (only when one was shown). */
  private static final Pattern ORDINAL_POS = Pattern.compile(
      "\\b(?:the\\s+)?(top)\\s+(?:one|pick|book|suggestion)\\b|\\bnumber\\s+(\\d{1,2})\\b|#(\\d{1,2})\\b");
  private static final List<String> ORD_WORDS = List.of("first", "second", "third", "fourth", "fifth", "sixth",
      "seventh", "eighth", "ninth", "tenth");

  /**
   * The items the request refers to, in order of mention and each once: titles (in 《》, Chinese in
   * the text, Latin by fuzzy token match) and positions in {@code shown}; their chars are taken.
   * {@code starts} receives each reference's start in the text.
   */
  static List<Reference> find(RequestText r, TitleIndex idx, List<String> shown, List<Integer> starts) {
    // ordinals with a noun ("the second one", 第二本) first, so a title cannot take them ("Seconds")
    List<int[]> ordinals = new ArrayList<>();
    ordinals(r, shown, ordinals, true);
    List<TitleIndex.Hit> hits = new ArrayList<>();
    // 《...》: what the pattern 《([^》]+)》 finds, by index (its find from every 《 of "《《《..."
    // scanned to the end of the text each time)
    int from = 0;
    while (true) {
      int open = r.text.indexOf('《', from);
      int close = open < 0 ? -1 : r.text.indexOf('》', open + 1);
      if (close < 0) {
        break;
      }
      if (close == open + 1) {
        from = open + 1; // 《》: nothing inside
        continue;
      }
      String best = idx.quoted(r.text.substring(open + 1, close).strip());
      if (best != null) {
        hits.add(new TitleIndex.Hit(best, open, close + 1, 100, 100, false));
      }
      from = close + 1;
    }
    hits.addAll(idx.matchCjk(r.text, r.used));
    hits.addAll(idx.matchLatin(r.lower, r.text, r.used));
    hits.sort(Comparator.comparingInt((TitleIndex.Hit h) -> -h.matched())
        .thenComparingInt(h -> -(h.matched() == h.size() ? 1 : 0))
        .thenComparingInt(h -> h.head() ? 1 : 0)
        .thenComparingInt(TitleIndex.Hit::start).thenComparing(TitleIndex.Hit::itemId));
    List<TitleIndex.Hit> kept = new ArrayList<>();
    for (TitleIndex.Hit h : hits) {
      if (r.free(h.start(), h.end())) {
        r.use(h.start(), h.end());
        kept.add(h);
      }
    }
    ordinals(r, shown, ordinals, false);
    List<int[]> spans = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<String> mentions = new ArrayList<>();
    for (TitleIndex.Hit h : kept) {
      spans.add(new int[] {h.start(), ids.size()});
      ids.add(h.itemId());
      mentions.add(r.text.substring(h.start(), h.end()));
    }
    for (int[] o : ordinals) {
      if (o[1] >= 0 && o[1] < shown.size()) {
        spans.add(new int[] {o[0], ids.size()});
        ids.add(shown.get(o[1]));
        mentions.add("#" + (o[1] + 1));
      }
    }
    spans.sort(Comparator.comparingInt((int[] s) -> s[0]));
    List<Reference> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int[] s : spans) {
      String id = ids.get(s[1]);
      if (seen.add(id)) {
        out.add(new Reference(mentions.get(s[1]), id));
        starts.add(s[0]);
      }
    }
    return out;
  }

  private static final Pattern ORDINAL_NOUN = Pattern.compile("(?:one|book|title|pick|item|suggestion|option)$");

  /**
   * Positions in the previous turn's list named in the request, as {start, index} (index may fall
   * outside {@code shown}; the caller drops those). With {@code withNoun}, only forms that say
   * which thing is meant ("the second one", 第二本, "number 3"), matched before titles.
   */
  private static void ordinals(RequestText r, List<String> shown, List<int[]> ordinals, boolean withNoun) {
    Matcher m = ORDINAL_EN.matcher(r.lower);
    while (m.find()) {
      if (!r.free(m.start(), m.end()) || withNoun != ORDINAL_NOUN.matcher(m.group()).find()) {
        continue;
      }
      String w = m.group(1) != null ? m.group(1) : m.group(2);
      int index = w.equals("last") ? shown.size() - 1
          : Character.isDigit(w.charAt(0)) ? Numerals.digits(w.substring(0, w.length() - 2)) - 1
          : ORD_WORDS.indexOf(w);
      r.use(m.start(), m.end());
      ordinals.add(new int[] {m.start(), index});
    }
    Matcher pos = ORDINAL_POS.matcher(r.lower);
    while (!shown.isEmpty() && pos.find()) {
      if (!r.free(pos.start(), pos.end())) {
        continue;
      }
      int index = pos.group(1) != null ? 0
          : Numerals.digits(pos.group(2) != null ? pos.group(2) : pos.group(3)) - 1;
      r.use(pos.start(), pos.end());
      ordinals.add(new int[] {pos.start(), index});
    }
    Matcher z = ORDINAL_ZH.matcher(r.text);
    while (z.find()) {
      if (!r.free(z.start(), z.end())) {
        continue;
      }
      int index = z.group(1) != null ? Numerals.digits(z.group(1)) - 1 : shown.size() - 1;
      r.use(z.start(), z.end());
      ordinals.add(new int[] {z.start(), index});
    }
  }
}

package dev.tandem.llm.intent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small keyword parser, the in-process fallback of {@link IntentParsers#inProcess}: catalogue
 * labels named in the text are included, or excluded when a negation ({@code no}, {@code not},
 * {@code nothing}, {@code without}, {@code 不要}, {@code 别}, {@code 不}) comes right before them;
 * other negated words become excluded terms; "under/over/between N and M attribute" on a numeric
 * attribute becomes a range; a number before a noun ("5 books", "推荐3本") the count; ordinals
 * name the previous turn's items ("the second one", "第二本"), as an unwanted item (its id also in
 * {@code exclude}) after a negation; a title of at least four characters named in the text is a
 * reference; generic labels ({@code books}, {@code to-read}, ...) and Latin labels under three
 * letters are never constraints. Goal: similar-to with references and "like/similar/更多/像", search for "about/find/
 * 关于/找", else recommend. Stateless and thread-safe.
 */
final class KeywordIntentParser implements IntentParser {
  private static final Pattern NEG_EN = Pattern.compile(
      "\\b(?:no|not|nothing|without|avoid|except|but not)\\s+(?:too\\s+|any\\s+|more\\s+|very\\s+)?([\\p{L}\\p{N}-]+)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern NEG_ZH = Pattern.compile("(?:不要|别|不想要|不|没有)([\\p{IsHan}]{1,4}?)(?:的|了|，|,|。|$)");
  private static final Pattern ORDINAL_EN = Pattern.compile(
      "\\b(?:the\\s+)?(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last)\\s+(?:one|item|book|movie|film)\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern ORDINAL_ZH = Pattern.compile("第([一二三四五12345])[本个部件]");
  private static final Pattern RANGE_EN = Pattern.compile("\\b(under|below|less than|fewer than|at most|over|above|"
      + "more than|at least|after|before|between|from)\\s+(\\d+(?:\\.\\d+)?)(?:\\s*(?:and|to|-)\\s*(\\d+(?:\\.\\d+)?))?"
      + "\\s*([\\p{L}]+)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern COUNT_EN = Pattern.compile("\\b(\\d{1,3})\\s+(?:[\\p{L}-]+\\s+){0,3}?(?:books|movies|"
      + "films|items|titles|novels|ones|picks|things|products|songs|shows|stories|mysteries|thrillers)\\b|"
      + "\\b(?:top|give me|show me|recommend|suggest)\\s+(\\d{1,3})\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern COUNT_ZH = Pattern.compile("([0-9]{1,3}|[一二两三四五六七八九十])[本部个件首]");
  /**
   * Labels too generic to be a constraint when named (user tags such as {@code to-read} or
   * {@code books} would otherwise filter on words every request uses).
   */
  private static final Set<String> GENERIC = Set.of("book", "books", "novel", "novels", "read", "reading", "to-read",
      "currently-reading", "favorites", "favourites", "owned", "own", "default", "library", "kindle", "ebook",
      "ebooks", "audiobook", "audiobooks", "my-books", "books-i-own", "i-own", "all", "some", "good", "best", "more",
      "like", "about", "want", "something", "movie", "movies", "film", "films", "item", "items", "series");
  private static final String ZH_DIGITS = "一二三四五六七八九十";

  @Override
  public Intent parse(String text, IntentCatalogue catalogue, List<String> shown) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("text must not be blank");
    }
    String lower = text.toLowerCase(Locale.ROOT);
    boolean zh = lower.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    StringBuilder rest = new StringBuilder(lower);
    Set<String> include = new LinkedHashSet<>();
    Set<String> exclude = new LinkedHashSet<>();
    List<Range> ranges = new ArrayList<>();
    List<Reference> refs = new ArrayList<>();
    int count = 0;

    Matcher m = (zh ? ORDINAL_ZH : ORDINAL_EN).matcher(lower);
    while (m.find()) {
      int k = ordinal(m.group(1), shown.size());
      if (k >= 0 && k < shown.size()) {
        refs.add(new Reference(text.substring(m.start(), m.end()), shown.get(k)));
        int neg = negation(lower, m.start());
        if (neg >= 0) {
          exclude.add(shown.get(k));
        }
        blank(rest, neg >= 0 ? neg : m.start(), m.end());
      }
    }
    if (!zh) {
      m = RANGE_EN.matcher(lower);
      while (m.find()) {
        String attr = m.group(4) == null ? "" : m.group(4);
        String a = attribute(attr, catalogue);
        if (a == null) {
          continue;
        }
        double x = Double.parseDouble(m.group(2));
        double y = m.group(3) == null ? x : Double.parseDouble(m.group(3));
        String w = m.group(1).toLowerCase(Locale.ROOT);
        Range r = switch (w) {
          case "under", "below", "less than", "fewer than", "at most", "before" ->
              new Range(a, Double.NEGATIVE_INFINITY, x);
          case "between", "from" -> new Range(a, Math.min(x, y), Math.max(x, y));
          default -> new Range(a, x, Double.POSITIVE_INFINITY);
        };
        ranges.add(r);
        blank(rest, m.start(), m.end());
      }
    }
    m = (zh ? COUNT_ZH : COUNT_EN).matcher(rest);
    if (m.find()) {
      int g = m.group(1) != null ? 1 : 2;
      String c = m.group(g);
      int i = ZH_DIGITS.indexOf(c);
      count = i >= 0 ? i + 1 : c.equals("两") ? 2 : Integer.parseInt(c);
      blank(rest, m.start(g), m.end(g));
    }
    // labels, longest first, so that "science fiction" wins over "fiction"
    List<String> labels = new ArrayList<>(catalogue.labels().keySet());
    labels.sort((a, b) -> b.length() != a.length() ? b.length() - a.length() : a.compareTo(b));
    for (String label : labels) {
      if (GENERIC.contains(label) || (label.length() < 3 && label.chars().allMatch(c -> c < 0x2E80))) {
        continue;
      }
      for (String form : forms(label)) {
        int at = find(rest, form, zh);
        if (at >= 0) {
          int neg = negation(rest.toString(), at);
          (neg >= 0 ? exclude : include).add(label);
          blank(rest, neg >= 0 ? neg : at, at + form.length());
          break;
        }
      }
    }
    m = (zh ? NEG_ZH : NEG_EN).matcher(rest);
    while (m.find()) {
      String term = m.group(1).strip();
      if (!term.isEmpty()) {
        exclude.add(term);
      }
      blank(rest, m.start(), m.end());
    }
    Map<String, String> titles = catalogue.titles();
    for (Map.Entry<String, String> t : titles.entrySet()) {
      String title = t.getValue().toLowerCase(Locale.ROOT);
      int at = title.length() >= 4 ? rest.indexOf(title) : -1;
      if (at >= 0 && (zh || boundary(rest, at, at + title.length()))) {
        refs.add(new Reference(t.getValue(), t.getKey()));
        blank(rest, at, at + title.length());
      }
    }
    Goal goal = Goal.RECOMMEND;
    if (!refs.isEmpty() && Pattern.compile("\\b(like|similar|more of)\\b|像|类似|更多").matcher(lower).find()) {
      goal = Goal.SIMILAR_TO;
    } else if (Pattern.compile("^\\s*(find|search|look for)\\b|\\babout\\b|关于|找").matcher(lower).find()) {
      goal = Goal.SEARCH;
    }
    String query = rest.toString()
        .replaceAll("\\b(i|want|would|like|some|please|recommend|me|give|show|more|similar|to|and|a|an|the|one|"
            + "books?|movies?|films?|items?|something|anything|find|search|look|for|about|too)\\b", " ")
        .replaceAll("[推荐几本部给我一些想要看的吧呢，。,.!?？！、]+", " ")
        .replaceAll("\\s+", " ").strip();
    return new Intent(goal, List.copyOf(include), List.copyOf(exclude), ranges, count, refs, query, zh ? "zh" : "en");
  }

  /**
   * A label, its spelling with spaces for hyphens ("science-fiction", "science fiction") and its
   * English plural ("mystery", "mysteries"; "thriller", "thrillers"), plural first.
   */
  private static List<String> forms(String label) {
    List<String> out = new ArrayList<>(List.of(label));
    if (label.indexOf('-') > 0) {
      out.add(label.replace('-', ' '));
    }
    if (label.isEmpty() || !Character.isLetter(label.charAt(label.length() - 1))) {
      return out;
    }
    if (label.endsWith("y")) {
      out.add(0, label.substring(0, label.length() - 1) + "ies");
    } else if (label.endsWith("s") || label.endsWith("x") || label.endsWith("ch") || label.endsWith("sh")) {
      out.add(0, label + "es");
    } else {
      out.add(0, label + "s");
    }
    return out;
  }

  private static String attribute(String word, IntentCatalogue catalogue) {
    for (String a : catalogue.numericAttributes()) {
      if (word.equals(a) || word.equals(a + "s") || (a.endsWith("s") && word.equals(a.substring(0, a.length() - 1)))) {
        return a;
      }
    }
    return null;
  }

  private static int ordinal(String w, int shown) {
    return switch (w.toLowerCase(Locale.ROOT)) {
      case "first", "1st", "一", "1" -> 0;
      case "second", "2nd", "二", "2" -> 1;
      case "third", "3rd", "三", "3" -> 2;
      case "fourth", "4th", "四", "4" -> 3;
      case "fifth", "5th", "五", "5" -> 4;
      case "last" -> shown - 1;
      default -> -1;
    };
  }

  private static final Pattern NEG_BEFORE = Pattern.compile(
      "(\\b(no|not|nothing|without|avoid|except)\\s+(too\\s+|any\\s+|more\\s+|that\\s+)?$)|(不要|别|不想要|不|没有)$");

  /** Where a negation ending right before {@code at} starts, or -1. */
  private static int negation(String s, int at) {
    int from = Math.max(0, at - 20);
    Matcher m = NEG_BEFORE.matcher(s.substring(from, at));
    return m.find() ? from + m.start() : -1;
  }

  private static int find(StringBuilder s, String label, boolean zh) {
    int from = 0;
    while (true) {
      int at = s.indexOf(label, from);
      if (at < 0) {
        return -1;
      }
      if (zh && label.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)
          || boundary(s, at, at + label.length())) {
        return at;
      }
      from = at + 1;
    }
  }

  private static boolean boundary(CharSequence s, int start, int end) {
    return (start == 0 || !Character.isLetterOrDigit(s.charAt(start - 1)))
        && (end >= s.length() || !Character.isLetterOrDigit(s.charAt(end)));
  }

  private static void blank(StringBuilder s, int start, int end) {
    for (int i = start; i < end; i++) {
      s.setCharAt(i, ' ');
    }
  }
}

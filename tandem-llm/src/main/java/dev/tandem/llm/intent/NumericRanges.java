package dev.tandem.llm.intent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ranges stated with numbers on {@link IntentCatalogue#numericAttributes()}: the attribute comes
 * from a unit ($ € £ dollars euros pages stars 页 元 星 分 年), a 4-digit year or decade, or a nearby
 * attribute word (price, rating, 评分, 价格); the bound from a cue before or after the number (under,
 * at least, between, after, before, since, 以内, 以上, 之后, 以前, 之间...), or its negation ("nothing
 * before 2000"). Bounds are the stated number, inclusive, except English after/before on years,
 * which are strict.
 */
final class NumericRanges {
  private NumericRanges() {}

  private static final Pattern NUMBER = Pattern.compile(
      "([$€£])?\\s?(\\d+(?:\\.\\d+)?)(s\\b)?(\\+)?"
      + "(\\s*(?:pages?\\b|pp\\b|stars?\\b|dollars?\\b|bucks\\b|euros?\\b|pounds?\\b|usd\\b|eur\\b"
      + "|rating\\b|页|美元|美金|元|块钱|块|星|分|年代|年))?");
  private static final Pattern ATTR_WORD = Pattern.compile(
      "(price|priced|cost|costs|costing|cheaper|pricier|价格|价钱|售价)|(rating|rated|score|评分|分数)"
      + "|(pages|page count|length|页数)");
  private static final Pattern PREFIX = Pattern.compile(
      "(?:(?<max>under|below|less than|fewer than|at most|no more than|not more than|not over|nothing over"
      + "|nothing above|up to|cheaper than|shorter than|maximum|max|within|no longer than|lower than|smaller than"
      + "|不超过|少于|低于|不到|不足|最多|小于)"
      + "|(?<min>over|above|more than|at least|no less than|not under|minimum|min|longer than|greater than"
      + "|higher than|超过|多于|高于|至少|大于|不少于|不低于|最少)"
      + "|(?<after>after|newer than|later than|post-?)|(?<before>before|older than|earlier than|pre-?)"
      + "|(?<since>since|starting)|(?<in>from the|from|in the|in))(?:\\s+an?)?\\s*$");
  private static final Pattern SUFFIX = Pattern.compile(
      "^\\s*(?:(?<max>以内|以下|之内|内|or less|or fewer|or under|or below|max\\b|maximum|tops\\b|at most|or earlier|or cheaper)"
      + "|(?<min>以上|or more|or above|or higher|or better|minimum|min\\b|at least|and up|and above|plus\\b"
      + "|or later|or newer|onwards|on\\b"
      + "|以后|之后|后)|(?<before>以前|之前|前))");
  private static final Pattern BETWEEN_SEP = Pattern.compile("^\\s*(?:and|to|-|–|~|到|至)\\s*$");
  private static final Pattern SETTING = Pattern.compile("\\bset\\s+(?:in|during)\\s+(?:the\\s+)?$");
  private static final Pattern LAST_CENTURY = Pattern.compile("(?:上个?世纪|二十世纪|20世纪)的?$");
  private static final Pattern AGE_OWNER = Pattern.compile(
      "\\b(?:daughter|son|kid|child|niece|nephew|boy|girl|grandson|granddaughter|grandchild|grandkid)"
      + "(?:\\s+(?:is|who\\s+is|who's|turned|turning|just\\s+turned|aged))?\\s*,?\\s*$");
  private static final Pattern AGE = Pattern.compile("\\d++\\s*+[- ]?\\s*+(?:years?|yrs?)[- ]?old|\\d++\\s*+岁");
  private static final Pattern RANGE_LEAD = Pattern.compile("(?:between|from|在)\\s*$");
  private static final Pattern RANGE_TAIL = Pattern.compile("^\\s*(?:之间|的范围|范围内)");

  // (compiled once: String.matches compiles its pattern on every call, once per number of the request)
  private static final Pattern PRICE_UNIT = Pattern.compile("dollars?|bucks|euros?|pounds?|usd|eur|美元|美金|元|块钱|块");
  private static final Pattern PAGES_UNIT = Pattern.compile("pages?|pp|页");
  private static final Pattern RATING_UNIT = Pattern.compile("stars?|rating|星|分");

  /** A number in the request. */
  private record Num(int start, int numStart, int end, double value, String attribute, boolean decade,
      boolean plus) {}

  /**
   * Adds the ranges the request states on {@code attrs} (units, years, attribute words, cues, "between
   * a and b") and takes their chars; a reader's age ("for a 10 year old") sets {@link
   * RequestText#ageLabel} instead.
   */
  static void add(RequestText r, Set<String> attrs, List<Range> ranges) {
    List<Num> nums = new ArrayList<>();
    Matcher m = NUMBER.matcher(r.lower);
    while (m.find()) {
      if (!r.free(m.start(2), m.end(2))) {
        continue;
      }
      if (m.start(2) > 0 && Character.isLetter(r.lower.charAt(m.start(2) - 1))
          && !LabelLexicon.isCjk(r.lower.charAt(m.start(2) - 1))) {
        continue; // part of a word such as "mp3"
      }
      double v = Double.parseDouble(m.group(2));
      String unit = m.group(5) == null ? "" : m.group(5).strip();
      if ((m.group(3) != null || unit.equals("年代")) && m.group(2).length() == 2) {
        // "the 80s", 90年代; 上世纪/二十世纪 (last century) fixes the 1900s
        int lead = Math.max(0, m.start(2) - 5);
        Matcher century = LAST_CENTURY.matcher(r.lower.substring(lead, m.start(2)));
        boolean last = century.find();
        if (last) {
          r.use(lead + century.start(), lead + century.end());
        }
        v += last || v >= 30 ? 1900 : 2000;
      }
      String attr = null;
      boolean decade = m.group(3) != null || unit.equals("年代");
      if (m.group(1) != null || PRICE_UNIT.matcher(unit).matches()) {
        attr = "price";
      } else if (PAGES_UNIT.matcher(unit).matches()) {
        attr = "pages";
      } else if (RATING_UNIT.matcher(unit).matches()) {
        attr = "rating";
      } else if (unit.startsWith("年") || decade) {
        attr = "year";
      } else if (m.group(2).length() == 4 && v >= 1000 && v <= 2100) { // 4 chars and >= 1000: four digits
        attr = "year";
      } else {
        String before = clause(r.lower, Math.max(0, m.start() - 24), m.start(), true);
        Matcher a = ATTR_WORD.matcher(before);
        while (a.find()) {
          attr = a.group(1) != null ? "price" : a.group(2) != null ? "rating" : "pages";
        }
      }
      if ("year".equals(attr) && SETTING.matcher(r.lower.substring(Math.max(0, m.start(2) - 12), m.start(2))).find()) {
        r.use(m.start(2), m.end()); // "set in the 1920s" is the story's time, not the publication year
        continue;
      }
      Matcher age = AGE.matcher(r.lower).region(m.start(2), r.lower.length());
      boolean owner = unit.isEmpty() && m.group(1) == null
          && AGE_OWNER.matcher(r.lower.substring(Math.max(0, m.start(2) - 32), m.start(2))).find();
      if (owner) {
        r.use(m.start(2), m.end(2)); // "my daughter is 15": a reader's age
        int years = (int) v;
        r.ageLabel = years <= 12 ? "children" : years <= 17 ? "young adult" : null;
        continue;
      }
      if (age.lookingAt()) {
        r.use(m.start(2), age.end()); // "a 10 year old" is a reader's age, not a count
        int years = (int) v;
        r.ageLabel = years <= 12 ? "children" : years <= 17 ? "young adult" : null;
        continue;
      }
      nums.add(new Num(m.start(), m.start(2), m.end(), v, attr, decade, m.group(4) != null));
    }
    for (int i = 0; i < nums.size(); i++) {
      Num a = nums.get(i);
      if (i + 1 < nums.size()) {
        Num b = nums.get(i + 1);
        String between = r.lower.substring(a.end(), b.start());
        if (BETWEEN_SEP.matcher(between).matches() && (a.attribute() != null || b.attribute() != null)) {
          String attr = a.attribute() != null ? a.attribute() : b.attribute();
          int start = a.start();
          Matcher lead = RANGE_LEAD.matcher(r.lower.substring(Math.max(0, start - 9), start));
          if (lead.find()) {
            start = Math.max(0, start - 9) + lead.start();
          }
          int end = b.end();
          Matcher tail = RANGE_TAIL.matcher(r.lower).region(end, r.lower.length());
          if (tail.lookingAt()) {
            end = tail.end();
          }
          String name = AttributeNames.resolve(attr, attrs);
          if (name != null) {
            ranges.add(new Range(name, Math.min(a.value(), b.value()), Math.max(a.value(), b.value())));
          }
          r.use(start, end);
          i++;
          continue;
        }
      }
      if (a.attribute() == null) {
        continue;
      }
      single(r, a, attrs, ranges);
    }
  }

  private static void single(RequestText r, Num n, Set<String> attrs, List<Range> ranges) {
    String before = clause(r.lower, Math.max(0, n.start() - 30), n.start(), true);
    int beforeStart = n.start() - before.length();
    Matcher p = PREFIX.matcher(before);
    Matcher s = SUFFIX.matcher(clause(r.lower, n.end(), Math.min(r.lower.length(), n.end() + 14), false));
    double lo = Double.NEGATIVE_INFINITY;
    double hi = Double.POSITIVE_INFINITY;
    double v = n.value();
    boolean year = n.attribute().equals("year");
    int start = n.start();
    int end = n.end();
    boolean found = true;
    if (n.plus()) {
      lo = v;
    } else if (s.find()) {
      end += s.end();
      if (s.group("max") != null || s.group("before") != null) {
        hi = v;
      } else {
        lo = v;
      }
    } else if (p.find()) {
      start = beforeStart + p.start();
      Matcher neg = NEGATED_CUE.matcher(before.substring(0, p.start()));
      if (neg.find() && (p.group("max") != null || p.group("min") != null || p.group("after") != null
          || p.group("before") != null)) {
        // "nothing published before 2000", "not longer than 380 pages": the other side, with the
        // stated number inclusive (before 2000 excludes up to 1999, so 2000 is allowed)
        start = beforeStart + neg.start();
        boolean upper = p.group("max") != null || p.group("before") != null;
        ranges.add(negatedRange(n, attrs, upper));
        ranges.removeIf(Objects::isNull);
        r.use(start, end);
        return;
      }
      if (p.group("max") != null) {
        hi = v;
      } else if (p.group("min") != null) {
        lo = v;
      } else if (p.group("after") != null) {
        lo = year ? v + 1 : v;
      } else if (p.group("before") != null) {
        hi = year ? v - 1 : v;
      } else if (p.group("since") != null) {
        lo = v;
      } else if (year) {
        lo = v;
        hi = n.decade() ? v + 9 : v;
      } else {
        found = false;
      }
    } else if (year && (n.decade() || r.lower.substring(n.numStart(), n.end()).contains("年"))) {
      lo = v;
      hi = n.decade() ? v + 9 : v;
    } else {
      found = false;
    }
    if (!found) {
      return;
    }
    if (n.decade() && hi == Double.POSITIVE_INFINITY && lo == v) {
      hi = v + 9;
    }
    String name = AttributeNames.resolve(n.attribute(), attrs);
    if (name != null) {
      ranges.add(new Range(name, lo, hi));
    }
    r.use(start, end);
  }

  private static final Pattern NEGATED_CUE = Pattern.compile(
      "\\b(?:nothing|no|not|never|none)(?:\\s+(?:published|released|written|priced|rated|that'?s|that is|which is"
      + "|books?|titles?))?\\s*$|(?:不要|别|不能|不可以)\\s*$");

  /** A single-sided range on {@code n}'s attribute with the stated value as the inclusive bound on the other side. */
  private static Range negatedRange(Num n, Set<String> attrs, boolean statedUpper) {
    String name = AttributeNames.resolve(n.attribute(), attrs);
    if (name == null) {
      return null;
    }
    return statedUpper ? new Range(name, n.value(), Double.POSITIVE_INFINITY)
        : new Range(name, Double.NEGATIVE_INFINITY, n.value());
  }

  /** The part of [from, to) within one clause: after the last clause mark (back) or before the first. */
  private static String clause(String s, int from, int to, boolean back) {
    String part = s.substring(from, to);
    Matcher c = RequestText.CLAUSE.matcher(part);
    int cut = back ? 0 : part.length();
    while (c.find()) {
      if (back) {
        cut = c.end();
      } else {
        cut = c.start();
        break;
      }
    }
    return back ? part.substring(cut) : part.substring(0, cut);
  }
}

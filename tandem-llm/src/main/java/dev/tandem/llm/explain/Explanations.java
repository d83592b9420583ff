package dev.tandem.llm.explain;

import dev.tandem.core.explain.SharedLabel;
import dev.tandem.core.fusion.Contribution;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes explanations from {@link Grounds} by templates, in English or Chinese: one sentence per
 * recommendation, and a short introduction for a whole list. Every word comes from the evidence
 * or from the fixed template text, so a template explanation is faithful by construction; it is
 * also what a chat explanation falls back to.
 *
 * {@snippet :
 * // "Because you liked *Dune* and *Hyperion* (science fiction); ranked by ease #1 and itemknn #3."
 * String s = new Explanations().sentence(grounds, Language.EN);
 * }
 *
 * <p>Sentence clauses, in order, each only when its evidence exists: the request terms matched;
 * closeness to the interests the user described, when at least half the evidence is the profile;
 * the history items behind it with the labels they share with it (or else the label it shares with
 * most of the history, with that count); the ranks of the channels that retrieved it (at most
 * {@value #MAX_CHANNELS}, by contribution). With none of these: a fallback for popularity, for a
 * profile-only request, or naming the model.
 *
 * <p>Immutable and thread-safe.
 */
public final class Explanations {
  /** At most this many channels are named. */
  public static final int MAX_CHANNELS = 3;
  /** Titles longer than this (code points) are shortened at a word boundary, with an ellipsis. */
  public static final int MAX_TITLE = 60;
  /** From this profile share on, the sentence says the item is close to the interests the user described. */
  public static final double PROFILE_CLAUSE = 0.5;
  /** At most this many labels are named in one sentence. */
  public static final int MAX_LABELS = 2;

  /** The sentence for one recommendation in {@code lang}. */
  public String sentence(Grounds g, Language lang) {
    boolean zh = lang == Language.ZH;
    List<String> clauses = new ArrayList<>();
    if (!g.matchedTerms().isEmpty()) {
      List<String> quoted = new ArrayList<>();
      for (String t : g.matchedTerms()) {
        quoted.add("\u201c" + t + "\u201d");
      }
      clauses.add(zh ? "符合" + join(quoted, lang) : "matches " + join(quoted, lang));
    }
    if (g.profileShare() >= PROFILE_CLAUSE) {
      clauses.add(zh ? "与你描述的兴趣相近" : "close to the interests you described");
    }
    if (!g.because().isEmpty()) {
      List<String> titles = new ArrayList<>();
      for (Cited c : g.because()) {
        titles.add(zh ? "《" + shortTitle(c.name()) + "》" : "*" + shortTitle(c.name()) + "*");
      }
      List<String> labels = new ArrayList<>();
      for (SharedLabel l : g.sharedLabels()) {
        if (l.becauseCount() > 0 && labels.size() < MAX_LABELS) {
          labels.add(l.label());
        }
      }
      String because = zh ? "因为你喜欢" + joinTitles(titles, lang) : "because you liked " + join(titles, lang);
      if (!labels.isEmpty()) {
        because += zh ? "（" + String.join("、", labels) + "）" : " (" + String.join(", ", labels) + ")";
      }
      clauses.add(because);
    } else if (!g.sharedLabels().isEmpty()) {
      SharedLabel l = g.sharedLabels().get(0);
      clauses.add(zh ? "与你喜欢的" + l.historyCount() + "件作品同属" + l.label()
          : "it shares " + l.label() + " with " + l.historyCount() + (l.historyCount() == 1 ? " item" : " items")
              + " you liked");
    }
    List<Contribution> ranked = ranked(g.channels());
    if (!ranked.isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (Contribution c : ranked) {
        parts.add(zh ? c.channel() + " 排第" + c.rank() : c.channel() + " #" + c.rank());
      }
      clauses.add(zh ? String.join("、", parts) : "ranked by " + join(parts, lang));
    }
    if (clauses.isEmpty()) {
      clauses.add(fallback(g, lang));
    }
    return finish(clauses, lang);
  }

  /**
   * A short introduction for a list: the labels most of its items share with the history and the
   * history items cited most (by summed share), e.g. "Picked for you from your love of fantasy and
   * science fiction, and of *Dune* and *Hyperion*."
   */
  public String intro(List<Grounds> items, Language lang) {
    boolean zh = lang == Language.ZH;
    Map<String, int[]> labels = new LinkedHashMap<>(); // label -> {items sharing it, max history count}
    Map<String, double[]> cited = new LinkedHashMap<>(); // name -> {summed share}
    boolean allPopular = !items.isEmpty();
    boolean allProfile = !items.isEmpty();
    for (Grounds g : items) {
      allPopular &= g.basis() == Grounds.Basis.POPULARITY;
      allProfile &= g.basis() == Grounds.Basis.PROFILE;
      for (SharedLabel l : g.sharedLabels()) {
        int[] v = labels.computeIfAbsent(l.label(), k -> new int[2]);
        v[0]++;
        v[1] = Math.max(v[1], l.historyCount());
      }
      for (Cited c : g.because()) {
        cited.computeIfAbsent(c.name(), k -> new double[1])[0] += c.share();
      }
    }
    List<String> topLabels = labels.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, int[]>>comparingInt(e -> -e.getValue()[0])
            .thenComparingInt(e -> -e.getValue()[1]).thenComparing(Map.Entry::getKey))
        .limit(MAX_LABELS).map(Map.Entry::getKey).toList();
    List<String> topTitles = cited.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, double[]>>comparingDouble(e -> -e.getValue()[0])
            .thenComparing(Map.Entry::getKey))
        .limit(2).map(e -> zh ? "《" + shortTitle(e.getKey()) + "》" : "*" + shortTitle(e.getKey()) + "*").toList();
    if (topLabels.isEmpty() && topTitles.isEmpty()) {
      if (allPopular) {
        return zh ? "先从热门作品开始。" : "Popular picks to start with.";
      }
      if (allProfile) {
        return zh ? "根据你描述的兴趣为你挑选。" : "Picked for you from the interests you described.";
      }
      return zh ? "根据你的历史为你挑选。" : "Picked for you from your history.";
    }
    if (zh) {
      String l = topLabels.isEmpty() ? "" : "你对" + joinZh(topLabels) + "的喜爱";
      String t = topTitles.isEmpty() ? "" : "你喜欢的" + joinZh(topTitles);
      return "根据" + l + (l.isEmpty() || t.isEmpty() ? "" : "，以及") + t + (t.isEmpty() ? "" : "，") + "为你挑选。";
    }
    String l = topLabels.isEmpty() ? "" : join(topLabels, lang);
    String t = topTitles.isEmpty() ? "" : join(topTitles, lang);
    return "Picked for you from your love of " + l + (l.isEmpty() || t.isEmpty() ? "" : ", and of ") + t + ".";
  }

  /**
   * The sentence for an item added after training (no history or co-occurrence can explain it
   * yet): that it is new, and the request's {@code matchedTerms} it carries ("New in the catalogue;
   * matches “animation”." / "新上架的作品；符合“animation”。").
   */
  public String fresh(List<String> matchedTerms, Language lang) {
    boolean zh = lang == Language.ZH;
    List<String> quoted = new ArrayList<>();
    for (String t : matchedTerms) {
      quoted.add("\u201c" + t + "\u201d");
    }
    if (zh) {
      return "新上架的作品" + (quoted.isEmpty() ? "" : "；符合" + join(quoted, lang)) + "。";
    }
    return "New in the catalogue" + (quoted.isEmpty() ? "" : "; matches " + join(quoted, lang)) + ".";
  }

  /**
   * Why a request's answer came up short, one sentence, or {@code ""} when it did not ({@code
   * returned >= asked}). When fewer items were retrieved than meet the constraints, it says so;
   * else it names the {@linkplain Narrowing#narrowest narrowest} constraint and how many items
   * there would be without it ("Only 2 items with pages at most 100 match; without that limit
   * there would be 14." / "只有2件页数不超过100的作品符合要求；去掉这一限制会有14件。"); with none,
   * it says how many match.
   *
   * @param returned how many items the answer holds
   * @param asked how many were asked for
   * @param matching how many catalogue items meet every constraint
   * @param constraints the constraints in force with their counts
   */
  public String shortfall(int returned, int asked, int matching, List<Narrowing> constraints, Language lang) {
    if (returned >= asked) {
      return "";
    }
    boolean zh = lang == Language.ZH;
    if (returned < matching) {
      return zh ? "符合条件的" + matching + "件作品中只有" + returned + "件与请求相符。"
          : "Only " + returned + " of the " + matching + " items that meet the request's constraints matched it.";
    }
    Optional<Narrowing> narrowest = Narrowing.narrowest(constraints, matching);
    if (narrowest.isEmpty()) {
      if (zh) {
        return matching == 0 ? "没有作品符合要求。" : "只有" + matching + "件作品符合要求。";
      }
      return matching == 0 ? "No item matches the request."
          : "Only " + matching + (matching == 1 ? " item matches" : " items match") + " the request.";
    }
    Narrowing c = narrowest.get();
    int w = c.withoutIt();
    if (zh) {
      String mod = switch (c.kind()) {
        case INCLUDE -> "属于" + quoted(c.terms(), "或");
        case INCLUDE_ANY -> "属于" + quoted(c.terms(), "或");
        case EXCLUDE -> "不含" + quoted(c.terms(), "或");
        case RANGE -> ZH_ATTRIBUTES.getOrDefault(c.terms().get(0), c.terms().get(0))
            + (Double.isInfinite(c.min()) ? "不超过" + Narrowing.number(c.max())
            : Double.isInfinite(c.max()) ? "不少于" + Narrowing.number(c.min())
            : "在" + Narrowing.number(c.min()) + "到" + Narrowing.number(c.max()) + "之间");
        case SEEN -> "你未看过、未拒绝过";
        case AVAILABLE -> "可供";
      };
      String without = switch (c.kind()) {
        case INCLUDE, INCLUDE_ANY -> "去掉这一标签";
        case EXCLUDE -> "去掉这一排除条件";
        case RANGE -> "去掉这一限制";
        case SEEN -> "算上看过或拒绝过的";
        case AVAILABLE -> "算上不可供的";
      };
      return (matching == 0 ? "没有" : "只有" + matching + "件") + mod + "的作品符合要求；" + without + "会有" + w + "件。";
    }
    String subject = switch (c.kind()) {
      case INCLUDE, INCLUDE_ANY -> "in " + quoted(c.terms(), " or ");
      case EXCLUDE -> "without " + quoted(c.terms(), " or ");
      case RANGE -> "with " + c.terms().get(0) + (Double.isInfinite(c.min()) ? " at most " + Narrowing.number(c.max())
          : Double.isInfinite(c.max()) ? " at least " + Narrowing.number(c.min())
          : " between " + Narrowing.number(c.min()) + " and " + Narrowing.number(c.max()));
      case SEEN -> "you have not seen or turned down";
      case AVAILABLE -> "that are available";
    };
    String without = switch (c.kind()) {
      case INCLUDE, INCLUDE_ANY -> "without that label";
      case EXCLUDE -> "without that exclusion";
      case RANGE -> "without that limit";
      case SEEN -> "counting those";
      case AVAILABLE -> "counting unavailable ones";
    };
    String head = matching == 0 ? "No item " + subject + " matches"
        : "Only " + matching + (matching == 1 ? " item " + subject + " matches" : " items " + subject + " match");
    return head + "; " + without + " there would be " + w + ".";
  }

  /** Chinese names of common numeric attributes in short-answer sentences; others keep their key. */
  static final Map<String, String> ZH_ATTRIBUTES = Map.of("pages", "页数", "year", "年份", "price", "价格",
      "rating", "评分", "minutes", "时长（分钟）", "runtime", "时长");

  private static String quoted(List<String> terms, String or) {
    List<String> q = new ArrayList<>();
    for (String t : terms) {
      q.add("\u201c" + t + "\u201d");
    }
    return String.join(or, q);
  }

  /**
   * {@code title} when at most {@value #MAX_TITLE} code points, else cut before the last space or
   * comma within that length (or at it, when there is none) with "…" appended.
   */
  static String shortTitle(String title) {
    if (title.codePointCount(0, title.length()) <= MAX_TITLE) {
      return title;
    }
    String head = title.substring(0, title.offsetByCodePoints(0, MAX_TITLE));
    int cut = Math.max(head.lastIndexOf(' '), head.lastIndexOf(','));
    if (cut > MAX_TITLE / 2) {
      head = head.substring(0, cut);
    }
    return head.replaceAll("[\\s,;:(\\-]+$", "") + "…";
  }

  /** Retrieved channels (rank > 0), largest contribution first (equal: channel order), at most {@value #MAX_CHANNELS}. */
  static List<Contribution> ranked(List<Contribution> channels) {
    List<Contribution> out = new ArrayList<>();
    for (Contribution c : channels) {
      if (c.retrieved()) {
        out.add(c);
      }
    }
    out.sort((a, b) -> Double.compare(b.contribution(), a.contribution())); // stable: channel order on ties
    return out.size() > MAX_CHANNELS ? List.copyOf(out.subList(0, MAX_CHANNELS)) : List.copyOf(out);
  }

  private static String fallback(Grounds g, Language lang) {
    boolean zh = lang == Language.ZH;
    return switch (g.basis()) {
      case POPULARITY -> zh ? "很受其他用户欢迎" : "popular with other users";
      case PROFILE -> zh ? "与你描述的兴趣相近" : "close to the interests you described";
      case HISTORY -> g.model().isEmpty() ? (zh ? "根据你的历史挑选" : "picked from your history")
          : (zh ? "由 " + g.model() + " 根据你的历史挑选" : "picked by " + g.model() + " from your history");
    };
  }

  private static String finish(List<String> clauses, Language lang) {
    if (lang == Language.ZH) {
      return String.join("；", clauses) + "。";
    }
    String s = String.join("; ", clauses);
    return Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
  }

  /** "a", "a and b", "a, b and c" (en); "a和b", "a、b和c" (zh). */
  static String join(List<String> parts, Language lang) {
    if (lang == Language.ZH) {
      return joinZh(parts);
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
  }

  private static String joinTitles(List<String> titles, Language lang) {
    return join(titles, lang);
  }

  private static String joinZh(List<String> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join("、", parts.subList(0, parts.size() - 1)) + "和" + parts.get(parts.size() - 1);
  }
}

package dev.tandem.llm.explain;

import dev.tandem.core.explain.SharedLabel;
import dev.tandem.core.fusion.Contribution;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

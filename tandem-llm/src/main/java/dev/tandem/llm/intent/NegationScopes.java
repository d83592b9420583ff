package dev.tandem.llm.intent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Negation scopes, each {start of cue, end of scope, end of cue}; a position is negated when it
 * lies in [end of cue, end of scope) of any scope. The union of those intervals is kept sorted,
 * so a look-up is a binary search rather than a pass over every scope.
 *
 * <p>A cue (no, not, don't, without, nothing, avoid, except...; 不要, 不想, 别, 没有, 除了, 不是...)
 * opens a scope that ends at punctuation or a contrast word (but, just; 但, 的). Immutable.
 */
final class NegationScopes {
  private static final Pattern NEG_EN = Pattern.compile(
      "\\b(?:no|not|don't|dont|do not|doesn't|without|nothing|avoid|except|excluding|isn't|isnt|aren't|arent"
      + "|never|none|less(?!\\s+than)|skip|hate|dislike|rather not|anything but|done with|tired of|sick of"
      + "|fed up with|burn[et] out on|not in the mood for|had enough of|no more(?!\\s+than))\\b");
  private static final Pattern NEG_ZH = Pattern.compile("不要|不想|不喜欢|不看|不那么|不太|不怎么|别|(?<!有)没有|除了|不是|避免|不含|讨厌");
  private static final Pattern NEG_END_EN = Pattern.compile(
      "[,.;!?:—–]|\\s-\\s|\\b(?:but|just|only|instead|rather|though|so|maybe|what|which)\\b");
  private static final Pattern NEG_END_ZH = Pattern.compile("[,.;!?，。；！？的]|但|只要|而是|来点|就行");

  private final List<int[]> list;
  private final int[] from;
  private final int[] to;

  private NegationScopes(List<int[]> list) {
    this.list = List.copyOf(list);
    int[][] spans = new int[list.size()][];
    int n = 0;
    for (int[] s : list) {
      if (s[2] < s[1]) {
        spans[n++] = new int[] {s[2], s[1]};
      }
    }
    Arrays.sort(spans, 0, n, Comparator.comparingInt((int[] a) -> a[0]));
    int[] f = new int[n];
    int[] t = new int[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (k > 0 && spans[i][0] <= t[k - 1]) {
        t[k - 1] = Math.max(t[k - 1], spans[i][1]);
      } else {
        f[k] = spans[i][0];
        t[k] = spans[i][1];
        k++;
      }
    }
    this.from = Arrays.copyOf(f, k);
    this.to = Arrays.copyOf(t, k);
  }

  /** Whether {@code pos} is inside a scope (after its cue). */
  boolean contains(int pos) {
    int i = Arrays.binarySearch(from, pos);
    int at = i >= 0 ? i : -i - 2; // the last interval starting at or before pos
    return at >= 0 && pos < to[at];
  }

  /** For each of {@code length} chars, whether a scope (cue included) covers it. */
  boolean[] covered(int length) {
    int[] delta = new int[length + 1];
    for (int[] s : list) {
      int a = Math.max(0, s[0]);
      int b = Math.min(length, s[1]);
      if (a < b) {
        delta[a]++;
        delta[b]--;
      }
    }
    boolean[] out = new boolean[length];
    int depth = 0;
    for (int i = 0; i < length; i++) {
      depth += delta[i];
      out[i] = depth > 0;
    }
    return out;
  }

  /** The negation scopes of the request: its language's cues on free chars and, in English, any Chinese cue. */
  static NegationScopes of(RequestText r) {
    List<int[]> scopes = new ArrayList<>();
    Matcher m = (r.zh ? NEG_ZH : NEG_EN).matcher(r.zh ? r.text : r.lower);
    MatchStarts ends = new MatchStarts(r.zh ? NEG_END_ZH : NEG_END_EN, r.lower);
    while (m.find()) {
      if (!r.free(m.start(), m.end())) {
        continue;
      }
      scopes.add(new int[] {m.start(), ends.next(m.end(), r.lower.length()), m.end()});
    }
    if (!r.zh) {
      // Chinese cues inside an English-majority request
      Matcher z = NEG_ZH.matcher(r.text);
      MatchStarts zhEnds = new MatchStarts(NEG_END_ZH, r.text);
      while (z.find()) {
        scopes.add(new int[] {z.start(), zhEnds.next(z.end(), r.text.length()), z.end()});
      }
    }
    return new NegationScopes(scopes);
  }

  /**
   * Where a pattern of bounded match length can match in a text: {@code next(from)} is the start
   * that {@code pattern.matcher(text).find(from)} would give, found by one pass over the text (a
   * find from every cue would scan to the scope's end once per cue: quadratic on "no no no ...").
   * The starts are collected on first use.
   */
  private static final class MatchStarts {
    private final Pattern pattern;
    private final String text;
    private int[] starts;
    private int size;

    MatchStarts(Pattern pattern, String text) {
      this.pattern = pattern;
      this.text = text;
    }

    /** The first start at or after {@code from}, or {@code none} when there is none. */
    int next(int from, int none) {
      if (starts == null) {
        starts = new int[8];
        Matcher e = pattern.matcher(text);
        int at = 0;
        // every start, overlapping ones included: find(at) from each start + 1
        while (at <= text.length() && e.find(at)) {
          if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
          }
          starts[size++] = e.start();
          at = e.start() + 1;
        }
      }
      int i = Arrays.binarySearch(starts, 0, size, from);
      if (i < 0) {
        i = -i - 1;
      }
      return i < size ? starts[i] : none;
    }
  }
}

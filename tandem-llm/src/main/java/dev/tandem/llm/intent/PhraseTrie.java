package dev.tandem.llm.intent;

import java.util.Arrays;
import java.util.List;

/**
 * A character trie of phrases that finds every occurrence of every phrase in a text in one pass:
 * from each position it walks at most the longest phrase's length, so the cost is linear in the
 * text whatever the number of phrases (an {@code indexOf} per phrase costs text x phrases, and a
 * tag-rich catalogue has tens of thousands). Immutable and thread-safe once built.
 */
final class PhraseTrie {
  /** Child node of (node, char), keyed {@code node << 16 | char}. */
  private final LongIntMap children = new LongIntMap();
  /** For each node, the index of the phrase that ends there, or -1. */
  private int[] phraseAt = new int[16];
  private int nodes = 1;
  private final int longest;

  /**
   * A trie of {@code phrases}; a phrase's index in the list is what {@link #occurrences} reports.
   * Empty phrases are left out; of equal phrases the first is kept.
   */
  PhraseTrie(List<String> phrases) {
    Arrays.fill(phraseAt, -1);
    int max = 0;
    for (int p = 0; p < phrases.size(); p++) {
      String phrase = phrases.get(p);
      if (phrase.isEmpty()) {
        continue;
      }
      max = Math.max(max, phrase.length());
      int node = 0;
      for (int i = 0; i < phrase.length(); i++) {
        long key = (long) node << 16 | phrase.charAt(i);
        int child = children.get(key);
        if (child < 0) {
          child = nodes++;
          if (child == phraseAt.length) {
            int old = phraseAt.length;
            phraseAt = Arrays.copyOf(phraseAt, old * 2);
            Arrays.fill(phraseAt, old, phraseAt.length, -1);
          }
          children.put(key, child);
        }
        node = child;
      }
      if (phraseAt[node] < 0) {
        phraseAt[node] = p;
      }
    }
    this.longest = max;
  }

  /**
   * Every occurrence of every phrase in {@code text}, overlapping ones included, as {@code
   * phrase << 32 | start}, sorted: by phrase index, then by start (the order of a search for each
   * phrase in turn, each from the text's start).
   */
  long[] occurrences(String text) {
    long[] out = new long[16];
    int n = 0;
    for (int start = 0; start < text.length(); start++) {
      int node = 0;
      for (int i = start; i < text.length() && i - start < longest; i++) {
        int child = children.get((long) node << 16 | text.charAt(i));
        if (child < 0) {
          break;
        }
        node = child;
        if (phraseAt[node] >= 0) {
          if (n == out.length) {
            out = Arrays.copyOf(out, n * 2);
          }
          out[n++] = (long) phraseAt[node] << 32 | start;
        }
      }
    }
    long[] sorted = Arrays.copyOf(out, n);
    Arrays.sort(sorted);
    return sorted;
  }
}

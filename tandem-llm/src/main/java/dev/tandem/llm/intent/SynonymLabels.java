package dev.tandem.llm.intent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The synonym-table entries of one labels set (see {@link LabelLexicon}), and a trie of their
 * phrases, built once per labels set. Immutable.
 */
record SynonymLabels(Set<String> labels, List<LabelLexicon.Entry> entries, PhraseTrie trie) {

  /** The entries for the catalogue's labels and the trie of their phrases. */
  static SynonymLabels of(Map<String, Integer> catalogueLabels) {
    List<LabelLexicon.Entry> entries = List.copyOf(LabelLexicon.entries(catalogueLabels));
    List<String> phrases = new ArrayList<>(entries.size());
    entries.forEach(e -> phrases.add(e.phrase()));
    return new SynonymLabels(Set.copyOf(catalogueLabels.keySet()), entries, new PhraseTrie(phrases));
  }

  /**
   * Synonym-table labels: every occurrence of each entry's phrase (entries longest first, each
   * phrase's occurrences left to right) that is word-bounded (Latin), free and outside the
   * about-phrase takes its chars. The occurrences come from one pass of the phrase trie.
   */
  void match(RequestText r, NegationScopes negations, int[] about, Set<String> include, Set<String> exclude) {
    for (long occurrence : trie.occurrences(r.lower)) {
      LabelLexicon.Entry e = entries.get((int) (occurrence >>> 32));
      int at = (int) occurrence;
      int end = at + e.phrase().length();
      if (!e.cjk() && !wordBounded(r.lower, at, end)) {
        continue;
      }
      if (!r.free(at, end) || (about != null && at >= about[0] && at < about[1])) {
        continue;
      }
      r.use(at, end);
      (negations.contains(at) ? exclude : include).add(e.label());
    }
  }

  private static boolean wordBounded(String s, int start, int end) {
    boolean left = start == 0 || !Character.isLetterOrDigit(s.charAt(start - 1)) || LabelLexicon.isCjk(s.charAt(start - 1));
    boolean right = end >= s.length() || !Character.isLetterOrDigit(s.charAt(end)) || LabelLexicon.isCjk(s.charAt(end));
    return left && right;
  }
}

package dev.tandem.engine.internal.ask;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.engine.internal.pipeline.FreshMerge;
import dev.tandem.engine.internal.serve.AskCatalogue;
import dev.tandem.engine.internal.serve.FreshItems;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fresh-item overlay as one request sees it: item {@code k} of the overlay is dense index
 * {@code m + k} (after the snapshot's {@code m} items). Its labels, availability and numeric
 * attributes come from the overlay; its analysed document (with the catalogue's analysis) is
 * read on first use. Not thread-safe: one per request.
 */
final class FreshView {
  final FreshItems overlay;
  private final AskCatalogue cat;
  private List<Set<String>> terms;
  /** The analysed terms of each excluded word asked about. */
  private final Map<String, List<String>> asked = new HashMap<>();

  FreshView(FreshItems overlay, AskCatalogue cat) {
    this.overlay = overlay;
    this.cat = cat;
  }

  int size() {
    return overlay.size();
  }

  /** The id of dense index {@code i}: a snapshot item below {@code ids.size()}, else a fresh one. */
  String id(IdIndex ids, int i) {
    return i < ids.size() ? ids.id(i) : overlay.entry(i - ids.size()).id();
  }

  /**
   * The items (snapshot and fresh) carrying catalogue label {@code label}, or null when it is no
   * label of the snapshot (then it is a word, not a constraint, for fresh items too).
   */
  BitSet label(String label, int m) {
    BitSet b = cat.label(label);
    if (b == null || overlay.size() == 0) {
      return b;
    }
    BitSet out = (BitSet) b.clone();
    for (int k = 0; k < overlay.size(); k++) {
      if (overlay.entry(k).labels().contains(label)) {
        out.set(m + k);
      }
    }
    return out;
  }

  /** Whether dense index {@code i} carries catalogue label {@code label} (lower-case, stripped). */
  boolean carries(int i, String label) {
    int m = cat.items().size();
    BitSet b = cat.label(label);
    return b != null && (i < m ? b.get(i) : overlay.entry(i - m).labels().contains(label));
  }

  /** Whether fresh item {@code k}'s document holds every analysed term of {@code text} (none: false). */
  boolean says(int k, String text) {
    List<String> ts = asked.computeIfAbsent(text, cat::terms);
    if (ts.isEmpty()) {
      return false;
    }
    if (terms == null) {
      List<String> docs = new ArrayList<>(overlay.size());
      for (int j = 0; j < overlay.size(); j++) {
        docs.add(overlay.entry(j).text());
      }
      terms = new ArrayList<>(overlay.size());
      for (List<String> t : cat.terms(docs)) {
        terms.add(new HashSet<>(t));
      }
    }
    return terms.get(k).containsAll(ts);
  }

  /** Fresh item {@code k}'s numeric attribute {@code name} (lower-case), NaN when it has none. */
  double number(int k, String name) {
    Double x = overlay.entry(k).numbers().get(name);
    return x == null ? Double.NaN : x;
  }

  /**
   * {@code list} (snapshot items, best first) with the allowed fresh items that {@code model}
   * scores from their content merged in by score ({@link FreshMerge}), cut to {@code wide}.
   */
  ScoredItems merged(ScoredItems list, Model model, History h, BitSet allowed, int m, int wide) {
    return FreshMerge.merged(list, model, overlay, h, k -> allowed.get(m + k), m, wide);
  }
}

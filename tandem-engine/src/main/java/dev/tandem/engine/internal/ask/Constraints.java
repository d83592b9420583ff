package dev.tandem.engine.internal.ask;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.engine.internal.serve.AskCatalogue;
import dev.tandem.engine.internal.serve.ServingSnapshot;
import dev.tandem.llm.explain.Narrowing;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.Range;
import dev.tandem.llm.intent.Reference;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The hard constraints of a request (step 3 of {@link Ask}) as dense bit sets over the snapshot's
 * items and the fresh ones after them: which items may be returned ({@link #allowed}), and, for a
 * short answer, what each constraint costs ({@link #counted}). Immutable once built.
 *
 * @param list the constraints, in the order available, included labels, excluded words, ranges, seen
 * @param relaxed whether the included labels are one any-of constraint (see {@link #of})
 */
record Constraints(List<Hard> list, boolean relaxed) {
  /** Copies the list. */
  Constraints {
    list = List.copyOf(list);
  }

  /**
   * A hard constraint of a request and the catalogue items that satisfy it alone, as a dense bit
   * set over the snapshot's items.
   */
  record Hard(Narrowing.Kind kind, List<String> terms, double min, double max, BitSet pass) {
    /** This constraint with its counts. */
    Narrowing counted(int withoutIt) {
      return new Narrowing(kind, terms, min, max, pass.cardinality(), withoutIt);
    }
  }

  /**
   * The constraints of {@code eff}, relaxed when all of them leave fewer than {@code n} items and
   * two or more included words are catalogue labels: an item carrying any one of those is admitted
   * then (exclusions and ranges are never relaxed).
   */
  static Constraints of(ServingSnapshot v, AskCatalogue cat, FreshView fresh, Intent eff, Set<String> unwanted,
      History history, Set<String> freshSeen, int n) {
    int all = cat.items().size() + fresh.size();
    Constraints strict = new Constraints(build(v, cat, fresh, eff, unwanted, history, freshSeen, false), false);
    if (strict.allowed(all).cardinality() < n && labelIncludes(eff, cat) > 1) {
      return new Constraints(build(v, cat, fresh, eff, unwanted, history, freshSeen, true), true);
    }
    return strict;
  }

  /** How many of {@code eff}'s included words are catalogue labels. */
  private static int labelIncludes(Intent eff, AskCatalogue cat) {
    int k = 0;
    for (String inc : eff.include()) {
      if (cat.label(inc.toLowerCase(Locale.ROOT).strip()) != null) {
        k++;
      }
    }
    return k;
  }

  /**
   * The hard constraints of a request (see {@link Ask}, step 3), in the order available, included
   * labels, excluded words, ranges, seen; an item may be returned when it satisfies them all. With
   * {@code anyInclude}, the included labels are one constraint that an item carrying any of them
   * satisfies.
   */
  private static List<Hard> build(ServingSnapshot v, AskCatalogue cat, FreshView fresh, Intent eff,
      Set<String> unwanted, History history, Set<String> freshSeen, boolean anyInclude) {
    IdIndex ids = cat.items();
    int m = ids.size();
    int all = m + fresh.size();
    List<Hard> out = new ArrayList<>();
    BitSet available = new BitSet(all);
    for (int i = 0; i < m; i++) {
      if (v.available().accept(i)) {
        available.set(i);
      }
    }
    for (int k = 0; k < fresh.size(); k++) {
      if (fresh.overlay.entry(k).available()) {
        available.set(m + k);
      }
    }
    out.add(hard(Narrowing.Kind.AVAILABLE, List.of(), available));
    BitSet any = null;
    List<String> anyTerms = new ArrayList<>();
    for (String inc : eff.include()) {
      BitSet b = fresh.label(inc.toLowerCase(Locale.ROOT).strip(), m);
      if (b != null && anyInclude) {
        any = any == null ? (BitSet) b.clone() : any;
        any.or(b);
        anyTerms.add(inc.strip());
      } else if (b != null) {
        out.add(hard(Narrowing.Kind.INCLUDE, List.of(inc.strip()), (BitSet) b.clone()));
      }
    }
    if (any != null) {
      out.add(hard(Narrowing.Kind.INCLUDE_ANY, anyTerms, any));
    }
    for (String exc : eff.exclude()) {
      if (!unwanted.contains(exc)) {
        out.add(hard(Narrowing.Kind.EXCLUDE, List.of(exc.strip()), without(cat, fresh, exc, all)));
      }
    }
    for (Range r : eff.ranges()) {
      out.add(new Hard(Narrowing.Kind.RANGE, List.of(r.attribute()), r.min(), r.max(), within(cat, fresh, r, all)));
    }
    out.add(hard(Narrowing.Kind.SEEN, List.of(), unseen(ids, fresh, eff, unwanted, history, freshSeen, all)));
    return out;
  }

  /** The items neither carrying label {@code exc} nor saying it in their document ("nothing dark"). */
  private static BitSet without(AskCatalogue cat, FreshView fresh, String exc, int all) {
    String e = exc.toLowerCase(Locale.ROOT).strip();
    int m = cat.items().size();
    BitSet pass = new BitSet(all);
    pass.set(0, all);
    BitSet b = cat.label(e);
    if (b != null) {
      pass.andNot(b);
    }
    pass.andNot(cat.containing(e)); // "nothing dark": neither tagged dark nor described as dark
    for (int k = 0; k < fresh.size(); k++) {
      if (fresh.overlay.entry(k).labels().contains(e) || fresh.says(k, e)) {
        pass.clear(m + k);
      }
    }
    return pass;
  }

  /** The items whose attribute of {@code r} lies in it; none when no trained item has the attribute. */
  private static BitSet within(AskCatalogue cat, FreshView fresh, Range r, int all) {
    String name = r.attribute().toLowerCase(Locale.ROOT);
    int m = cat.items().size();
    double[] x = cat.numbers(name);
    BitSet pass = new BitSet(all);
    if (x != null) { // an attribute no trained item has: nothing satisfies the range
      for (int i = 0; i < m; i++) {
        if (!Double.isNaN(x[i]) && r.accepts(x[i])) {
          pass.set(i);
        }
      }
      for (int k = 0; k < fresh.size(); k++) {
        double y = fresh.number(k, name);
        if (!Double.isNaN(y) && r.accepts(y)) {
          pass.set(m + k);
        }
      }
    }
    return pass;
  }

  /** The items not seen: neither in the history, referenced, turned down nor (fresh) given feedback on. */
  private static BitSet unseen(IdIndex ids, FreshView fresh, Intent eff, Set<String> unwanted, History history,
      Set<String> freshSeen, int all) {
    int m = ids.size();
    BitSet unseen = new BitSet(all);
    unseen.set(0, all);
    for (String id : freshSeen) {
      int k = fresh.overlay.indexOf(id);
      if (k >= 0) {
        unseen.clear(m + k);
      }
    }
    for (Reference r : eff.references()) {
      int i = ids.indexOf(r.itemId());
      int k = fresh.overlay.indexOf(r.itemId());
      if (i >= 0) {
        unseen.clear(i);
      } else if (k >= 0) {
        unseen.clear(m + k);
      }
    }
    for (String id : unwanted) {
      int i = ids.indexOf(id);
      if (i >= 0) {
        unseen.clear(i);
      }
    }
    for (int k = 0; k < history.size(); k++) {
      unseen.clear(history.items(k));
    }
    return unseen;
  }

  private static Hard hard(Narrowing.Kind kind, List<String> terms, BitSet pass) {
    return new Hard(kind, terms, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, pass);
  }

  /** The items that satisfy every constraint; all {@code all} items when there is none. */
  BitSet allowed(int all) {
    return allBut(-1, all);
  }

  /** The items that satisfy every constraint except the {@code skip}-th. */
  private BitSet allBut(int skip, int all) {
    BitSet ok = new BitSet(all);
    ok.set(0, all);
    for (int k = 0; k < list.size(); k++) {
      if (k != skip) {
        ok.and(list.get(k).pass());
      }
    }
    return ok;
  }

  /**
   * Each constraint with how many of the {@code all} items satisfy it alone and how many satisfy all
   * the others (leave-one-out), in order.
   */
  List<Narrowing> counted(int all) {
    List<Narrowing> out = new ArrayList<>(list.size());
    for (int k = 0; k < list.size(); k++) {
      out.add(list.get(k).counted(allBut(k, all).cardinality()));
    }
    return out;
  }
}

package dev.tandem.llm.intent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Accuracy of parsed intents against expected ones, per language.
 *
 * <p>Fields (exact match per request): goal, include (as a set; the parsed include plus the
 * labels it only prefers, see {@link Intent#prefer()}), exclude (set), ranges (set of
 * attribute/min/max), count, references (set of item ids); whole = all six plus language.
 *
 * <p>Constraints: each expected include label, exclude label, range, reference item, and the count
 * when the request states one (> 0), is one constraint. It is right when the parsed intent has it,
 * equal (a range with the same attribute and bounds). Each parsed include, exclude, range or
 * reference the expectation does not have, and a count > 0 where none (or another) is expected, is
 * a false extra. Constraint accuracy = right / (expected + false extras).
 */
final class IntentScore {
  static final String[] FIELDS = {"goal", "include", "exclude", "ranges", "count", "references", "whole"};

  /** Running totals for one language. */
  static final class Tally {
    int requests;
    final int[] fieldRight = new int[FIELDS.length];
    int constraints;
    int constraintsRight;
    int extras;
    final List<String> misses = new ArrayList<>();

    double field(int i) {
      return requests == 0 ? Double.NaN : (double) fieldRight[i] / requests;
    }

    double constraintAccuracy() {
      int denominator = constraints + extras;
      return denominator == 0 ? Double.NaN : (double) constraintsRight / denominator;
    }
  }

  private IntentScore() {}

  static void add(Tally t, IntentFixtures.Case c, Intent parsed) {
    IntentFixtures.Expected e = c.expected();
    // a label the encoder inferred (prefer) counts as an included label here: the expectation says
    // which labels the request means, not how firmly the engine applies them
    List<String> included = new ArrayList<>(parsed.include());
    included.addAll(parsed.prefer());
    Intent got = new Intent(parsed.goal(), included, parsed.exclude(), parsed.ranges(), parsed.count(),
        parsed.references(), parsed.query(), parsed.language());
    t.requests++;
    Set<String> refs = new HashSet<>();
    for (Reference r : got.references()) {
      refs.add(r.itemId());
    }
    Set<String> gotRanges = rangeKeys(got.ranges());
    Set<String> expRanges = rangeKeys(e.ranges());
    boolean[] ok = {
        got.goal() == e.goal(),
        new HashSet<>(got.include()).equals(e.include()),
        new HashSet<>(got.exclude()).equals(e.exclude()),
        gotRanges.equals(expRanges),
        got.count() == e.count(),
        refs.equals(new HashSet<>(e.references())),
        false};
    ok[6] = ok[0] && ok[1] && ok[2] && ok[3] && ok[4] && ok[5] && got.language().equals(e.language());
    for (int i = 0; i < ok.length; i++) {
      if (ok[i]) {
        t.fieldRight[i]++;
      }
    }
    t.constraints += e.include().size() + e.exclude().size() + expRanges.size() + e.references().size()
        + (e.count() > 0 ? 1 : 0);
    t.constraintsRight += overlap(e.include(), new HashSet<>(got.include()))
        + overlap(e.exclude(), new HashSet<>(got.exclude())) + overlap(expRanges, gotRanges)
        + overlap(new HashSet<>(e.references()), refs) + (e.count() > 0 && got.count() == e.count() ? 1 : 0);
    t.extras += extra(new HashSet<>(got.include()), e.include()) + extra(new HashSet<>(got.exclude()), e.exclude())
        + extra(gotRanges, expRanges) + extra(refs, new HashSet<>(e.references()))
        + (got.count() > 0 && got.count() != e.count() ? 1 : 0);
    if (!ok[6]) {
      t.misses.add(String.format(Locale.ROOT, "line %d [%s] %s%n    expected %s %s -%s %s n=%d refs=%s%n"
          + "    got      %s %s -%s %s n=%d refs=%s lang=%s q='%s'", c.line(), c.split(), c.text(),
          e.goal().json(), e.include(), e.exclude(), expRanges, e.count(), e.references(), got.goal().json(),
          got.include(), got.exclude(), gotRanges, got.count(), refs, got.language(), got.query()));
    }
  }

  private static int overlap(Set<String> expected, Set<String> got) {
    int n = 0;
    for (String s : expected) {
      if (got.contains(s)) {
        n++;
      }
    }
    return n;
  }

  private static int extra(Set<String> got, Set<String> expected) {
    int n = 0;
    for (String s : got) {
      if (!expected.contains(s)) {
        n++;
      }
    }
    return n;
  }

  static Set<String> rangeKeys(List<Range> ranges) {
    Set<String> out = new HashSet<>();
    for (Range r : ranges) {
      out.add(r.attribute() + "[" + bound(r.min()) + ".." + bound(r.max()) + "]");
    }
    return out;
  }

  private static String bound(double v) {
    return Double.isInfinite(v) ? "*" : String.format(Locale.ROOT, "%.2f", v);
  }

  /** The accuracy table, one row per language. */
  static String table(String title, Tally en, Tally zh) {
    StringBuilder b = new StringBuilder(title).append('\n');
    b.append(String.format(Locale.ROOT, "%-4s %5s", "lang", "n"));
    for (String f : FIELDS) {
      b.append(String.format(Locale.ROOT, " %10s", f));
    }
    b.append(String.format(Locale.ROOT, " %12s %s%n", "constraints", "(right/expected, extras)"));
    for (Object[] row : new Object[][] {{"en", en}, {"zh", zh}}) {
      Tally t = (Tally) row[1];
      b.append(String.format(Locale.ROOT, "%-4s %5d", row[0], t.requests));
      for (int i = 0; i < FIELDS.length; i++) {
        b.append(String.format(Locale.ROOT, " %9.1f%%", 100 * t.field(i)));
      }
      b.append(String.format(Locale.ROOT, " %11.1f%% (%d/%d, %d)%n", 100 * t.constraintAccuracy(),
          t.constraintsRight, t.constraints, t.extras));
    }
    return b.toString();
  }
}

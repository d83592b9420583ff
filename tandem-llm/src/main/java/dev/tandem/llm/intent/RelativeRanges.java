package dev.tandem.llm.intent;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ranges relative to a referenced item: "shorter", "newer", "cheaper" (短一点, 更短, 便宜一点...) become
 * a strict range around the reference's value.
 */
final class RelativeRanges {
  private RelativeRanges() {}

  private static final Pattern RELATIVE = Pattern.compile(
      "\\b(shorter|longer|newer|more recent|more modern|older|cheaper)\\b|(短一点|短一些|短些|更短|薄一点|更薄|长一点|更长|新一点|更新|旧一点|更便宜|便宜一点)");

  private static final Pattern PAGES_WORD = Pattern.compile("shorter|longer|.*短.*|.*薄.*|.*长.*");
  private static final Pattern PRICE_WORD = Pattern.compile("cheaper|.*便宜.*");
  private static final Pattern BELOW_WORD = Pattern.compile("shorter|older|cheaper|.*短.*|.*薄.*|.*旧.*|.*便宜.*");

  /**
   * Takes the chars of every free comparative word; each next to a reference on a catalogue that is
   * an {@link AttributeCatalogue} adds a strict range around the first reference's value, on an
   * attribute no range in {@code ranges} constrains yet.
   */
  static void add(RequestText r, IntentCatalogue catalogue, List<Reference> refs, List<Range> ranges) {
    Matcher m = RELATIVE.matcher(r.lower);
    Set<String> constrained = new HashSet<>();
    for (Range g : ranges) {
      constrained.add(g.attribute());
    }
    while (m.find()) {
      if (!r.free(m.start(), m.end())) {
        continue;
      }
      r.use(m.start(), m.end());
      if (refs.isEmpty() || !(catalogue instanceof AttributeCatalogue ac)) {
        continue;
      }
      String w = m.group();
      String attr = PAGES_WORD.matcher(w).matches() ? "pages" : PRICE_WORD.matcher(w).matches() ? "price" : "year";
      boolean below = BELOW_WORD.matcher(w).matches();
      attr = AttributeNames.resolve(attr, catalogue.numericAttributes());
      if (attr == null) {
        continue;
      }
      double v = ac.attribute(refs.get(0).itemId(), attr);
      if (constrained.contains(attr) || Double.isNaN(v)) {
        continue;
      }
      constrained.add(attr);
      double step = attr.equals("price") ? 0.01 : 1;
      ranges.add(below ? new Range(attr, Double.NEGATIVE_INFINITY, v - step)
          : new Range(attr, v + step, Double.POSITIVE_INFINITY));
    }
  }
}

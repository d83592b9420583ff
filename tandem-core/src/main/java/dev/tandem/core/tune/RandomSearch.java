package dev.tandem.core.tune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Seeded random search (Bergstra and Bengio 2012): draws parameter sets from a list of
 * {@link Dimension}s. The first trial is always the model's defaults (no overrides), so a tuned
 * configuration is never worse than the default on the validation data. Deterministic: the same
 * dimensions, budget and seed give the same trials. Duplicate draws (small integer ranges) are
 * skipped.
 */
public final class RandomSearch {
  private RandomSearch() {}

  /**
   * The trials to run: {@code budget} parameter override maps, the first one empty (defaults).
   *
   * @throws IllegalArgumentException if {@code budget} < 1
   */
  public static List<Map<String, String>> trials(List<Dimension> space, int budget, long seed) {
    if (budget < 1) {
      throw new IllegalArgumentException("budget (" + budget + ") must be >= 1");
    }
    Set<Map<String, String>> out = new LinkedHashSet<>();
    out.add(Map.of());
    SplittableRandom rnd = new SplittableRandom(seed);
    int attempts = 0;
    while (out.size() < budget && !space.isEmpty() && attempts++ < budget * 50) {
      Map<String, String> p = new LinkedHashMap<>();
      for (Dimension d : space) {
        p.put(d.name(), d.sample(rnd));
      }
      out.add(p);
    }
    return new ArrayList<>(out);
  }
}

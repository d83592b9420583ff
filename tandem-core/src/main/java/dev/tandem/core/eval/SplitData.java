package dev.tandem.core.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A split, as in a split folder (see {@link SplitFolder}): training rows, the test users'
 * history (fold-in) rows and target rows, the cold items of {@code cold-items}, and the
 * meta data. Immutable.
 *
 * @param protocol the protocol's shared name as in meta.json (free text for folders written by
 *     other tools)
 * @param seed the seed as in meta.json (0 when absent)
 * @param rated whether the rows carry explicit ratings (the {@code ratings} protocol)
 * @param train training rows
 * @param history test users' fold-in rows
 * @param target test users' held-out rows
 * @param coldItems the held-out items of {@code cold-items}, ascending; empty otherwise
 * @param meta every meta.json field, values as JSON literals (strings quoted), in file order
 */
public record SplitData(String protocol, long seed, boolean rated, Pairs train, Pairs history, Pairs target,
    List<String> coldItems, Map<String, String> meta) {

  public SplitData {
    coldItems = List.copyOf(coldItems);
    meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta));
  }

  /** Whether this is a {@code cold-items} split (scoring ranks only among the cold items). */
  public boolean hasColdItems() {
    return !coldItems.isEmpty();
  }

  /** The meta field {@code key} as a number, or {@code fallback} when absent or not a number. */
  public double metaNumber(String key, double fallback) {
    String v = meta.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}

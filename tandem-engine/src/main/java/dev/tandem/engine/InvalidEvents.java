package dev.tandem.engine;

import dev.tandem.core.data.FeedbackProblem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stored feedback events that training skipped, by reason ({@link FeedbackProblem#key()}): how
 * many, and the row ids of the first {@value #SAMPLES} of each (what {@code tandem doctor} lists
 * and {@code --fix} removes). Events of unconfigured types are counted under {@code unknown_type}
 * (ignored by design, never removed); every other reason means the event breaks the current
 * rules (written by an older version, by hand or by a bug). Immutable.
 *
 * @param counts events per reason, in {@link FeedbackProblem} order; reasons with none are absent
 * @param sampleIds per reason, the row ids of its first {@value #SAMPLES} events in insertion order
 */
public record InvalidEvents(Map<String, Long> counts, Map<String, List<Long>> sampleIds) {
  /** Row ids kept per reason. */
  public static final int SAMPLES = 20;
  /** Nothing skipped. */
  public static final InvalidEvents NONE = new InvalidEvents(Map.of(), Map.of());

  /** Copies the maps. */
  public InvalidEvents {
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    Map<String, List<Long>> copy = new LinkedHashMap<>();
    sampleIds.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    sampleIds = Collections.unmodifiableMap(copy);
  }

  /** Events skipped for any reason, unconfigured types included. */
  public long total() {
    long t = 0;
    for (long c : counts.values()) {
      t += c;
    }
    return t;
  }

  /** Events skipped because of an unconfigured type (ignored by design). */
  public long unknownType() {
    return counts.getOrDefault(FeedbackProblem.UNKNOWN_TYPE.key(), 0L);
  }

  /** Events that break the current rules: every reason but {@code unknown_type}. */
  public long invalid() {
    return total() - unknownType();
  }

  /**
   * One line for a warning, e.g. {@code 2 invalid events skipped: value_out_of_range 1 (id 17),
   * invalid_item_id 1 (id 19)}; empty when nothing breaks the rules. Unconfigured types are left out.
   */
  public String describe() {
    if (invalid() == 0) {
      return "";
    }
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%,d invalid event%s skipped:", invalid(),
        invalid() == 1 ? "" : "s"));
    String sep = " ";
    for (var e : counts.entrySet()) {
      if (e.getKey().equals(FeedbackProblem.UNKNOWN_TYPE.key())) {
        continue;
      }
      List<Long> ids = sampleIds.getOrDefault(e.getKey(), List.of());
      b.append(sep).append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%,d", e.getValue()))
          .append(ids.size() == 1 ? " (id " : " (ids ");
      for (int i = 0; i < ids.size(); i++) {
        b.append(i == 0 ? "" : ", ").append(ids.get(i));
      }
      b.append(ids.size() < e.getValue() ? ", ...)" : ")");
      sep = ", ";
    }
    return b.toString();
  }

  /** Counts problems during one scan; primitive, no allocation per event. Not thread-safe. */
  public static final class Collector {
    private static final FeedbackProblem[] PROBLEMS = FeedbackProblem.values();
    private final long[] counts = new long[PROBLEMS.length];
    private final long[][] samples = new long[PROBLEMS.length][SAMPLES];

    /** An empty collector. */
    public Collector() { }

    /** Counts event {@code id} under problem {@code p} (its id kept among the first samples). */
    public void add(FeedbackProblem p, long id) {
      int k = p.ordinal();
      if (counts[k] < SAMPLES) {
        samples[k][(int) counts[k]] = id;
      }
      counts[k]++;
    }

    /** How many events had problem {@code p}. */
    public long count(FeedbackProblem p) {
      return counts[p.ordinal()];
    }

    /** The counts and samples so far. */
    public InvalidEvents build() {
      Map<String, Long> c = new LinkedHashMap<>();
      Map<String, List<Long>> s = new LinkedHashMap<>();
      for (FeedbackProblem p : PROBLEMS) {
        int k = p.ordinal();
        if (counts[k] > 0) {
          c.put(p.key(), counts[k]);
          List<Long> ids = new ArrayList<>();
          for (int i = 0; i < Math.min(SAMPLES, counts[k]); i++) {
            ids.add(samples[k][i]);
          }
          s.put(p.key(), ids);
        }
      }
      return c.isEmpty() ? NONE : new InvalidEvents(c, s);
    }
  }
}

package dev.tandem.core.eval;

import java.util.List;
import java.util.TreeSet;

/**
 * Options of an evaluation run. Immutable.
 *
 * @param ks cut-offs, each >= 1 (default 10, 20, 50, 100); stored ascending and distinct
 * @param bootstrapResamples resamples of the 95% confidence intervals (default 1000, >= 1)
 * @param pairedResamples sign flips of the paired test (default 10000, >= 1)
 * @param seed seed of the bootstrap and the paired test (default 1)
 * @param progress told about fitting and scoring progress; {@link Progress#NONE} for silence
 */
public record EvalOptions(List<Integer> ks, int bootstrapResamples, int pairedResamples, long seed,
    Progress progress) {

  /** Progress callback; called from the evaluating thread only. */
  @FunctionalInterface
  public interface Progress {
    /** Ignores everything. */
    Progress NONE = (phase, done, total) -> { };

    /**
     * @param phase e.g. "score ease"
     * @param done units done
     * @param total units in all (users)
     */
    void update(String phase, long done, long total);
  }

  public EvalOptions {
    if (ks.isEmpty()) {
      throw new IllegalArgumentException("k must name at least one cut-off, e.g. 10,20,50,100");
    }
    for (Integer k : ks) {
      if (k == null || k < 1) {
        throw new IllegalArgumentException("k (" + k + ") must be >= 1");
      }
    }
    if (bootstrapResamples < 1) {
      throw new IllegalArgumentException("bootstrap resamples (" + bootstrapResamples + ") must be >= 1");
    }
    if (pairedResamples < 1) {
      throw new IllegalArgumentException("paired resamples (" + pairedResamples + ") must be >= 1");
    }
    if (progress == null) {
      throw new IllegalArgumentException("progress must not be null; use Progress.NONE");
    }
    ks = List.copyOf(new TreeSet<>(ks));
  }

  /** Cut-offs 10, 20, 50, 100; 1000 bootstrap resamples; 10000 sign flips; seed 1; no progress. */
  public static EvalOptions defaults() {
    return new EvalOptions(List.of(10, 20, 50, 100), 1000, 10_000, 1, Progress.NONE);
  }

  /** These options with other cut-offs. */
  public EvalOptions withKs(List<Integer> k) {
    return new EvalOptions(k, bootstrapResamples, pairedResamples, seed, progress);
  }

  /** These options with a progress callback. */
  public EvalOptions withProgress(Progress p) {
    return new EvalOptions(ks, bootstrapResamples, pairedResamples, seed, p);
  }

  /** The largest cut-off. */
  public int maxK() {
    return ks.get(ks.size() - 1);
  }
}

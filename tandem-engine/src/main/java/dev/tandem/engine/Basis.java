package dev.tandem.engine;

import dev.tandem.core.data.History;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a result was computed from: the history (over the snapshot's item indices, with any profile;
 * for an {@code ask} answer, the stored events plus the conversation's liked items) and the serving
 * snapshot, so that explaining it ({@link Tandem#explain(RecommendResult,
 * dev.tandem.llm.explain.Language, java.util.List, Deadline)}, {@link
 * Tandem#explain(dev.tandem.engine.ask.AskResult, Deadline)}) reads neither the store nor a newer
 * snapshot. The engine's pipeline and {@code ask} create it; a result built by hand carries {@link #NONE}.
 *
 * <p>Not part of a result's value: every basis equals every other, so two results with the same
 * items, scores and facts are equal whatever they were computed from. Immutable.
 */
public interface Basis {
  /** No basis: a result built by hand, or an {@code ask} list turned into a result. */
  Basis NONE = new Basis() {
    @Override
    public Optional<History> history() {
      return Optional.empty();
    }

    @Override
    public OptionalLong snapshotVersion() {
      return OptionalLong.empty();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Basis;
    }

    @Override
    public int hashCode() {
      return 0;
    }

    @Override
    public String toString() {
      return "Basis[none]";
    }
  };

  /** The history the result was computed from, unless this is {@link #NONE}. */
  Optional<History> history();

  /** The version of the serving snapshot the result was computed on, unless this is {@link #NONE}. */
  OptionalLong snapshotVersion();
}

package dev.tandem.engine.pipeline;

import dev.tandem.core.data.History;
import dev.tandem.engine.serve.ServingSnapshot;
import java.util.Objects;
import java.util.Optional;

/**
 * What a result was computed from: the history (over the snapshot's item indices, with any profile)
 * and the serving snapshot, so that explaining it reads neither the store nor a newer snapshot.
 *
 * <p>Not part of a result's value: every basis equals every other, so two results with the same
 * items, scores and facts are equal whatever they were computed from. Immutable.
 */
public final class Basis {
  /** No basis: a result built by hand, or an {@code ask} list turned into a result. */
  public static final Basis NONE = new Basis(null, null);

  private final History history;
  private final ServingSnapshot snapshot;

  private Basis(History history, ServingSnapshot snapshot) {
    this.history = history;
    this.snapshot = snapshot;
  }

  /** The basis of a result computed for {@code history} on {@code snapshot}. */
  public static Basis of(History history, ServingSnapshot snapshot) {
    return new Basis(Objects.requireNonNull(history, "history"),
        Objects.requireNonNull(snapshot, "snapshot"));
  }

  /** The history, unless this is {@link #NONE}. */
  public Optional<History> history() {
    return Optional.ofNullable(history);
  }

  /** The serving snapshot, unless this is {@link #NONE}. */
  public Optional<ServingSnapshot> snapshot() {
    return Optional.ofNullable(snapshot);
  }

  /** Always true for another basis: see the class docs. */
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
    return snapshot == null ? "Basis[none]" : "Basis[snapshot " + snapshot.version() + ", " + history.size() + " events]";
  }
}

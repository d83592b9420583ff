package dev.tandem.engine.internal.pipeline;

import dev.tandem.core.data.History;
import dev.tandem.engine.Basis;
import dev.tandem.engine.internal.serve.ServingSnapshot;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@link Basis} of a result the pipeline computed: the history and the serving snapshot
 * itself, which the facade reads back to explain the result. Equal to every other basis (see
 * {@link Basis}). Immutable.
 */
public final class Computed implements Basis {
  private final History history;
  private final ServingSnapshot snapshot;

  private Computed(History history, ServingSnapshot snapshot) {
    this.history = history;
    this.snapshot = snapshot;
  }

  /** The basis of a result computed for {@code history} on {@code snapshot}. */
  public static Computed of(History history, ServingSnapshot snapshot) {
    return new Computed(Objects.requireNonNull(history, "history"), Objects.requireNonNull(snapshot, "snapshot"));
  }

  /** The serving snapshot of {@code basis}, if the pipeline computed it. */
  public static Optional<ServingSnapshot> snapshotOf(Basis basis) {
    return basis instanceof Computed c ? Optional.of(c.snapshot) : Optional.empty();
  }

  @Override
  public Optional<History> history() {
    return Optional.of(history);
  }

  @Override
  public OptionalLong snapshotVersion() {
    return OptionalLong.of(snapshot.version());
  }

  /** Always true for another basis: see {@link Basis}. */
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
    return "Basis[snapshot " + snapshot.version() + ", " + history.size() + " events]";
  }
}

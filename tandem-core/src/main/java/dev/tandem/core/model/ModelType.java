package dev.tandem.core.model;

import dev.tandem.core.snapshot.SnapshotInput;
import dev.tandem.core.snapshot.SnapshotOutput;
import dev.tandem.core.tune.Dimension;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kind of model: its name, its typed parameters, how to train it and how to store it in a
 * snapshot. Registered through {@link java.util.ServiceLoader} and looked up by {@link ModelTypes}.
 *
 * @param <M> the model class
 * @param <P> the parameter record
 */
public interface ModelType<M extends Model, P extends Record> {

  /** Lower-case name used by {@code train --models}, config keys and snapshots, e.g. {@code "ease"}. */
  String name();

  /** One line for {@code --help} and reports. */
  String description();

  /**
   * The declared parameters: the one place a parameter's key, type, default, range, description
   * and tuning range are written. Parsing, validation, {@code describe}, the search space, the
   * documented configuration and the CLI help all derive from it.
   */
  ParamSet parameters();

  /**
   * The typed parameter record of validated {@code values} (of this type's {@link #parameters()}).
   *
   * @throws IllegalArgumentException if the values break a rule spanning several parameters
   */
  P bind(ParamValues values);

  /**
   * The parameters: defaults overridden by text {@code overrides} (keys without the model prefix,
   * e.g. {@code lambda}), parsed and validated by {@link #parameters()}. For edges and tests.
   *
   * @throws IllegalArgumentException naming the key, the value and the rule, for unknown keys or bad values
   */
  default P params(Map<String, String> overrides) {
    return bind(parameters().parse(overrides));
  }

  /** A trainer with these parameters. */
  Trainer<M> trainer(P params);

  /** The model class, for checked casts. */
  Class<M> modelClass();

  /** Writes {@code model}'s state. */
  void write(M model, SnapshotOutput out) throws IOException;

  /** Reads a model written by {@link #write} with the same snapshot format version. */
  M read(SnapshotInput in) throws IOException;

  /**
   * The hyper-parameters worth tuning and their ranges, for {@code tandem tune}, as declared in
   * {@link #parameters()}; empty when there is nothing to tune.
   */
  default List<Dimension> searchSpace() {
    return parameters().searchSpace();
  }

  /**
   * The item content the trainer reads with {@code params} beyond interactions (embeddings,
   * texts). The engine attaches it to the training interactions before fitting; none by default.
   */
  default Set<ItemContent> needs(P params) {
    return Set.of();
  }

  /** Type-erased write, for registries. */
  default void writeModel(Model model, SnapshotOutput out) throws IOException {
    write(modelClass().cast(model), out);
  }
}

package dev.tandem.core.snapshot;

import dev.tandem.core.data.IdIndex;
import dev.tandem.core.model.Model;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, versioned set of trained models over one item index: what {@code train} writes
 * and {@code recommend} loads. Published atomically and never mutated.
 *
 * @param version monotonically increasing snapshot number
 * @param createdAtMillis when training finished (epoch milliseconds)
 * @param items the item index every model ranks over
 * @param models trained models by type name, in training order (when read from a file, only those asked for)
 * @param params effective parameters of every model in the snapshot, by type name
 * @param info free-form facts about the training run (data sizes, fit seconds), for {@code info}
 */
public record ModelSnapshot(long version, long createdAtMillis, IdIndex items, Map<String, Model> models,
    Map<String, Map<String, String>> params, Map<String, String> info) {

  public ModelSnapshot {
    if (version < 1) {
      throw new IllegalArgumentException("version (" + version + ") must be >= 1");
    }
    for (var e : models.entrySet()) {
      if (e.getValue().numItems() != items.size()) {
        throw new IllegalArgumentException("model " + e.getKey() + " ranks " + e.getValue().numItems()
            + " items but the snapshot's index has " + items.size());
      }
    }
    models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    Map<String, Map<String, String>> p = new LinkedHashMap<>();
    params.forEach((k, v) -> p.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    params = Collections.unmodifiableMap(p);
    info = Collections.unmodifiableMap(new LinkedHashMap<>(info));
  }

  /** The model of type {@code name}, if this snapshot has it. */
  public Optional<Model> model(String name) {
    return Optional.ofNullable(models.get(name));
  }
}

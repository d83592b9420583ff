package dev.tandem.core.snapshot;

import dev.tandem.core.data.IdIndex;
import dev.tandem.core.model.Model;
import dev.tandem.core.rating.RatingModel;
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
 * @param ratingModels trained explicit-rating models ({@code predict}) by name, over the same item
 *     index (when read from a file, only those asked for)
 * @param ratingParams effective parameters of every rating model in the snapshot, by name; kept
 *     apart from {@code params} so that top-N model choice never picks a rating model
 */
public record ModelSnapshot(long version, long createdAtMillis, IdIndex items, Map<String, Model> models,
    Map<String, Map<String, String>> params, Map<String, String> info, Map<String, RatingModel> ratingModels,
    Map<String, Map<String, String>> ratingParams) {

  /** A snapshot without rating models. */
  public ModelSnapshot(long version, long createdAtMillis, IdIndex items, Map<String, Model> models,
      Map<String, Map<String, String>> params, Map<String, String> info) {
    this(version, createdAtMillis, items, models, params, info, Map.of(), Map.of());
  }

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
    for (var e : ratingModels.entrySet()) {
      if (e.getValue().numItems() != items.size()) {
        throw new IllegalArgumentException("rating model " + e.getKey() + " predicts " + e.getValue().numItems()
            + " items but the snapshot's index has " + items.size());
      }
      if (params.containsKey(e.getKey())) {
        throw new IllegalArgumentException("name " + e.getKey() + " is both a model and a rating model");
      }
    }
    ratingModels = Collections.unmodifiableMap(new LinkedHashMap<>(ratingModels));
    Map<String, Map<String, String>> rp = new LinkedHashMap<>();
    ratingParams.forEach((k, v) -> rp.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    ratingParams = Collections.unmodifiableMap(rp);
  }

  /** The model of type {@code name}, if this snapshot has it. */
  public Optional<Model> model(String name) {
    return Optional.ofNullable(models.get(name));
  }

  /** The rating model {@code name}, if this snapshot has it loaded. */
  public Optional<RatingModel> ratingModel(String name) {
    return Optional.ofNullable(ratingModels.get(name));
  }
}

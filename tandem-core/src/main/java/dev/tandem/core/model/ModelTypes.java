package dev.tandem.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The registry of model types found through {@link ServiceLoader} (core registers pop, itemknn,
 * ease and ials; other modules add theirs). Immutable after class initialisation; thread-safe.
 */
public final class ModelTypes {
  private static final Map<String, ModelType<?, ?>> TYPES = load();

  private ModelTypes() {}

  private static Map<String, ModelType<?, ?>> load() {
    Map<String, ModelType<?, ?>> map = new LinkedHashMap<>();
    for (ModelType<?, ?> t : ServiceLoader.load(ModelType.class, ModelTypes.class.getClassLoader())) {
      ModelType<?, ?> prior = map.putIfAbsent(t.name(), t);
      if (prior != null) {
        throw new IllegalStateException("model type '" + t.name() + "' is registered twice: "
            + prior.getClass().getName() + " and " + t.getClass().getName());
      }
    }
    return Collections.unmodifiableMap(map);
  }

  /** The type called {@code name}. */
  public static ModelType<?, ?> byName(String name) {
    ModelType<?, ?> t = TYPES.get(name);
    if (t == null) {
      throw new IllegalArgumentException("model (" + dev.tandem.core.data.Quote.of(name) + ") is not known; expected one of " + TYPES.keySet());
    }
    return t;
  }

  /** Names of all registered types, in registration order. */
  public static List<String> names() {
    return List.copyOf(new ArrayList<>(TYPES.keySet()));
  }

  /** Fits {@code type} with defaults overridden by {@code overrides} (keys without the model prefix). */
  public static <M extends Model, P extends Record> M fit(ModelType<M, P> type, Map<String, String> overrides,
      dev.tandem.core.data.Interactions train) {
    return type.trainer(type.params(overrides)).fit(train);
  }

  /**
   * The item content that model {@code name} with {@code overrides} reads (see
   * {@link ModelType#needs}); empty for names that are not model types (rating models).
   */
  public static java.util.Set<ItemContent> needs(String name, Map<String, String> overrides) {
    ModelType<?, ?> t = TYPES.get(name);
    return t == null ? java.util.Set.of() : needsOf(t, overrides);
  }

  private static <M extends Model, P extends Record> java.util.Set<ItemContent> needsOf(ModelType<M, P> type,
      Map<String, String> overrides) {
    return type.needs(type.params(overrides));
  }

  /** The effective parameters of {@code type} with {@code overrides}, as strings. */
  public static <M extends Model, P extends Record> Map<String, String> effectiveParams(ModelType<M, P> type,
      Map<String, String> overrides) {
    return type.describe(type.params(overrides));
  }
}

package dev.tandem.core.model;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.Quote;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

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
      throw new IllegalArgumentException("model (" + Quote.of(name) + ") is not known; expected one of " + TYPES.keySet());
    }
    return t;
  }

  /** Names of all registered types, in registration order. */
  public static List<String> names() {
    return List.copyOf(new ArrayList<>(TYPES.keySet()));
  }

  /** Fits the type of {@code values} with them. */
  public static Model fit(ParamValues values, Interactions train) {
    return fitOf(byName(values.model()), values, train);
  }

  private static <M extends Model, P extends Record> M fitOf(ModelType<M, P> type, ParamValues values,
      Interactions train) {
    return type.trainer(type.bind(values)).fit(train);
  }

  /**
   * The typed parameter record of {@code values}, bound by their type: checks the rules that span
   * several parameters.
   *
   * @throws IllegalArgumentException if the values break such a rule
   */
  public static Record bind(ParamValues values) {
    return byName(values.model()).bind(values);
  }

  /** The item content that the type of {@code values} reads with them (see {@link ModelType#needs}). */
  public static Set<ItemContent> needs(ParamValues values) {
    return needsOf(byName(values.model()), values);
  }

  private static <M extends Model, P extends Record> Set<ItemContent> needsOf(ModelType<M, P> type,
      ParamValues values) {
    return type.needs(type.bind(values));
  }

  /**
   * The effective parameters of {@code type} with text {@code overrides}, as text: parsed,
   * validated and {@linkplain ParamValues#describe described} (for edges and tests).
   */
  public static Map<String, String> effectiveParams(ModelType<?, ?> type, Map<String, String> overrides) {
    return type.parameters().parse(overrides).describe();
  }
}

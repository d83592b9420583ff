package dev.tandem.engine;

import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.ParamSet;
import dev.tandem.core.model.ParamValues;
import dev.tandem.core.rating.RatingModels;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of a training run. Immutable.
 *
 * @param models models to fit, in order; empty for the configuration's {@code train.models}
 * @param params per model, validated parameter overrides on top of the configuration
 * @param listener told as each model finishes
 */
public record TrainOptions(List<String> models, Map<String, ParamValues> params, Listener listener) {

  /** Progress callback. */
  @FunctionalInterface
  public interface Listener {
    void modelTrained(String model, double seconds);
  }

  /**
   * Copies the lists.
   *
   * @throws IllegalArgumentException if a key of {@code params} is not the model of its values
   */
  public TrainOptions {
    models = List.copyOf(models);
    params = copy(params);
  }

  /** {@code params} copied, each key checked against its values' model. */
  static Map<String, ParamValues> copy(Map<String, ParamValues> params) {
    Map<String, ParamValues> copy = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      if (!k.equals(v.model())) {
        throw new IllegalArgumentException("params of model " + k + " (" + v + ") must be parameters of " + k);
      }
      copy.put(k, v);
    });
    return Collections.unmodifiableMap(copy);
  }

  /** The configured models with their configured parameters. */
  public static TrainOptions defaults() {
    return new TrainOptions(List.of(), Map.of(), (m, s) -> {});
  }

  /**
   * Parses {@code model.key=value} overrides such as {@code ease.lambda=500} (the CLI's
   * {@code --param}), each model's by its declaration.
   *
   * @throws IllegalArgumentException for an entry not of that form, an unknown model or key, or a bad value
   */
  public static Map<String, ParamValues> parseParams(List<String> entries) {
    Map<String, Map<String, String>> text = new LinkedHashMap<>();
    for (String e : entries) {
      int eq = e.indexOf('=');
      int dot = e.indexOf('.');
      if (eq < 0 || dot < 1 || dot > eq - 2) {
        throw new IllegalArgumentException("--param (" + e + ") must look like model.key=value, e.g. ease.lambda=500");
      }
      text.computeIfAbsent(e.substring(0, dot), k -> new LinkedHashMap<>()).put(e.substring(dot + 1, eq), e.substring(eq + 1));
    }
    return parseParams(text);
  }

  /**
   * Parses text overrides per model (keys without the model prefix), e.g. a REST body's
   * {@code params}, each model's by its declaration.
   *
   * @throws IllegalArgumentException for an unknown model or key, or a bad value
   */
  public static Map<String, ParamValues> parseParams(Map<String, Map<String, String>> text) {
    Map<String, ParamValues> out = new LinkedHashMap<>();
    text.forEach((model, kv) -> out.put(model, declaration(model).parse(kv)));
    return out;
  }

  /**
   * The declared parameters of {@code model}: a registered model type or a rating model.
   *
   * @throws IllegalArgumentException for an unknown model
   */
  static ParamSet declaration(String model) {
    return RatingModels.has(model) ? RatingModels.parameters(model) : ModelTypes.byName(model).parameters();
  }
}

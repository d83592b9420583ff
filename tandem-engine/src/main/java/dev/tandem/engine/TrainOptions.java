package dev.tandem.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of a training run.
 *
 * @param models models to fit, in order; empty for the configuration's {@code train.models}
 * @param params per-model parameter overrides on top of the configuration (keys without prefix)
 * @param listener told as each model finishes
 */
public record TrainOptions(List<String> models, Map<String, Map<String, String>> params, Listener listener) {

  /** Progress callback. */
  @FunctionalInterface
  public interface Listener {
    void modelTrained(String model, double seconds);
  }

  public TrainOptions {
    models = List.copyOf(models);
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    params.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    params = Collections.unmodifiableMap(copy);
  }

  /** The configured models with their configured parameters. */
  public static TrainOptions defaults() {
    return new TrainOptions(List.of(), Map.of(), (m, s) -> {});
  }

  /**
   * Parses {@code model.key=value} overrides such as {@code ease.lambda=500}.
   *
   * @throws IllegalArgumentException for an entry not of that form
   */
  public static Map<String, Map<String, String>> parseParams(List<String> entries) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (String e : entries) {
      int eq = e.indexOf('=');
      int dot = e.indexOf('.');
      if (eq < 0 || dot < 1 || dot > eq - 2) {
        throw new IllegalArgumentException("--param (" + e + ") must look like model.key=value, e.g. ease.lambda=500");
      }
      out.computeIfAbsent(e.substring(0, dot), k -> new LinkedHashMap<>()).put(e.substring(dot + 1, eq), e.substring(eq + 1));
    }
    return out;
  }
}

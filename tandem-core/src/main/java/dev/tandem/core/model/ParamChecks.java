package dev.tandem.core.model;

/**
 * Checks of parameter record fields, for the compact constructors of models' parameter records
 * (the Java API's validation; text is validated by {@link Param#parse}). Each message names the
 * model, the key, the value and the rule. Stateless.
 */
public final class ParamChecks {
  private ParamChecks() {}

  /**
   * Checks a whole number in [min, max].
   *
   * @throws IllegalArgumentException {@code "model.key (v) must be in [min, max]"}
   */
  public static void range(String model, String key, int v, int min, int max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(model + "." + key + " (" + v + ") must be in [" + min + ", " + max + "]");
    }
  }

  /**
   * Checks a positive, finite number.
   *
   * @throws IllegalArgumentException {@code "model.key (v) must be > 0 and finite"}
   */
  public static void positive(String model, String key, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(model + "." + key + " (" + v + ") must be > 0 and finite");
    }
  }

  /**
   * Checks a non-negative, finite number.
   *
   * @throws IllegalArgumentException {@code "model.key (v) must be >= 0 and finite"}
   */
  public static void nonNegative(String model, String key, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(model + "." + key + " (" + v + ") must be >= 0 and finite");
    }
  }
}

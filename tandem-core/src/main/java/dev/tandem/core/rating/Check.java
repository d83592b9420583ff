package dev.tandem.core.rating;

import dev.tandem.core.model.ParamChecks;

/**
 * Parameter checks whose messages name the model, the key, the value and the rule: the shared
 * {@link ParamChecks} and the rating-only ones.
 */
final class Check {
  private Check() {}

  static void range(String model, String key, int v, int min, int max) {
    ParamChecks.range(model, key, v, min, max);
  }

  static void positive(String model, String key, double v) {
    ParamChecks.positive(model, key, v);
  }

  static void nonNegative(String model, String key, double v) {
    ParamChecks.nonNegative(model, key, v);
  }

  static void fraction(String model, String key, double v, boolean zeroAllowed) {
    if (!(zeroAllowed ? v >= 0 : v > 0) || !(v <= 1)) {
      throw new IllegalArgumentException(model + "." + key + " (" + v + ") must be " + (zeroAllowed ? "in [0, 1]" : "in (0, 1]"));
    }
  }

  static void notEmpty(String model, Ratings train) {
    if (train.size() == 0) {
      throw new IllegalArgumentException(model + ": train has no ratings (users " + train.numUsers() + ", items "
          + train.numItems() + ")");
    }
  }
}

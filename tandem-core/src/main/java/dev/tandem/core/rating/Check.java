package dev.tandem.core.rating;

/** Parameter checks whose messages name the model, the key, the value and the rule. */
final class Check {
  private Check() {}

  static void range(String model, String key, int v, int min, int max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(model + "." + key + " (" + v + ") must be in [" + min + ", " + max + "]");
    }
  }

  static void positive(String model, String key, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(model + "." + key + " (" + v + ") must be > 0 and finite");
    }
  }

  static void nonNegative(String model, String key, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(model + "." + key + " (" + v + ") must be >= 0 and finite");
    }
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

package dev.tandem.core.tune;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One hyper-parameter's search range: a whole number or a decimal in [low, high], sampled
 * uniformly or, when {@code logScale}, uniformly in log space (for parameters such as a
 * regularisation weight whose effect is multiplicative). Immutable.
 *
 * @param name the parameter key, as the model's {@code params} reads it (e.g. {@code lambda})
 * @param low lowest value (> 0 when log-scaled)
 * @param high highest value (>= low)
 * @param integer whether values are whole numbers
 * @param logScale whether to sample uniformly in log space
 */
public record Dimension(String name, double low, double high, boolean integer, boolean logScale) {
  public Dimension {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("dimension name must be non-empty");
    }
    if (!Double.isFinite(low) || !Double.isFinite(high) || high < low) {
      throw new IllegalArgumentException("dimension " + name + " range [" + low + ", " + high + "] must be finite with low <= high");
    }
    if (logScale && low <= 0) {
      throw new IllegalArgumentException("dimension " + name + " low (" + low + ") must be > 0 on a log scale");
    }
  }

  /** A decimal dimension sampled in log space. */
  public static Dimension logDecimal(String name, double low, double high) {
    return new Dimension(name, low, high, false, true);
  }

  /** A whole-number dimension sampled in log space. */
  public static Dimension logInteger(String name, int low, int high) {
    return new Dimension(name, low, high, true, true);
  }

  /** A decimal dimension sampled uniformly. */
  public static Dimension decimal(String name, double low, double high) {
    return new Dimension(name, low, high, false, false);
  }

  /** Draws one value, as the text a {@link dev.tandem.core.model.Param} parses. */
  public String sample(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    double x = logScale ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
    if (integer) {
      return Long.toString(Math.max((long) low, Math.min((long) high, Math.round(x))));
    }
    return String.format(Locale.ROOT, "%.4g", x);
  }
}

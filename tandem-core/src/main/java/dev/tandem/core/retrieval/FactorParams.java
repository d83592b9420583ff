package dev.tandem.core.retrieval;

import dev.tandem.core.model.Param;

/**
 * The parameters that the factor models fitted by alternating conjugate-gradient sweeps
 * ({@link ImplicitAls}, {@link Hybrid}) share, declared once (a model adds its own tuning range
 * with {@link Param#tunedLog}). Stateless.
 */
final class FactorParams {
  /** Upper bound of {@code factors}. */
  static final int MAX_FACTORS = 1024;

  static final Param<Integer> FACTORS = Param.integer("factors", 64, 1, MAX_FACTORS,
      "Latent factors: more capture finer taste at a cost of f^2 per user and item per iteration.");
  static final Param<Integer> ITERATIONS = Param.integer("iterations", 15, 1, 10_000,
      "Alternating sweeps; the objective falls quickly in the first 5-10, then flattens.");
  static final Param<Double> ALPHA = Param.decimal("alpha", 20.0, 0, false, Double.MAX_VALUE,
      "Confidence c = 1 + alpha * strength: how much more an observed interaction weighs than an unobserved"
          + " one. 20 beat 1, 5 and 40 was close on goodbooks; tune per data set.");
  static final Param<Integer> CG_STEPS = Param.integer("cg_steps", 3, 1, 1024,
      "Conjugate-gradient steps per row update (warm-started); 3 is near the exact solve.");
  static final Param<Integer> SEED = Param.integer("seed", 42, Integer.MIN_VALUE, Integer.MAX_VALUE,
      "Seed of the random initial factors: same seed, same model.");
  static final Param<Integer> THREADS = Param.integer("threads", 0, 0, 1024,
      "Training threads; 0 uses every core. Results are identical for any thread count.");

  private FactorParams() {}

  /** The number of training threads {@code threads} asks for (0: all processors). */
  static int threads(int threads) {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }
}

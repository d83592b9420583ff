package dev.tandem.core.rating;

import dev.tandem.core.model.Param;

/** The parameters that the SGD-trained rating models ({@link BiasedMf}, {@link SvdPlusPlus}) share, declared once. */
final class SgdParams {
  static final Param<Integer> EPOCHS = Param.integer("epochs", 60, 1, 10_000, "Passes over the ratings.");
  static final Param<Double> BIAS_LEARNING_RATE = Param.decimal("bias_learning_rate", 0.01, 0, false,
      Double.MAX_VALUE, "SGD step for the biases in the first epoch.");
  static final Param<Double> DECAY = Param.decimal("decay", 0.95, 0, false, 1,
      "Factor applied to both learning rates after every epoch, so late epochs settle.");
  static final Param<Double> REG_BIAS = Param.decimal("reg_bias", 0.02, 0, true, Double.MAX_VALUE,
      "L2 penalty on the user and item biases per rating.");
  static final Param<Double> INIT_STD = Param.decimal("init_std", 0.1, 0, true, Double.MAX_VALUE,
      "Standard deviation of the random initial factors; items without ratings stay at zero.");
  static final Param<Integer> SEED = Param.integer("seed", 42, Integer.MIN_VALUE, Integer.MAX_VALUE,
      "Seed of the initial factors and the visiting order.");

  private SgdParams() {}

  /**
   * Checks the values every SGD-trained model of {@code model} has, naming the key, the value and
   * the rule: factors in [1, 1024], epochs in [1, 10000], learning rates > 0, decay in (0, 1],
   * penalties and initial spread >= 0.
   *
   * @throws IllegalArgumentException for the first value out of range
   */
  static void check(String model, int factors, int epochs, double learningRate, double biasLearningRate,
      double decay, double regFactor, double regBias, double initStd) {
    Check.range(model, "factors", factors, 1, 1024);
    Check.range(model, "epochs", epochs, 1, 10_000);
    Check.positive(model, "learning_rate", learningRate);
    Check.positive(model, "bias_learning_rate", biasLearningRate);
    Check.fraction(model, "decay", decay, false);
    Check.nonNegative(model, "reg_factor", regFactor);
    Check.nonNegative(model, "reg_bias", regBias);
    Check.nonNegative(model, "init_std", initStd);
  }
}

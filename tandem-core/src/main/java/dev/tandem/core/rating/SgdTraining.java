package dev.tandem.core.rating;

import dev.tandem.core.model.ModelFitException;
import java.util.Random;

/**
 * The SGD loop that the biased factor models ({@link BiasedMf}, {@link SvdPlusPlus}) share: the
 * seeded initial user and item factors, the biases around the global mean, the per-rating bias
 * step, and the epochs with their learning-rate decay and divergence check. A model's epoch body
 * does its own visiting order and factor updates. Not thread-safe: one fit.
 */
final class SgdTraining {
  final int factors;
  final Random rnd;
  /** users × factors. */
  final float[] userFactors;
  /** items × factors. */
  final float[] itemFactors;
  final float[] userBias;
  final float[] itemBias;
  final float mu;
  private final String model;
  private final double learningRate;
  private final double biasLearningRate;
  private final float regBias;
  /** The current factor and bias learning rates (decayed after each epoch). */
  float lr;
  float lrB;

  /**
   * Initialises the parameters: user factors, then item factors, from one generator seeded with
   * {@code seed} (rows of users or items without ratings start at zero), zero biases.
   */
  SgdTraining(String model, Ratings train, int factors, double initStd, long seed, double learningRate,
      double biasLearningRate, double regBias) {
    Check.notEmpty(model, train);
    this.model = model;
    this.factors = factors;
    int nu = train.numUsers();
    int[] userCounts = new int[nu];
    for (int u = 0; u < nu; u++) {
      userCounts[u] = train.userPtr()[u + 1] - train.userPtr()[u];
    }
    this.rnd = new Random(seed);
    this.userFactors = RatingMath.initial(nu, factors, initStd, userCounts, rnd);
    this.itemFactors = RatingMath.initial(train.numItems(), factors, initStd, RatingMath.itemCounts(train), rnd);
    this.userBias = new float[nu];
    this.itemBias = new float[train.numItems()];
    this.mu = (float) train.mean();
    this.learningRate = learningRate;
    this.biasLearningRate = biasLearningRate;
    this.regBias = (float) regBias;
    this.lr = (float) learningRate;
    this.lrB = (float) biasLearningRate;
  }

  /** One epoch of a model's updates. */
  @FunctionalInterface
  interface Epoch {
    /** Runs epoch {@code epoch} (0-based); returns whether the parameters are still finite. */
    boolean run(int epoch);
  }

  /**
   * Moves user {@code u}'s and item {@code i}'s biases one step against the rating's error
   * {@code err}, with the L2 penalty.
   */
  void biasStep(int u, int i, float err) {
    userBias[u] += lrB * (err - regBias * userBias[u]);
    itemBias[i] += lrB * (err - regBias * itemBias[i]);
  }

  /**
   * Runs {@code epochs} epochs of {@code body}, multiplying both learning rates by {@code decay}
   * after each.
   *
   * @throws ModelFitException naming the epoch and the learning rates when an epoch leaves the
   *     parameters not finite
   */
  void epochs(int epochs, double decay, Epoch body) {
    for (int epoch = 0; epoch < epochs; epoch++) {
      if (!body.run(epoch)) {
        throw new ModelFitException(model + ": parameters are not finite after epoch " + (epoch + 1) + " of "
            + epochs + "; lower learning_rate (" + learningRate + ") or bias_learning_rate ("
            + biasLearningRate + ")");
      }
      lr *= (float) decay;
      lrB *= (float) decay;
    }
  }
}

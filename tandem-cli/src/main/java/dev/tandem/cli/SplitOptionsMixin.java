package dev.tandem.cli;

import dev.tandem.core.eval.Protocol;
import dev.tandem.core.eval.SplitOptions;
import picocli.CommandLine.Option;

/** Options that define a split (split, evaluate --protocol). Defaults are SplitOptions.defaults. */
final class SplitOptionsMixin {
  @Option(names = "--protocol", paramLabel = "P",
      description = "holdout-users, leave-last-out, temporal, random, cold-items or ratings.")
  String protocol;

  @Option(names = "--seed", defaultValue = "98765", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--test-users", defaultValue = "600", paramLabel = "N",
      description = "Test users drawn by holdout-users (default: ${DEFAULT-VALUE}).")
  int testUsers;

  @Option(names = "--min-rating", defaultValue = "4", paramLabel = "R",
      description = "Ratings at or above R are positives (default: ${DEFAULT-VALUE}).")
  double minRating;

  @Option(names = "--min-user-positives", defaultValue = "5", paramLabel = "N",
      description = "Users with fewer positives are left out (default: ${DEFAULT-VALUE}).")
  int minUserPositives;

  @Option(names = "--target-fraction", defaultValue = "0.2", paramLabel = "F",
      description = "Share held out per test user (holdout-users, random) or of ratings (ratings) (default: ${DEFAULT-VALUE}).")
  double targetFraction;

  @Option(names = "--cold-fraction", defaultValue = "0.2", paramLabel = "F",
      description = "Share of items held out by cold-items (default: ${DEFAULT-VALUE}).")
  double coldFraction;

  @Option(names = "--time-quantile", defaultValue = "0.8", paramLabel = "Q",
      description = "Quantile of the timestamps where temporal cuts (default: ${DEFAULT-VALUE}).")
  double timeQuantile;

  SplitOptions options() {
    if (protocol == null) {
      throw new IllegalArgumentException("--protocol is required; expected one of " + Protocol.ids());
    }
    return new SplitOptions(Protocol.of(protocol), seed, minRating, minUserPositives, testUsers, targetFraction,
        coldFraction, timeQuantile);
  }
}

package dev.tandem.core.eval;

/**
 * A paired test of one model against the best one on the same test users.
 *
 * @param model the model compared
 * @param baseline the best model on {@code metric}
 * @param metric the metric compared (a mean over users)
 * @param difference model's value minus baseline's
 * @param pValue two-sided p-value of the paired sign-flip test (see {@link Bootstrap#pairedPValue})
 * @param users users with both values
 */
public record Comparison(String model, String baseline, String metric, double difference, double pValue, int users) {}

package dev.tandem.core.eval;

/**
 * How to split events into training and test data. Defaults follow refrec.py and Liang et al.
 * 2018. Immutable; the compact constructor validates every field.
 *
 * @param protocol which protocol
 * @param seed seed of every random choice (default 98765, as refrec.py): same seed, same split
 * @param minRating events rated at or above this are positives (default 4); not used by
 *     {@code ratings}, which keeps every rating
 * @param minUserPositives users with fewer positives are left out entirely (default 5); for
 *     {@code ratings}, users with fewer ratings
 * @param testUsers how many test users {@code holdout-users} draws (default 600, >= 1)
 * @param targetFraction share of a test user's positives held out as targets by
 *     {@code holdout-users} and {@code random}, and share of ratings held out by {@code ratings}
 *     (default 0.2, in (0, 1))
 * @param coldFraction share of items held out by {@code cold-items} (default 0.2, in (0, 1))
 * @param timeQuantile quantile of the positives' timestamps where {@code temporal} cuts (default
 *     0.8, in (0, 1))
 */
public record SplitOptions(Protocol protocol, long seed, double minRating, int minUserPositives, int testUsers,
    double targetFraction, double coldFraction, double timeQuantile) {

  /** Default seed (as refrec.py). */
  public static final long DEFAULT_SEED = 98765;

  public SplitOptions {
    if (protocol == null) {
      throw new IllegalArgumentException("protocol must not be null; expected one of " + Protocol.ids());
    }
    if (!Double.isFinite(minRating)) {
      throw new IllegalArgumentException("min_rating (" + minRating + ") must be finite");
    }
    if (minUserPositives < 1) {
      throw new IllegalArgumentException("min_user_positives (" + minUserPositives + ") must be >= 1");
    }
    if (testUsers < 1) {
      throw new IllegalArgumentException("test_users (" + testUsers + ") must be >= 1");
    }
    checkFraction("target_fraction", targetFraction);
    checkFraction("cold_fraction", coldFraction);
    checkFraction("time_quantile", timeQuantile);
  }

  private static void checkFraction(String name, double v) {
    if (!(v > 0 && v < 1)) {
      throw new IllegalArgumentException(name + " (" + v + ") must be in (0, 1)");
    }
  }

  /** The defaults for {@code protocol}: seed 98765, min rating 4, 5 positives, 600 test users, 0.2, 0.2, 0.8. */
  public static SplitOptions defaults(Protocol protocol) {
    return new SplitOptions(protocol, DEFAULT_SEED, 4.0, 5, 600, 0.2, 0.2, 0.8);
  }

  /** These options with another seed. */
  public SplitOptions withSeed(long s) {
    return new SplitOptions(protocol, s, minRating, minUserPositives, testUsers, targetFraction, coldFraction, timeQuantile);
  }

  /** These options with another number of test users. */
  public SplitOptions withTestUsers(int n) {
    return new SplitOptions(protocol, seed, minRating, minUserPositives, n, targetFraction, coldFraction, timeQuantile);
  }
}

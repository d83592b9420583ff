package dev.tandem.core.eval;

import dev.tandem.core.data.Quote;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw events to split: (user, item, rating, timestamp) rows with external ids, columnar. A
 * "rating" is the explicit rating, or for implicit feedback any value at or above the split's
 * {@code minRating} (see {@link SplitOptions}). Immutable once built; thread-safe.
 */
public final class Events {
  private final String[] users;
  private final String[] items;
  private final double[] ratings;
  private final long[] timestamps;

  private Events(String[] users, String[] items, double[] ratings, long[] timestamps) {
    this.users = users;
    this.items = items;
    this.ratings = ratings;
    this.timestamps = timestamps;
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of rows. */
  public int size() {
    return users.length;
  }

  /** User id of row {@code i}. */
  public String user(int i) {
    return users[i];
  }

  /** Item id of row {@code i}. */
  public String item(int i) {
    return items[i];
  }

  /** Rating of row {@code i}. */
  public double rating(int i) {
    return ratings[i];
  }

  /** Timestamp of row {@code i} (epoch seconds, or any order key; 0 when unknown). */
  public long timestamp(int i) {
    return timestamps[i];
  }

  /** Collects rows; not thread-safe, single use. */
  public static final class Builder {
    private final List<String> users = new ArrayList<>();
    private final List<String> items = new ArrayList<>();
    private final DoubleArrayList ratings = new DoubleArrayList();
    private final LongArrayList timestamps = new LongArrayList();

    private Builder() {}

    /**
     * Adds one row.
     *
     * @throws IllegalArgumentException if an id is null or empty or the rating is not finite
     */
    public Builder add(String user, String item, double rating, long timestamp) {
      if (user == null || user.isEmpty()) {
        throw new IllegalArgumentException("user (" + Quote.of(user) + ") of row " + users.size() + " must be non-empty");
      }
      if (item == null || item.isEmpty()) {
        throw new IllegalArgumentException("item (" + Quote.of(item) + ") of row " + users.size() + " must be non-empty");
      }
      if (!Double.isFinite(rating)) {
        throw new IllegalArgumentException("rating (" + rating + ") of row " + users.size() + " must be finite");
      }
      users.add(user);
      items.add(item);
      ratings.add(rating);
      timestamps.add(timestamp);
      return this;
    }

    /** The rows added so far. */
    public Events build() {
      return new Events(users.toArray(new String[0]), items.toArray(new String[0]), ratings.toDoubleArray(),
          timestamps.toLongArray());
    }
  }
}

package dev.tandem.core.eval;

import java.util.Arrays;

/**
 * Rows of one split file: (user, item) pairs with external ids, and a rating per row (1 for
 * splits without ratings). Row order is file order. Immutable: arrays are copied in and out.
 *
 * @param users user id per row
 * @param items item id per row
 * @param ratings rating per row
 */
public record Pairs(String[] users, String[] items, double[] ratings) {
  /** No rows. */
  public static final Pairs EMPTY = new Pairs(new String[0], new String[0], new double[0]);

  public Pairs {
    if (users.length != items.length || users.length != ratings.length) {
      throw new IllegalArgumentException("users (" + users.length + "), items (" + items.length + ") and ratings ("
          + ratings.length + ") must have the same length");
    }
    users = users.clone();
    items = items.clone();
    ratings = ratings.clone();
  }

  /** Number of rows. */
  public int size() {
    return users.length;
  }

  /** User of row {@code i} (no copy). */
  public String user(int i) {
    return users[i];
  }

  /** Item of row {@code i} (no copy). */
  public String item(int i) {
    return items[i];
  }

  /** Rating of row {@code i} (no copy). */
  public double rating(int i) {
    return ratings[i];
  }

  /** Number of distinct users. */
  public int distinctUsers() {
    return (int) Arrays.stream(users).distinct().count();
  }

  @Override
  public String[] users() {
    return users.clone();
  }

  @Override
  public String[] items() {
    return items.clone();
  }

  @Override
  public double[] ratings() {
    return ratings.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pairs p && Arrays.equals(users, p.users) && Arrays.equals(items, p.items)
        && Arrays.equals(ratings, p.ratings);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(users) + Arrays.hashCode(items)) + Arrays.hashCode(ratings);
  }

  @Override
  public String toString() {
    return "Pairs[size=" + users.length + "]";
  }

  /** Appends rows; not thread-safe. */
  static final class Builder {
    private String[] users = new String[16];
    private String[] items = new String[16];
    private double[] ratings = new double[16];
    private int n;

    void add(String user, String item, double rating) {
      if (n == users.length) {
        int cap = n * 2;
        users = Arrays.copyOf(users, cap);
        items = Arrays.copyOf(items, cap);
        ratings = Arrays.copyOf(ratings, cap);
      }
      users[n] = user;
      items[n] = item;
      ratings[n] = rating;
      n++;
    }

    Pairs build() {
      return new Pairs(Arrays.copyOf(users, n), Arrays.copyOf(items, n), Arrays.copyOf(ratings, n));
    }
  }
}

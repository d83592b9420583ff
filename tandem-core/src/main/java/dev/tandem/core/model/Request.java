package dev.tandem.core.model;

/**
 * Options of one recommendation request.
 *
 * @param n how many items to return at most (>= 1); fewer when fewer items pass the filters
 * @param filter which items may be returned; {@link ItemFilter#ALL} for no restriction
 * @param excludeSeen whether items in the history are left out (default true)
 */
public record Request(int n, ItemFilter filter, boolean excludeSeen) {
  public Request {
    if (n < 1) {
      throw new IllegalArgumentException("n (" + n + ") must be >= 1");
    }
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null; use ItemFilter.ALL for no restriction");
    }
  }

  /** The top {@code n} unseen items, no other filter. */
  public static Request top(int n) {
    return new Request(n, ItemFilter.ALL, true);
  }

  /** This request with {@code filter} added (both must accept). */
  public Request filtered(ItemFilter more) {
    return new Request(n, filter.and(more), excludeSeen);
  }
}

package dev.tandem.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Token buckets by name, lock-free: each bucket is one {@link AtomicLong} holding the theoretical
 * arrival time of the next request (the generic cell rate algorithm, equivalent to a token
 * bucket of {@code burst} tokens refilled at {@code rate} per second). A request costs one CAS
 * in the common case. Thread-safe.
 *
 * <p>Keys get a bucket each, by key name. Requests without a key (open reads) get one bucket per
 * client address; that map is cleared when it exceeds {@value #MAX_ANONYMOUS} addresses so that a
 * scan of addresses cannot grow it without bound (the cleared addresses start with full buckets).
 */
final class RateLimiter {
  /** Most anonymous client addresses tracked at once. */
  static final int MAX_ANONYMOUS = 10_000;

  private final long interval;
  private final long tolerance;
  private final int burst;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, AtomicLong> keyed = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicLong> anonymous = new ConcurrentHashMap<>();

  /**
   * A limiter of {@code rate} requests per second with bursts of {@code burst}.
   *
   * @param nanoClock monotonic nanoseconds ({@code System::nanoTime}; tests inject their own)
   */
  RateLimiter(int rate, int burst, LongSupplier nanoClock) {
    if (rate < 1 || burst < 1) {
      throw new IllegalArgumentException("rate (" + rate + ") and burst (" + burst + ") must be >= 1");
    }
    this.interval = Math.max(1L, Math.round(1e9 / rate));
    this.tolerance = interval * burst;
    this.burst = burst;
    this.nanoClock = nanoClock;
  }

  /**
   * Takes {@code cost} tokens from key {@code name}'s bucket: 0 when granted, else nanoseconds
   * until they are free. A cost above the burst is charged as the burst.
   */
  long acquireKey(String name, int cost) {
    return acquire(keyed.computeIfAbsent(name, n -> new AtomicLong(Long.MIN_VALUE)), cost);
  }

  /** Takes {@code cost} tokens from the bucket of the client at {@code address}. */
  long acquireAnonymous(String address, int cost) {
    AtomicLong b = anonymous.get(address);
    if (b == null) {
      if (anonymous.size() >= MAX_ANONYMOUS) {
        anonymous.clear();
      }
      b = anonymous.computeIfAbsent(address, n -> new AtomicLong(Long.MIN_VALUE));
    }
    return acquire(b, cost);
  }

  private long acquire(AtomicLong tat, int cost) {
    if (cost <= 0) {
      return 0;
    }
    long charge = interval * Math.min(cost, burst);
    long now = nanoClock.getAsLong();
    while (true) {
      long t = tat.get();
      long next = Math.max(t, now) + charge;
      long wait = next - now - tolerance;
      if (wait > 0) {
        return wait;
      }
      if (tat.compareAndSet(t, next)) {
        return 0;
      }
    }
  }
}

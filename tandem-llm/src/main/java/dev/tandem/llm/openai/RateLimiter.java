package dev.tandem.llm.openai;

/**
 * Spaces request starts at least {@code 1 / requestsPerSecond} apart (no bursts). Thread-safe:
 * concurrent callers reserve consecutive slots and sleep outside the lock.
 */
final class RateLimiter {
  private final long intervalNanos;
  private final Ticker ticker;
  private boolean started;
  private long next;

  RateLimiter(double requestsPerSecond, Ticker ticker) {
    this.intervalNanos = requestsPerSecond <= 0 ? 0 : (long) Math.ceil(1e9 / requestsPerSecond);
    this.ticker = ticker;
  }

  /** Waits until this caller may send a request. */
  void acquire() throws InterruptedException {
    if (intervalNanos == 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = ticker.nanoTime();
      long slot = started && next - now > 0 ? next : now;
      started = true;
      next = slot + intervalNanos;
      wait = slot - now;
    }
    if (wait > 0) {
      ticker.sleep(wait);
    }
  }
}

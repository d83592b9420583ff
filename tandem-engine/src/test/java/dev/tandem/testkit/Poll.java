package dev.tandem.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded polling on a condition, for the one case where a test has nothing to wait on but the
 * condition itself: real asynchronous I/O (a server reading sockets, a separate process, a job
 * observed through the REST API as clients observe it). Everything in-process with a hook waits
 * on a latch instead. The bound is generous (a loaded CI machine must never reach it) and only
 * turns a hang into a failure that says what was awaited; no result depends on how fast the
 * condition comes true.
 */
public final class Poll {
  /** The default bound: far beyond any healthy wait, short enough to fail a hung build. */
  public static final Duration BOUND = Duration.ofSeconds(60);
  private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private Poll() {}

  /**
   * Returns once {@code condition} holds; checks it every 20 ms.
   *
   * @throws AssertionError naming {@code what} and the last state if it does not hold within {@link #BOUND}
   */
  public static void until(String what, BooleanSupplier condition, Supplier<?> lastState) {
    long end = System.nanoTime() + BOUND.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError(what + " did not happen within " + BOUND.toSeconds() + " s; last: " + lastState.get());
      }
      LockSupport.parkNanos(PAUSE_NANOS);
    }
  }

  /** A read of state that may fail, such as an HTTP call. */
  @FunctionalInterface
  public interface Probe<T> {
    /** The current state. */
    T get() throws Exception;
  }

  /**
   * Reads {@code probe} every 20 ms until {@code done} holds for its answer, and returns that answer.
   *
   * @throws AssertionError naming {@code what} and the last answer if {@code done} does not hold within {@code bound}
   */
  public static <T> T until(String what, Probe<T> probe, Predicate<? super T> done, Duration bound) throws Exception {
    long end = System.nanoTime() + bound.toNanos();
    for (;;) {
      T last = probe.get();
      if (done.test(last)) {
        return last;
      }
      if (System.nanoTime() - end > 0) {
        throw new AssertionError(what + " did not happen within " + bound.toSeconds() + " s; last: " + last);
      }
      LockSupport.parkNanos(PAUSE_NANOS);
    }
  }
}

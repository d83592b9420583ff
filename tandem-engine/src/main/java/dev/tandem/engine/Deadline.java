package dev.tandem.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * When one request must stop working: a point on the monotonic clock, and optionally a signal that
 * the client has gone. The pipeline checks it between steps ({@link #check}), and gives optional
 * steps that wait on a remote model (a chat rerank, chat explanations, a chat intent parser) only
 * the time left ({@link #budget}); a step with too little time left is skipped and the answer
 * says so ({@link RecommendResult#cutShort()}). Immutable and thread-safe.
 *
 * {@snippet :
 * Deadline d = Deadline.after(Duration.ofSeconds(2));
 * RecommendResult r = tandem.recommend("u1", RecommendOptions.top(10).withDeadline(d));
 * }
 */
public final class Deadline {
  /** No deadline: every step runs, however long it takes (the library's default). */
  public static final Deadline NONE = new Deadline(Long.MAX_VALUE, 0, () -> false, System::nanoTime);
  /** Time an optional remote step is never given less of: below it the step is skipped. */
  public static final Duration MIN_STEP = Duration.ofMillis(50);

  private final long atNanos;
  private final long totalNanos;
  private final BooleanSupplier gone;
  private final LongSupplier nanoClock;

  private Deadline(long atNanos, long totalNanos, BooleanSupplier gone, LongSupplier nanoClock) {
    this.atNanos = atNanos;
    this.totalNanos = totalNanos;
    this.gone = gone;
    this.nanoClock = nanoClock;
  }

  /**
   * A deadline {@code d} from now.
   *
   * @throws IllegalArgumentException if {@code d} is not positive
   */
  public static Deadline after(Duration d) {
    return after(d, () -> false);
  }

  /**
   * A deadline {@code d} from now that also passes as soon as {@code clientGone} says the client
   * has disconnected (checked at each step; it must be cheap and thread-safe).
   *
   * @throws IllegalArgumentException if {@code d} is not positive
   */
  public static Deadline after(Duration d, BooleanSupplier clientGone) {
    return after(d, clientGone, System::nanoTime);
  }

  /** A deadline {@code d} from now on {@code nanoClock} (a monotonic clock like {@link System#nanoTime}); for tests. */
  static Deadline after(Duration d, BooleanSupplier clientGone, LongSupplier nanoClock) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("deadline (" + d + ") must be positive");
    }
    long total = d.toNanos();
    return new Deadline(nanoClock.getAsLong() + total, total,
        Objects.requireNonNull(clientGone, "clientGone"), nanoClock);
  }

  /** Whether there is a deadline at all. */
  public boolean bounded() {
    return this != NONE;
  }

  /** Whether the time is up or the client has gone. */
  public boolean passed() {
    return bounded() && (nanoClock.getAsLong() - atNanos >= 0 || gone.getAsBoolean());
  }

  /** Time left; {@link Duration#ZERO} once passed; a very long time for {@link #NONE}. */
  public Duration remaining() {
    if (!bounded()) {
      return Duration.ofNanos(Long.MAX_VALUE);
    }
    return passed() ? Duration.ZERO : Duration.ofNanos(atNanos - nanoClock.getAsLong());
  }

  /**
   * Stops the request before {@code step} when the deadline has passed.
   *
   * @throws DeadlineExceededException naming the step and the deadline
   */
  public void check(String step) {
    if (passed()) {
      throw new DeadlineExceededException(step, Duration.ofNanos(totalNanos), gone.getAsBoolean());
    }
  }

  /**
   * The time an optional step that wants {@code wanted} may take: {@code wanted}, or the time left
   * minus the {@linkplain #reserve() reserve} if less; {@link Duration#ZERO} (skip the step) when that
   * is under {@link #MIN_STEP}. The reserve keeps an optional step that waits on a remote model (a
   * chat model that is slow, down or retrying 5xx and 429 answers) from using up the whole deadline,
   * so that the steps that must run after it (scoring, rendering, template explanations) still
   * finish in time and the request answers 200 without that step instead of 503.
   */
  public Duration budget(Duration wanted) {
    if (!bounded()) {
      return wanted;
    }
    Duration left = remaining().minus(reserve());
    if (left.compareTo(MIN_STEP) < 0) {
      return Duration.ZERO;
    }
    return left.compareTo(wanted) < 0 ? left : wanted;
  }

  /**
   * The time optional steps leave for the rest of the request: a fifth of the deadline, at least
   * twice {@link #MIN_STEP} (400 ms of the server's default 2 s; 100 ms of a 500 ms deadline). A
   * tenth (50 ms of 500 ms) was too little on a busy 2-core machine: after a chat call that used its
   * whole budget, the in-process rest of an {@code /ask} ran past the deadline (ChatFaultsTest).
   */
  public Duration reserve() {
    Duration fifth = Duration.ofNanos(totalNanos / 5);
    Duration floor = MIN_STEP.multipliedBy(2);
    return fifth.compareTo(floor) < 0 ? floor : fifth;
  }

  @Override
  public String toString() {
    return bounded() ? "Deadline[" + remaining().toMillis() + " ms left of " + totalNanos / 1_000_000 + " ms]"
        : "Deadline.NONE";
  }

  /** A request stopped because its deadline passed (or its client left) before a step. */
  public static final class DeadlineExceededException extends RuntimeException {
    private final String step;
    private final Duration deadline;
    private final boolean clientGone;

    DeadlineExceededException(String step, Duration deadline, boolean clientGone) {
      super((clientGone ? "the client disconnected" : "the request's deadline (" + deadline.toMillis() + " ms) passed")
          + " before " + step + "; " + (clientGone ? "its work was stopped" : "retry, or ask for less (a smaller n,"
          + " a shorter query)"));
      this.step = step;
      this.deadline = deadline;
      this.clientGone = clientGone;
    }

    /** The step that did not run. */
    public String step() {
      return step;
    }

    /** The deadline the request had. */
    public Duration deadline() {
      return deadline;
    }

    /** Whether the client had gone (rather than the time having run out). */
    public boolean clientGone() {
      return clientGone;
    }
  }
}

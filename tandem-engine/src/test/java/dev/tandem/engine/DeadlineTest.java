package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link Deadline}: budgets, the client-gone signal, and the step named when it stops a request.
 * Time is a test clock ({@link #clock}) moved by hand, so no check depends on how fast the machine is.
 */
class DeadlineTest {
  /** The monotonic test clock, in nanoseconds; starts negative, as {@link System#nanoTime} may. */
  private final AtomicLong clock = new AtomicLong(-5_000_000_000L);

  private Deadline after(Duration d) {
    return Deadline.after(d, () -> false, clock::get);
  }

  private void advance(Duration d) {
    clock.addAndGet(d.toNanos());
  }

  @Test
  void none_never_passes_and_gives_every_step_what_it_wants() {
    assertThat(Deadline.NONE.bounded()).isFalse();
    assertThat(Deadline.NONE.passed()).isFalse();
    Deadline.NONE.check("anything");
    assertThat(Deadline.NONE.budget(Duration.ofHours(3))).isEqualTo(Duration.ofHours(3));
  }

  @Test
  void a_budget_is_the_wanted_time_capped_by_the_time_left_less_the_reserve_and_zero_below_the_minimum_step() {
    Deadline d = after(Duration.ofMinutes(10));
    assertThat(d.reserve()).isEqualTo(Duration.ofMinutes(2)); // a fifth
    assertThat(d.budget(Duration.ofMillis(400))).isEqualTo(Duration.ofMillis(400));
    assertThat(d.budget(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(8));
    advance(Duration.ofMinutes(1));
    assertThat(d.remaining()).isEqualTo(Duration.ofMinutes(9));
    assertThat(d.budget(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(7));
    Deadline tight = after(Duration.ofMillis(10)); // under MIN_STEP from the start
    assertThat(tight.reserve()).isEqualTo(Deadline.MIN_STEP.multipliedBy(2));
    assertThat(tight.budget(Duration.ofSeconds(1))).isZero();
  }

  @Test
  void an_optional_step_never_gets_the_reserve_so_the_request_can_finish_after_it() {
    Deadline d = after(Duration.ofMillis(500));
    assertThat(d.reserve()).isEqualTo(Duration.ofMillis(100));
    Duration b = d.budget(Duration.ofSeconds(5)); // a chat call that wants 5 s
    assertThat(b).isEqualTo(Duration.ofMillis(400)); // 500 ms less the reserve
    assertThat(after(Duration.ofSeconds(2)).reserve()).isEqualTo(Duration.ofMillis(400));
    // 150 ms left of 300 ms: above MIN_STEP, and exactly MIN_STEP once the 100 ms reserve is taken
    Deadline late = after(Duration.ofMillis(300));
    advance(Duration.ofMillis(150));
    assertThat(late.budget(Duration.ofSeconds(1))).isEqualTo(Deadline.MIN_STEP);
    // 145 ms left: under MIN_STEP once the reserve is taken, so the optional step is skipped
    advance(Duration.ofMillis(5));
    assertThat(late.budget(Duration.ofSeconds(1))).isZero();
    assertThat(late.passed()).isFalse();
  }

  @Test
  void a_client_that_left_passes_the_deadline_and_the_error_names_the_step() {
    AtomicBoolean gone = new AtomicBoolean();
    Deadline d = Deadline.after(Duration.ofMinutes(1), gone::get, clock::get);
    d.check("scoring");
    gone.set(true);
    assertThat(d.passed()).isTrue();
    assertThat(d.remaining()).isZero();
    assertThatThrownBy(() -> d.check("scoring")).isInstanceOfSatisfying(Deadline.DeadlineExceededException.class,
        e -> {
          assertThat(e.step()).isEqualTo("scoring");
          assertThat(e.clientGone()).isTrue();
          assertThat(e).hasMessage("the client disconnected before scoring; its work was stopped");
        });
  }

  @Test
  void a_passed_deadline_stops_the_next_step_with_its_length_in_the_message() throws Exception {
    Deadline d = after(Duration.ofMillis(1));
    advance(Duration.ofNanos(999_999));
    assertThat(d.passed()).isFalse();
    d.check("explaining");
    advance(Duration.ofNanos(1));
    assertThat(d.passed()).isTrue();
    assertThat(d.remaining()).isZero();
    assertThatThrownBy(() -> d.check("explaining")).hasMessage("the request's deadline (1 ms) passed before"
        + " explaining; retry, or ask for less (a smaller n, a shorter query)");
    assertThatThrownBy(() -> Deadline.after(Duration.ZERO)).hasMessageContaining("must be positive");
  }
}

package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/**
 * Which failures mean "the database is unreachable, retry later" (a 503 over REST) and which are
 * real errors: decided by exception type and SQLSTATE only, never by message text.
 */
class StoreUnavailableExceptionTest {
  private static SQLException state(String s) {
    return new SQLException("any text at all", s);
  }

  @Test
  void connection_class_08_and_the_shutdown_startup_and_slot_states_are_unavailable() {
    for (String s : new String[] {"08000", "08001", "08003", "08006", "57P01", "57P02", "57P03", "53300"}) {
      assertThat(StoreUnavailableException.isUnavailable(state(s))).as(s).isTrue();
    }
  }

  @Test
  void data_and_syntax_errors_are_not() {
    for (String s : new String[] {"23505", "23503", "42P01", "40001", "57014", "53100", "XX000"}) {
      assertThat(StoreUnavailableException.isUnavailable(state(s))).as(s).isFalse();
    }
    assertThat(StoreUnavailableException.isUnavailable(new SQLException("Connection refused"))).isFalse();
    assertThat(StoreUnavailableException.isUnavailable(new IllegalStateException("08006"))).isFalse();
    assertThat(StoreUnavailableException.isUnavailable(null)).isFalse();
  }

  @Test
  void a_pool_timeout_is_unavailable_whatever_its_state() {
    assertThat(StoreUnavailableException.isUnavailable(
        new SQLTransientConnectionException("tandem-store - Connection is not available, request timed out"))).isTrue();
  }

  @Test
  void causes_and_next_exceptions_are_followed() {
    StoreException wrapped = new StoreException("cannot append feedback", new UncheckedIOException(
        new java.io.IOException("x", state("08006"))));
    assertThat(StoreUnavailableException.isUnavailable(wrapped)).isTrue();
    SQLException batch = state("23505");
    batch.setNextException(state("57P01"));
    assertThat(StoreUnavailableException.isUnavailable(batch)).isTrue();
  }

  @Test
  void of_picks_the_type_and_keeps_message_and_cause() {
    SQLException down = state("57P01");
    StoreException e = StoreUnavailableException.of("cannot read history in db", down);
    assertThat(e).isInstanceOf(StoreUnavailableException.class).hasMessage("cannot read history in db")
        .hasCause(down);
    StoreException other = StoreUnavailableException.of("cannot write item b1", state("23505"));
    assertThat(other).isNotInstanceOf(StoreUnavailableException.class).hasMessage("cannot write item b1");
  }

  @Test
  void a_cyclic_cause_chain_ends() {
    SQLException a = state("23505");
    SQLException b = state("23503");
    a.setNextException(b);
    b.setNextException(a);
    assertThat(StoreUnavailableException.isUnavailable(a)).isFalse();
  }
}

package dev.tandem.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The database cannot be reached right now: the connection was refused or lost, the server is
 * shutting down, crashed or still starting, it has no connection slot left, or no pooled connection
 * came free in time. Nothing about the request is wrong, and the same call may succeed later (the
 * pool reconnects by itself), so a server answers 503 with {@code Retry-After} rather than 500.
 *
 * <p>Whether a failed write was committed is unknown when the connection broke during its
 * {@code COMMIT}; every Tandem write is idempotent (feedback is identified by user, item, type and
 * timestamp; items and users are upserted), so retrying it is safe.
 *
 * <p>Recognised by type, never by message text: see {@link #isUnavailable(Throwable)}.
 */
public class StoreUnavailableException extends StoreException {
  /**
   * SQLSTATE codes (besides class {@code 08}, connection exception) that mean the server cannot
   * serve now: {@code 57P01} admin shutdown, {@code 57P02} crash shutdown, {@code 57P03} cannot
   * connect now (starting up or shutting down), {@code 53300} too many connections.
   */
  static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "53300");

  /** A failure with a message that names the operation and the store. */
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether {@code e}, or anything in its cause chain (and each {@link SQLException}'s chain of
   * next exceptions), says the database is unreachable: a {@code StoreUnavailableException}, a
   * {@link SQLTransientConnectionException} (a pool's timeout waiting for a connection), or an
   * {@link SQLException} whose SQLSTATE is of class {@code 08} or one of {@link #STATES}.
   */
  public static boolean isUnavailable(Throwable e) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    return unavailable(e, seen);
  }

  private static boolean unavailable(Throwable e, Map<Throwable, Boolean> seen) {
    for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (t instanceof StoreUnavailableException || t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && (state.startsWith("08") || STATES.contains(state))) {
          return true;
        }
        SQLException next = sql.getNextException();
        if (next != null && unavailable(next, seen)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The exception to throw for {@code cause} while doing what {@code message} says: a
   * {@code StoreUnavailableException} when {@link #isUnavailable} says so, else a plain
   * {@link StoreException}.
   */
  public static StoreException of(String message, Throwable cause) {
    return isUnavailable(cause) ? new StoreUnavailableException(message, cause) : new StoreException(message, cause);
  }
}

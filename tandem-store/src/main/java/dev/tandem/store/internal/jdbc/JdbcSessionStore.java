package dev.tandem.store.internal.jdbc;

import static dev.tandem.store.internal.jdbc.Transactions.single;

import dev.tandem.store.SessionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/**
 * The {@code ask_sessions} table as a {@link SessionStore}: a put is a compare-and-set on the
 * session's version, in one statement. Thread-safe.
 */
final class JdbcSessionStore implements SessionStore {
  private final Transactions tx;

  JdbcSessionStore(Transactions tx) {
    this.tx = tx;
  }

  @Override
  public Optional<Stored> get(String id) {
    SessionStore.checkId(id);
    return tx.read("read session", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT user_id, state, last_turn, version FROM ask_sessions WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next()
              ? Optional.of(new Stored(id, rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
              : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean put(String id, String user, String stateJson, long lastTurnMillis, long expectedVersion) {
    SessionStore.checkId(id);
    if (user == null || user.length() > 512) {
      throw new IllegalArgumentException("session user (" + user + ") must be at most 512 chars, not null");
    }
    if (stateJson == null) {
      throw new IllegalArgumentException("state of session " + id + " must not be null");
    }
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expected session version (" + expectedVersion + ") must be >= 0");
    }
    return tx.write("write session", c -> {
      if (expectedVersion == 0) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ask_sessions (id, user_id, state, last_turn,"
            + " version) VALUES (?, ?, ?, ?, 1) ON CONFLICT (id) DO NOTHING")) {
          ps.setString(1, id);
          ps.setString(2, user);
          ps.setString(3, stateJson);
          ps.setLong(4, lastTurnMillis);
          return ps.executeUpdate() == 1;
        }
      }
      // one statement: PostgreSQL re-checks the version on the locked row, SQLite has one writer
      try (PreparedStatement ps = c.prepareStatement("UPDATE ask_sessions SET user_id = ?, state = ?,"
          + " last_turn = ?, version = version + 1 WHERE id = ? AND version = ?")) {
        ps.setString(1, user);
        ps.setString(2, stateJson);
        ps.setLong(3, lastTurnMillis);
        ps.setString(4, id);
        ps.setLong(5, expectedVersion);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean delete(String id) {
    SessionStore.checkId(id);
    return tx.write("delete session", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM ask_sessions WHERE id = ?")) {
        ps.setString(1, id);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public int deleteOlderThan(long cutoffMillis, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit (" + limit + ") must be >= 1");
    }
    return tx.write("expire sessions", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM ask_sessions WHERE id IN (SELECT id FROM"
          + " ask_sessions WHERE last_turn < ? ORDER BY last_turn LIMIT ?)")) {
        ps.setLong(1, cutoffMillis);
        ps.setInt(2, limit);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public int count() {
    return tx.read("count sessions", c -> (int) single(c, "SELECT COUNT(*) FROM ask_sessions"));
  }
}

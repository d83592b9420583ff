package dev.tandem.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writes rows straight through JDBC, bypassing every check, as an older version (or a hand-made
 * INSERT) could have: for tests of what the store, training and {@code tandem doctor} do with data
 * that breaks the current rules. Reused by other modules' tests (the store's test jar).
 */
public final class LegacyRows {
  private LegacyRows() {}

  /** Inserts an item row with these fields, unchecked; returns its seq. */
  public static int item(Connection c, String id, String title, String attributesJson) throws SQLException {
    int seq = next(c, "SELECT COALESCE(MAX(seq), 0) + 1 FROM items");
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (seq, id, title, description, categories, tags,"
        + " attributes, created_at, available) VALUES (?, ?, ?, '', '[]', '[]', ?, 0, TRUE)")) {
      ps.setInt(1, seq);
      ps.setString(2, id);
      ps.setString(3, title);
      ps.setString(4, attributesJson);
      ps.executeUpdate();
    }
    return seq;
  }

  /** Inserts a user row with this id, unchecked; returns its seq. */
  public static int user(Connection c, String id, String profile) throws SQLException {
    int seq = next(c, "SELECT COALESCE(MAX(seq), 0) + 1 FROM users");
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (seq, id, attributes, profile)"
        + " VALUES (?, ?, '{}', ?)")) {
      ps.setInt(1, seq);
      ps.setString(2, id);
      ps.setString(3, profile);
      ps.executeUpdate();
    }
    return seq;
  }

  /**
   * Inserts a feedback row for existing user and item ids (creating bare ones when absent),
   * unchecked; returns its row id.
   */
  public static long feedback(Connection c, String user, String item, String type, double value, long ts)
      throws SQLException {
    int u = seq(c, "users", user);
    if (u < 0) {
      u = user(c, user, "");
    }
    int i = seq(c, "items", item);
    if (i < 0) {
      i = item(c, item, "", "{}");
    }
    long id = next(c, "SELECT COALESCE(MAX(id), 0) + 1 FROM feedback");
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO feedback (id, user_seq, item_seq, type, value, ts)"
        + " VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, id);
      ps.setInt(2, u);
      ps.setInt(3, i);
      ps.setString(4, type);
      ps.setDouble(5, value);
      ps.setLong(6, ts);
      ps.executeUpdate();
    }
    return id;
  }

  private static int seq(Connection c, String table, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM " + table + " WHERE id = ?")) {
      ps.setString(1, id);
      try (var rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : -1;
      }
    }
  }

  private static int next(Connection c, String sql) throws SQLException {
    try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}

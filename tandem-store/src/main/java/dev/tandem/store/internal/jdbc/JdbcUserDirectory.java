package dev.tandem.store.internal.jdbc;

import static dev.tandem.store.internal.jdbc.Transactions.single;

import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.core.data.Ids;
import dev.tandem.core.data.User;
import dev.tandem.store.BulkLoad;
import dev.tandem.store.InvalidRecord;
import dev.tandem.store.UserDirectory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code users} table (attributes and profile) as a {@link UserDirectory}: upserts go through a
 * bulk load, reads map rows with the store's {@link RowReader}; deleting a user deletes their
 * feedback and conversations with them. Thread-safe.
 */
final class JdbcUserDirectory implements UserDirectory {
  private final Transactions tx;
  private final FeedbackWeights rules;
  private final RowReader rows;

  JdbcUserDirectory(Transactions tx, FeedbackWeights rules, RowReader rows) {
    this.tx = tx;
    this.rules = rules;
    this.rows = rows;
  }

  @Override
  public int upsert(Collection<User> batch) {
    return tx.upsert(rules, batch, BulkLoad::putUser);
  }

  @Override
  public Optional<User> get(String id) {
    return tx.read("get user", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT attributes, profile FROM users WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.ofNullable(rows.readUser(id, rs.getString(1), rs.getString(2))) : Optional.empty();
        }
      }
    });
  }

  @Override
  public void forEachInvalid(Consumer<InvalidRecord> action) {
    tx.read("check users", c -> {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id, attributes, profile FROM users ORDER BY id")) {
        while (rs.next()) {
          String id = rs.getString(1);
          try {
            new User(id, JsonColumns.readAttributes(rs.getString(2)), rs.getString(3));
          } catch (IllegalArgumentException e) {
            action.accept(new InvalidRecord(id, Ids.isValid(id), e.getMessage()));
          }
        }
      }
      return null;
    });
  }

  @Override
  public int count() {
    return tx.read("count users", c -> (int) single(c, "SELECT COUNT(*) FROM users"));
  }

  @Override
  public boolean delete(String id) {
    return tx.write("delete user", c -> {
      try (PreparedStatement f = c.prepareStatement(
              "DELETE FROM feedback WHERE user_seq = (SELECT seq FROM users WHERE id = ?)");
          PreparedStatement u = c.prepareStatement("DELETE FROM users WHERE id = ?");
          PreparedStatement conv = c.prepareStatement("DELETE FROM ask_sessions WHERE user_id = ?")) {
        f.setString(1, id);
        f.executeUpdate();
        conv.setString(1, id); // what the user said in conversations goes with them
        conv.executeUpdate();
        u.setString(1, id);
        return u.executeUpdate() > 0;
      }
    });
  }
}

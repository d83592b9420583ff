package dev.tandem.store.internal.jdbc;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.core.data.Ids;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.Limits;
import dev.tandem.core.data.Quote;
import dev.tandem.core.data.User;
import dev.tandem.store.BulkLoad;
import dev.tandem.store.StoreException;
import dev.tandem.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link BulkLoad} on the store's write connection. Ids are resolved through in-memory maps
 * (filled lazily from the database), surrogate keys are assigned here (max + 1), and feedback
 * goes out in JDBC batches of {@value #BATCH}. Every feedback event is checked (ids, type name,
 * value range under the store's rules, timestamp) before it is written.
 */
final class JdbcBulkLoad implements BulkLoad {
  private static final int BATCH = 8192;

  private final Connection c;
  private final Runnable release;
  private final FeedbackWeights rules;
  private String lastType;
  private final Map<String, Integer> itemSeqs = new HashMap<>();
  private final Map<String, Integer> userSeqs = new HashMap<>();
  private final PreparedStatement findItem;
  private final PreparedStatement findUser;
  private final PreparedStatement insertItem;
  private final PreparedStatement updateItem;
  private final PreparedStatement insertUser;
  private final PreparedStatement updateUser;
  private final PreparedStatement insertFeedback;
  private int nextItemSeq;
  private int nextUserSeq;
  private long nextFeedbackId;
  private long firstFeedbackId = -1;
  private long feedbackWritten;
  private int pending;
  private long itemsInserted;
  private long itemsUpdated;
  private long usersInserted;
  private long usersUpdated;
  private boolean done;

  JdbcBulkLoad(Connection c, FeedbackWeights rules, Runnable release) {
    this.c = c;
    this.rules = rules;
    this.release = release;
    try {
      findItem = c.prepareStatement("SELECT seq FROM items WHERE id = ?");
      findUser = c.prepareStatement("SELECT seq FROM users WHERE id = ?");
      insertItem = c.prepareStatement("INSERT INTO items (seq, id, title, description, categories, tags, attributes,"
          + " created_at, available) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      updateItem = c.prepareStatement("UPDATE items SET title = ?, description = ?, categories = ?, tags = ?,"
          + " attributes = ?, created_at = ?, available = ? WHERE seq = ?");
      insertUser = c.prepareStatement("INSERT INTO users (seq, id, attributes, profile) VALUES (?, ?, ?, ?)");
      updateUser = c.prepareStatement("UPDATE users SET attributes = ?, profile = ? WHERE seq = ?");
      insertFeedback = c.prepareStatement("INSERT INTO feedback (id, user_seq, item_seq, type, value, ts)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_seq, item_seq, type, ts) DO UPDATE SET value = excluded.value");
      nextItemSeq = (int) Transactions.single(c, "SELECT COALESCE(MAX(seq), 0) + 1 FROM items");
      nextUserSeq = (int) Transactions.single(c, "SELECT COALESCE(MAX(seq), 0) + 1 FROM users");
      nextFeedbackId = Transactions.single(c, "SELECT COALESCE(MAX(id), 0) + 1 FROM feedback");
    } catch (SQLException e) {
      // the caller still owns the connection (and the write lock) and releases it: releasing here too
      // unlocked the write lock twice and hid this failure behind an IllegalMonitorStateException
      done = true;
      released = true;
      closeStatements(e);
      throw StoreUnavailableException.of("cannot start bulk load: " + e.getMessage(), e);
    }
  }

  /** Closes the statements prepared so far, adding any failure to {@code cause}. */
  private void closeStatements(Exception cause) {
    for (PreparedStatement ps : new PreparedStatement[] {findItem, findUser, insertItem, updateItem, insertUser,
        updateUser, insertFeedback}) {
      if (ps != null) {
        try {
          ps.close();
        } catch (SQLException e) {
          cause.addSuppressed(e);
        }
      }
    }
  }

  @Override
  public boolean putItem(Item item) {
    checkActive();
    try {
      Integer seq = seq(itemSeqs, findItem, item.id());
      if (seq == null) {
        int s = nextItemSeq++;
        insertItem.setInt(1, s);
        insertItem.setString(2, item.id());
        insertItem.setString(3, item.title());
        insertItem.setString(4, item.description());
        insertItem.setString(5, JsonColumns.list(item.categories()));
        insertItem.setString(6, JsonColumns.list(item.tags()));
        insertItem.setString(7, JsonColumns.attributes(item.attributes()));
        insertItem.setLong(8, item.createdAt());
        insertItem.setBoolean(9, item.available());
        insertItem.executeUpdate();
        itemSeqs.put(item.id(), s);
        itemsInserted++;
        return true;
      }
      updateItem.setString(1, item.title());
      updateItem.setString(2, item.description());
      updateItem.setString(3, JsonColumns.list(item.categories()));
      updateItem.setString(4, JsonColumns.list(item.tags()));
      updateItem.setString(5, JsonColumns.attributes(item.attributes()));
      updateItem.setLong(6, item.createdAt());
      updateItem.setBoolean(7, item.available());
      updateItem.setInt(8, seq);
      updateItem.executeUpdate();
      itemsUpdated++;
      return false;
    } catch (SQLException e) {
      throw StoreUnavailableException.of("cannot write item " + Quote.of(item.id()) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean putUser(User user) {
    checkActive();
    try {
      Integer seq = seq(userSeqs, findUser, user.id());
      if (seq == null) {
        insertUser(user.id(), JsonColumns.attributes(user.attributes()), user.profile());
        return true;
      }
      updateUser.setString(1, JsonColumns.attributes(user.attributes()));
      updateUser.setString(2, user.profile());
      updateUser.setInt(3, seq);
      updateUser.executeUpdate();
      usersUpdated++;
      return false;
    } catch (SQLException e) {
      throw StoreUnavailableException.of("cannot write user " + Quote.of(user.id()) + ": " + e.getMessage(), e);
    }
  }

  private int insertUser(String id, String attributes, String profile) throws SQLException {
    int s = nextUserSeq++;
    insertUser.setInt(1, s);
    insertUser.setString(2, id);
    insertUser.setString(3, attributes);
    insertUser.setString(4, profile);
    insertUser.executeUpdate();
    userSeqs.put(id, s);
    usersInserted++;
    return s;
  }

  @Override
  public void feedback(String user, String item, String type, double value, long timestamp) {
    checkActive();
    if (!Ids.isValid(user)) {
      Ids.check("user", user);
    }
    if (!Ids.isValid(item)) {
      Ids.check("item", item);
    }
    if (type == null || !type.equals(lastType)) {
      Feedback.checkType("type", type);
      lastType = type;
    }
    String problem = rules.valueProblem(type, value);
    if (problem != null) {
      throw new IllegalArgumentException(FeedbackWeights.describe(feedbackWritten, user, item, type) + ": " + problem);
    }
    Limits.timestamp("timestamp", timestamp);
    try {
      if (firstFeedbackId < 0) {
        firstFeedbackId = nextFeedbackId;
      }
      Integer u = seq(userSeqs, findUser, user);
      int us = u != null ? u : insertUser(user, "{}", "");
      Integer i = seq(itemSeqs, findItem, item);
      int is = i != null ? i : bareItem(item);
      insertFeedback.setLong(1, nextFeedbackId++);
      insertFeedback.setInt(2, us);
      insertFeedback.setInt(3, is);
      insertFeedback.setString(4, type);
      insertFeedback.setDouble(5, value);
      insertFeedback.setLong(6, timestamp);
      insertFeedback.addBatch();
      feedbackWritten++;
      if (++pending >= BATCH) {
        flush();
      }
    } catch (SQLException e) {
      throw StoreUnavailableException.of("cannot write " + FeedbackWeights.describe(feedbackWritten, user, item, type) + ": "
          + e.getMessage(), e);
    }
  }

  private int bareItem(String id) throws SQLException {
    int s = nextItemSeq++;
    insertItem.setInt(1, s);
    insertItem.setString(2, id);
    insertItem.setString(3, "");
    insertItem.setString(4, "");
    insertItem.setString(5, "[]");
    insertItem.setString(6, "[]");
    insertItem.setString(7, "{}");
    insertItem.setLong(8, 0);
    insertItem.setBoolean(9, true);
    insertItem.executeUpdate();
    itemSeqs.put(id, s);
    itemsInserted++;
    return s;
  }

  private static Integer seq(Map<String, Integer> cache, PreparedStatement find, String id) throws SQLException {
    Integer s = cache.get(id);
    if (s != null) {
      return s;
    }
    find.setString(1, id);
    try (ResultSet rs = find.executeQuery()) {
      if (rs.next()) {
        s = rs.getInt(1);
        cache.put(id, s);
      }
    }
    return s;
  }

  private void flush() throws SQLException {
    if (pending > 0) {
      insertFeedback.executeBatch();
      pending = 0;
    }
  }

  /**
   * {@inheritDoc} When the commit fails, that failure is what the caller gets: a failure of the
   * rollback that follows (the connection is usually gone by then) is attached to it as suppressed,
   * never thrown instead of it (a lost connection must stay recognisable as
   * {@link StoreUnavailableException}).
   */
  @Override
  public Counts commit() {
    checkActive();
    StoreException failure = null;
    try {
      flush();
      long inserted = 0;
      if (firstFeedbackId >= 0) {
        inserted = feedbackRows(firstFeedbackId, nextFeedbackId);
      }
      c.commit();
      done = true;
      return new Counts(itemsInserted, itemsUpdated, usersInserted, usersUpdated, inserted, feedbackWritten - inserted);
    } catch (SQLException e) {
      failure = StoreUnavailableException.of("cannot commit bulk load: " + e.getMessage(), e);
      throw failure;
    } finally {
      try {
        close();
      } catch (RuntimeException closing) {
        if (failure == null) {
          throw closing;
        }
        failure.addSuppressed(closing);
      }
    }
  }

  /** The id the next feedback row gets. */
  long nextFeedbackId() {
    return nextFeedbackId;
  }

  /**
   * Rows with ids in [from, to) after flushing: the events written in that range that were new.
   * An event that replaced an existing (user, item, type, ts) row updates that row and keeps its
   * older id, so this count without a full-table COUNT(*) is exactly the inserted rows.
   */
  long feedbackRows(long from, long to) throws SQLException {
    flush();
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM feedback WHERE id >= ? AND id < ?")) {
      ps.setLong(1, from);
      ps.setLong(2, to);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private void checkActive() {
    if (done) {
      throw new IllegalStateException("bulk load is already committed or closed");
    }
  }

  @Override
  public void close() {
    if (release == null) {
      return;
    }
    boolean wasActive = !done;
    done = true;
    try {
      for (PreparedStatement ps : new PreparedStatement[] {findItem, findUser, insertItem, updateItem, insertUser,
          updateUser, insertFeedback}) {
        if (ps != null) {
          ps.close();
        }
      }
      if (wasActive) {
        c.rollback();
      }
    } catch (SQLException e) {
      throw StoreUnavailableException.of("cannot roll back bulk load: " + e.getMessage(), e);
    } finally {
      if (!released) {
        released = true;
        release.run();
      }
    }
  }

  private boolean released;
}

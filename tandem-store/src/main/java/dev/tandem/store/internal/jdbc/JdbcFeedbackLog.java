package dev.tandem.store.internal.jdbc;

import static dev.tandem.store.internal.jdbc.Transactions.single;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.store.FeedbackLog;
import dev.tandem.store.FeedbackRowVisitor;
import dev.tandem.store.FeedbackVisitor;
import dev.tandem.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code feedback} table as a {@link FeedbackLog}: appends are checked against the store's
 * rules and group-committed through a {@link JdbcBulkLoad}; a history is one prepared query over
 * the {@code (user_seq, ...)} index; scans read the whole table in one read transaction. Rows that
 * cannot be a {@link Feedback} (written before the current rules) are left out of histories.
 * Thread-safe.
 */
final class JdbcFeedbackLog implements FeedbackLog {
  /** One caller's events waiting for a group commit; fields written under the append lock. */
  private static final class PendingAppend {
    final List<Feedback> events;
    boolean done;
    int inserted;
    RuntimeException failure;

    PendingAppend(List<Feedback> events) {
      this.events = events;
    }
  }

  private final Transactions tx;
  private final FeedbackWeights rules;
  private final ConcurrentLinkedQueue<PendingAppend> appendQueue =
      new ConcurrentLinkedQueue<>();
  private final ReentrantLock appendLock = new ReentrantLock();

  JdbcFeedbackLog(Transactions tx, FeedbackWeights rules) {
    this.tx = tx;
    this.rules = rules;
  }

  /**
   * Group commit: concurrent callers queue their events; whoever takes the append lock writes
   * every queued batch in one transaction (one fsync for all of them) and hands each caller its
   * own count. Every caller returns only after the transaction holding its events committed. If
   * the group's transaction fails, each batch is retried alone, so a failure is reported only
   * to the caller whose events caused it; when the database is unreachable
   * ({@link StoreUnavailableException}) no batch caused it, and every caller gets that failure at
   * once instead of waiting for a connection once per batch.
   */
  @Override
  public int append(Collection<Feedback> events) {
    List<Feedback> copy = List.copyOf(events);
    for (int i = 0; i < copy.size(); i++) {
      rules.check(i, copy.get(i)); // before queueing: a bad batch never joins a group
    }
    PendingAppend mine = new PendingAppend(copy);
    appendQueue.add(mine);
    appendLock.lock();
    try {
      if (!mine.done) {
        List<PendingAppend> group = new ArrayList<>();
        for (PendingAppend p = appendQueue.poll(); p != null; p = appendQueue.poll()) {
          group.add(p);
        }
        commitGroup(group);
      }
    } finally {
      appendLock.unlock();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.inserted;
  }

  private void commitGroup(List<PendingAppend> group) {
    try {
      writeGroup(group);
    } catch (RuntimeException e) {
      if (group.size() == 1 || e instanceof StoreUnavailableException) {
        for (PendingAppend p : group) {
          p.failure = e;
        }
      } else {
        for (PendingAppend p : group) {
          try {
            writeGroup(List.of(p));
          } catch (RuntimeException alone) {
            p.failure = alone;
          }
        }
      }
    }
    for (PendingAppend p : group) {
      p.done = true;
    }
  }

  private void writeGroup(List<PendingAppend> group) {
    long[] from = new long[group.size()];
    long[] to = new long[group.size()];
    try (JdbcBulkLoad load = tx.bulkLoad(rules)) {
      for (int g = 0; g < group.size(); g++) {
        from[g] = load.nextFeedbackId();
        for (Feedback f : group.get(g).events) {
          load.feedback(f.user(), f.item(), f.type(), f.value(), f.timestamp());
        }
        to[g] = load.nextFeedbackId();
      }
      int[] inserted = new int[group.size()];
      for (int g = 0; g < group.size(); g++) {
        inserted[g] = from[g] == to[g] ? 0 : (int) load.feedbackRows(from[g], to[g]);
      }
      load.commit();
      for (int g = 0; g < group.size(); g++) {
        group.get(g).inserted = inserted[g];
      }
    } catch (SQLException e) {
      throw StoreUnavailableException.of("cannot append feedback in " + tx.location() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<Feedback> history(String user) {
    return history(user, Integer.MAX_VALUE);
  }

  @Override
  public long countOf(String user) {
    return tx.read("count a user's feedback", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT COUNT(*) FROM feedback WHERE user_seq = (SELECT seq FROM users WHERE id = ?)")) {
        ps.setString(1, user);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  @Override
  public List<Feedback> history(String user, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit (" + limit + ") must be >= 1");
    }
    boolean all = limit == Integer.MAX_VALUE;
    return tx.read("read history", c -> {
      // the newest rows first when limited (the (user_seq, ...) index serves both), put back in time order below
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT i.id, f.type, f.value, f.ts FROM feedback f JOIN items i ON i.seq = f.item_seq"
              + " WHERE f.user_seq = (SELECT seq FROM users WHERE id = ?) ORDER BY "
              + (all ? "f.ts, f.id" : "f.ts DESC, f.id DESC LIMIT ?"))) {
        ps.setString(1, user);
        if (!all) {
          ps.setInt(2, limit);
        }
        List<Feedback> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String item = rs.getString(1);
            String type = rs.getString(2);
            double value = rs.getDouble(3);
            long ts = rs.getLong(4);
            if (Feedback.isValid(user, item, type, value, ts)) { // rows older than the rules are left out
              out.add(new Feedback(user, item, type, value, ts));
            }
          }
        }
        if (!all) {
          Collections.reverse(out);
        }
        return List.copyOf(out);
      }
    });
  }

  @Override
  public void scan(FeedbackVisitor visitor) {
    scanRows((id, user, item, type, value, ts) -> visitor.accept(user, item, type, value, ts));
  }

  @Override
  public int delete(Collection<Long> ids) {
    List<Long> copy = List.copyOf(ids);
    if (copy.isEmpty()) {
      return 0;
    }
    return tx.write("delete feedback", c -> {
      int deleted = 0;
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM feedback WHERE id = ?")) {
        for (long id : copy) {
          ps.setLong(1, id);
          deleted += ps.executeUpdate();
        }
      }
      return deleted;
    });
  }

  @Override
  public void scanRows(FeedbackRowVisitor visitor) {
    tx.read("scan feedback", c -> {
      // One read transaction, so the id tables and the rows are one consistent snapshot.
      c.setAutoCommit(false);
      try {
        String[] userIds = ids(c, "users");
        String[] itemIds = ids(c, "items");
        String lastType = null;
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT id, user_seq, item_seq, type, value, ts FROM feedback ORDER BY id")) {
          while (rs.next()) {
            String type = rs.getString(4);
            if (type.equals(lastType)) {
              type = lastType;
            } else {
              lastType = type;
            }
            visitor.accept(rs.getLong(1), userIds[rs.getInt(2)], itemIds[rs.getInt(3)], type, rs.getDouble(5),
                rs.getLong(6));
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
      return null;
    });
  }

  private String[] ids(Connection c, String table) throws SQLException {
    int max = (int) single(c, "SELECT COALESCE(MAX(seq), 0) FROM " + table);
    String[] out = new String[max + 1];
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT seq, id FROM " + table)) {
      while (rs.next()) {
        out[rs.getInt(1)] = rs.getString(2);
      }
    }
    return out;
  }

  @Override
  public long count() {
    return tx.read("count feedback", c -> single(c, "SELECT COUNT(*) FROM feedback"));
  }

  @Override
  public long countUsers() {
    return tx.read("count feedback users", c -> single(c, "SELECT COUNT(DISTINCT user_seq) FROM feedback"));
  }
}

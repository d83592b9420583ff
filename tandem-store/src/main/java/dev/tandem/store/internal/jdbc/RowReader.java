package dev.tandem.store.internal.jdbc;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Ids;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.Limits;
import dev.tandem.core.data.User;
import dev.tandem.store.InvalidRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Item and user rows as records under the current rules. A row written before them (by an older
 * version or by hand) never makes a read fail: one with a valid id but content over a limit is read
 * cut to the limits, one whose id breaks the id policy is skipped; each is logged once per store
 * (at most 10,000 keys are remembered).
 *
 * <p>Thread-safe.
 */
final class RowReader {
  /** The item columns {@link #readItem} and {@link #checkItem} read, in this order. */
  static final String ITEM_COLUMNS = "seq, id, title, description, categories, tags, attributes, created_at, available";
  /** The store's logger: the warnings keep the category they had before rows were read here. */
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

  /** Keys of stored records already logged as breaking the current rules (bounded). */
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /**
   * The item of the current row of {@code rs} ({@link #ITEM_COLUMNS}); for a row stored before
   * the current rules, the item cut to the limits, or null when its id breaks the id policy.
   */
  Item readItem(ResultSet rs) throws SQLException {
    String id = rs.getString(2);
    String title = rs.getString(3);
    String description = rs.getString(4);
    List<String> categories = JsonColumns.readList(rs.getString(5));
    List<String> tags = JsonColumns.readList(rs.getString(6));
    Map<String, Attribute> attributes = JsonColumns.readAttributes(rs.getString(7));
    long createdAt = rs.getLong(8);
    boolean available = rs.getBoolean(9);
    try {
      return new Item(id, title, description, categories, tags, attributes, createdAt, available);
    } catch (IllegalArgumentException e) {
      if (!Ids.isValid(id)) {
        warnOnce("item", id, "skipped: " + e.getMessage());
        return null;
      }
      warnOnce("item", id, "read cut to the limits: " + e.getMessage());
      return new Item(id, Limits.cut(title, Limits.MAX_TITLE), Limits.cut(description, Limits.MAX_DESCRIPTION),
          Limits.cutLabels(categories), Limits.cutLabels(tags), Limits.cutAttributes(attributes),
          Math.max(Limits.MIN_CREATED_AT, Math.min(Limits.MAX_TIMESTAMP, createdAt)), available);
    }
  }

  /** What the current rules say about the item row {@code rs} is on, or null when it is valid. */
  static InvalidRecord checkItem(ResultSet rs) throws SQLException {
    String id = rs.getString(2);
    try {
      new Item(id, rs.getString(3), rs.getString(4), JsonColumns.readList(rs.getString(5)),
          JsonColumns.readList(rs.getString(6)), JsonColumns.readAttributes(rs.getString(7)), rs.getLong(8),
          rs.getBoolean(9));
      return null;
    } catch (IllegalArgumentException e) {
      return new InvalidRecord(id, Ids.isValid(id), e.getMessage());
    }
  }

  /** A user as stored; cut to the limits when over one, null when the id breaks the id policy. */
  User readUser(String id, String attributesJson, String profile) {
    Map<String, Attribute> attributes = JsonColumns.readAttributes(attributesJson);
    try {
      return new User(id, attributes, profile);
    } catch (IllegalArgumentException e) {
      if (!Ids.isValid(id)) {
        warnOnce("user", id, "skipped: " + e.getMessage());
        return null;
      }
      warnOnce("user", id, "read cut to the limits: " + e.getMessage());
      return new User(id, Limits.cutAttributes(attributes), Limits.cut(profile, Limits.MAX_PROFILE));
    }
  }

  private void warnOnce(String kind, String id, String what) {
    if (warned.size() < 10_000 && warned.add(kind + '\u0000' + id)) {
      LOG.warn("stored {} breaks the current rules (written by an older version?), {}; run `tandem doctor`", kind,
          what);
    }
  }
}

package dev.tandem.store.internal.jdbc;

import static dev.tandem.store.internal.jdbc.RowReader.ITEM_COLUMNS;
import static dev.tandem.store.internal.jdbc.Transactions.single;

import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.core.data.Item;
import dev.tandem.store.BulkLoad;
import dev.tandem.store.InvalidRecord;
import dev.tandem.store.ItemCatalog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code items} table as an {@link ItemCatalog}: upserts go through a bulk load, reads map rows
 * with the store's {@link RowReader}. Thread-safe.
 */
final class JdbcItemCatalog implements ItemCatalog {
  private final Transactions tx;
  private final FeedbackWeights rules;
  private final RowReader rows;

  JdbcItemCatalog(Transactions tx, FeedbackWeights rules, RowReader rows) {
    this.tx = tx;
    this.rules = rules;
    this.rows = rows;
  }

  @Override
  public int upsert(Collection<Item> batch) {
    return tx.upsert(rules, batch, BulkLoad::putItem);
  }

  @Override
  public Optional<Item> get(String id) {
    return tx.read("get item", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + ITEM_COLUMNS + " FROM items WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.ofNullable(rows.readItem(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<Item> list(int offset, int limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset (" + offset + ") must be >= 0");
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit (" + limit + ") must be >= 0");
    }
    return tx.read("list items", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + ITEM_COLUMNS + " FROM items ORDER BY id LIMIT ? OFFSET ?")) {
        ps.setInt(1, limit);
        ps.setInt(2, offset);
        List<Item> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Item item = rows.readItem(rs);
            if (item != null) {
              out.add(item);
            }
          }
        }
        return List.copyOf(out);
      }
    });
  }

  @Override
  public Map<String, Item> getAll(Collection<String> ids) {
    List<String> wanted = List.copyOf(ids);
    return tx.read("get items", c -> {
      Map<String, Item> out = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + ITEM_COLUMNS + " FROM items WHERE id = ?")) {
        for (String id : wanted) {
          ps.setString(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            Item item = rs.next() ? rows.readItem(rs) : null;
            if (item != null) {
              out.put(id, item);
            }
          }
        }
      }
      return Collections.unmodifiableMap(out);
    });
  }

  @Override
  public int count() {
    return tx.read("count items", c -> (int) single(c, "SELECT COUNT(*) FROM items"));
  }

  @Override
  public boolean delete(String id) {
    return tx.write("delete item", c -> {
      try (PreparedStatement f = c.prepareStatement(
              "DELETE FROM feedback WHERE item_seq = (SELECT seq FROM items WHERE id = ?)");
          PreparedStatement i = c.prepareStatement("DELETE FROM items WHERE id = ?")) {
        f.setString(1, id);
        f.executeUpdate();
        i.setString(1, id);
        return i.executeUpdate() > 0;
      }
    });
  }

  @Override
  public void forEach(Consumer<Item> action) {
    scan("scan items", rows::readItem, action);
  }

  @Override
  public void forEachInvalid(Consumer<InvalidRecord> action) {
    scan("check items", RowReader::checkItem, action);
  }

  /** What one item row maps to; null to pass the row over. */
  @FunctionalInterface
  private interface RowMap<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Every item row in id order, mapped by {@code map}, to {@code action} unless mapped to null. */
  private <T> void scan(String what, RowMap<T> map, Consumer<T> action) {
    tx.read(what, c -> {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT " + ITEM_COLUMNS + " FROM items ORDER BY id")) {
        while (rs.next()) {
          T row = map.map(rs);
          if (row != null) {
            action.accept(row);
          }
        }
      }
      return null;
    });
  }
}

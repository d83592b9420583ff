package dev.tandem.store.internal.jdbc;

import dev.tandem.store.StoreMeta;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/** The {@code store_meta} key/value table as {@link StoreMeta}. Thread-safe. */
final class JdbcStoreMeta implements StoreMeta {
  private final Transactions tx;

  JdbcStoreMeta(Transactions tx) {
    this.tx = tx;
  }

  @Override
  public Optional<String> get(String key) {
    return tx.read("read meta", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT meta_value FROM store_meta WHERE meta_key = ?")) {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public void put(String key, String value) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("meta key must be non-empty");
    }
    if (value == null) {
      throw new IllegalArgumentException("meta value for " + key + " must not be null");
    }
    tx.write("write meta", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO store_meta (meta_key, meta_value) VALUES (?, ?)"
          + " ON CONFLICT (meta_key) DO UPDATE SET meta_value = excluded.meta_value")) {
        ps.setString(1, key);
        ps.setString(2, value);
        ps.executeUpdate();
      }
      return null;
    });
  }
}

package dev.tandem.store.internal.jdbc;

import dev.tandem.store.EmbeddingCache;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code embeddings} table as an {@link EmbeddingCache}: one row per model and text hash, the
 * vector stored as little-endian 32-bit floats. Thread-safe.
 */
final class JdbcEmbeddingCache implements EmbeddingCache {
  /** Hashes per {@code IN (...)} query: well under SQLite's 32,766 host parameters. */
  private static final int CHUNK = 500;

  private final Transactions tx;

  JdbcEmbeddingCache(Transactions tx) {
    this.tx = tx;
  }

  @Override
  public Map<String, float[]> get(String model, Collection<String> textHashes) {
    checkModel(model);
    List<String> hashes = List.copyOf(textHashes);
    return tx.read("read embeddings", c -> {
      Map<String, float[]> out = new HashMap<>(Math.max(16, hashes.size() * 2));
      for (int from = 0; from < hashes.size(); from += CHUNK) {
        List<String> part = hashes.subList(from, Math.min(hashes.size(), from + CHUNK));
        String sql = "SELECT text_hash, dim, vector FROM embeddings WHERE model_id = ? AND text_hash IN ("
            + "?,".repeat(part.size() - 1) + "?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setString(1, model);
          for (int i = 0; i < part.size(); i++) {
            ps.setString(i + 2, part.get(i));
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(rs.getString(1), decode(rs.getInt(2), rs.getBytes(3)));
            }
          }
        }
      }
      return out;
    });
  }

  @Override
  public int put(String model, Map<String, float[]> vectorsByHash) {
    checkModel(model);
    Map<String, byte[]> encoded = new LinkedHashMap<>();
    Map<String, Integer> dims = new HashMap<>();
    for (var e : vectorsByHash.entrySet()) {
      String h = e.getKey();
      if (h == null || !h.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("text hash (" + h + ") must be 64 lower-case hex chars (SHA-256)");
      }
      float[] v = e.getValue();
      if (v == null || v.length == 0) {
        throw new IllegalArgumentException("vector of " + h + " must be non-empty");
      }
      ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
      for (float x : v) {
        if (!Float.isFinite(x)) {
          throw new IllegalArgumentException("vector of " + h + " has a non-finite value (" + x + ")");
        }
        b.putFloat(x);
      }
      encoded.put(h, b.array());
      dims.put(h, v.length);
    }
    return tx.write("write embeddings", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO embeddings (model_id, text_hash, dim, vector)"
          + " VALUES (?, ?, ?, ?) ON CONFLICT (model_id, text_hash) DO UPDATE SET dim = excluded.dim,"
          + " vector = excluded.vector")) {
        for (var e : encoded.entrySet()) {
          ps.setString(1, model);
          ps.setString(2, e.getKey());
          ps.setInt(3, dims.get(e.getKey()));
          ps.setBytes(4, e.getValue());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return encoded.size();
    });
  }

  @Override
  public int count(String model) {
    checkModel(model);
    return tx.read("count embeddings", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM embeddings WHERE model_id = ?")) {
        ps.setString(1, model);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    });
  }

  private static void checkModel(String model) {
    if (model == null || model.isEmpty()) {
      throw new IllegalArgumentException("embedding model id must be non-empty");
    }
  }

  private static float[] decode(int dim, byte[] bytes) throws SQLException {
    if (bytes == null || bytes.length != 4 * dim) {
      throw new SQLException("embedding vector has " + (bytes == null ? 0 : bytes.length) + " bytes; expected 4 * "
          + dim);
    }
    float[] v = new float[dim];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }
}

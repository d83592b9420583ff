package dev.tandem.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;

/**
 * The embedding cache port: document vectors keyed by (model id, {@linkplain #hash text hash}).
 * Vectors are stored bit-exactly (float32, little-endian). Thread-safe; a {@link #put} is one
 * transaction, visible to readers only once committed.
 *
 * {@snippet :
 * String h = EmbeddingCache.hash(text);
 * Map<String, float[]> hit = store.embeddings().get("bge-small-en-v1.5-q", List.of(h));
 * }
 */
public interface EmbeddingCache {

  /**
   * The cache key of a document text: the lower-case hex SHA-256 of its UTF-8 bytes (64 chars).
   */
  static String hash(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * The cached vectors of {@code model} for the given text hashes; hashes not cached are absent.
   * Each returned array is a fresh copy.
   *
   * @throws IllegalArgumentException if {@code model} is empty
   */
  Map<String, float[]> get(String model, Collection<String> textHashes);

  /**
   * Stores (or replaces) vectors of {@code model} keyed by text hash, in one transaction.
   *
   * @return the number of vectors written
   * @throws IllegalArgumentException if {@code model} is empty, a hash is not 64 hex chars, or a
   *     vector is empty or not finite
   */
  int put(String model, Map<String, float[]> vectorsByHash);

  /** Number of vectors cached for {@code model}. */
  int count(String model);
}

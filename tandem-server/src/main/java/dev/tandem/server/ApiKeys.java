package dev.tandem.server;

import dev.tandem.engine.ServerConfig.ApiKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * The configured API keys, kept as SHA-256 digests. A presented token is hashed and compared with
 * every digest in constant time ({@link MessageDigest#isEqual}), so neither the match nor its
 * position leaks through timing. Immutable and thread-safe.
 */
final class ApiKeys {
  private final String[] names;
  private final ApiKey[] keys;
  private final byte[][] digests;

  ApiKeys(List<ApiKey> configured) {
    int n = configured.size();
    names = new String[n];
    keys = new ApiKey[n];
    digests = new byte[n][];
    for (int i = 0; i < n; i++) {
      keys[i] = configured.get(i);
      names[i] = keys[i].name();
      digests[i] = sha256(keys[i].key());
    }
  }

  /** True when no key is configured. */
  boolean isEmpty() {
    return keys.length == 0;
  }

  /** The key whose secret is {@code token}, checking every key whatever matches. */
  Optional<ApiKey> find(String token) {
    byte[] d = sha256(token);
    ApiKey found = null;
    for (int i = 0; i < keys.length; i++) {
      if (MessageDigest.isEqual(d, digests[i]) && found == null) {
        found = keys[i];
      }
    }
    return Optional.ofNullable(found);
  }

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  });

  private static byte[] sha256(String s) {
    return SHA256.get().digest(s.getBytes(StandardCharsets.UTF_8)); // digest() resets the instance
  }
}

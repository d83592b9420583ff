package dev.tandem.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code [server]} section of {@code tandem.toml}: who may call {@code tandem serve}, how much
 * and how large. Immutable; validated on construction (every key entry, duplicates across the file
 * and the environment too). {@link #toString()} never shows a key.
 *
 * @param openReads when true, read routes (recommendations, items, users) answer without a key;
 *     writes always need one. Default false.
 * @param maxBodyBytes largest request body accepted, in bytes; larger ones get a 413. Default
 *     {@value #DEFAULT_MAX_BODY_BYTES} (10 MiB). Must be in 1..2^31-1.
 * @param rateLimit sustained requests per second allowed per key (per client address for open
 *     reads without a key); 0 turns rate limiting off. Default {@value #DEFAULT_RATE_LIMIT}, above
 *     the 3,750 req/s of the reference load test, so that it only stops a runaway client.
 * @param rateBurst requests a key may send at once above the sustained rate (the token bucket's
 *     size). Default {@value #DEFAULT_RATE_BURST}. Must be >= 1 when {@code rateLimit} > 0.
 * @param apiKeys the keys, from {@code api_keys} ({@code "name:key:scope"} strings) and then
 *     {@value #KEYS_ENV}; names and keys are unique
 */
public record ServerConfig(boolean openReads, long maxBodyBytes, int rateLimit, int rateBurst, List<ApiKey> apiKeys) {
  /** Environment variable adding keys: comma-separated {@code name:key:scope} entries. */
  public static final String KEYS_ENV = "TANDEM_API_KEYS";
  /** Default {@code max_body_bytes}: 10 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
  /** Default {@code rate_limit}, requests per second per key. */
  public static final int DEFAULT_RATE_LIMIT = 5000;
  /** Default {@code rate_burst}. */
  public static final int DEFAULT_RATE_BURST = 10000;
  /** Shortest key accepted. */
  public static final int MIN_KEY_LENGTH = 16;

  /** The defaults, as documented in the shipped {@code tandem.toml}: no keys, reads closed. */
  public static final ServerConfig DEFAULTS =
      new ServerConfig(false, DEFAULT_MAX_BODY_BYTES, DEFAULT_RATE_LIMIT, DEFAULT_RATE_BURST, List.of());

  /** What a key may do; each scope includes the ones before it ({@code admin} > {@code write} > {@code read}). */
  public enum Scope {
    /** Recommendations, items, users, metrics. */
    READ,
    /** Catalogue, users and feedback writes; implies read. */
    WRITE,
    /** Training and snapshots ({@code /admin/...}); implies write. */
    ADMIN;

    /** True when a key of this scope may use a route needing {@code needed}. */
    public boolean includes(Scope needed) {
      return ordinal() >= needed.ordinal();
    }

    /** The name as written in configuration: "read", "write", "admin". */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The scope named {@code s}.
     *
     * @throws IllegalArgumentException naming {@code where}, the value and the accepted scopes
     */
    static Scope parse(String s, String where) {
      for (Scope x : values()) {
        if (x.label().equals(s)) {
          return x;
        }
      }
      throw new IllegalArgumentException(where + ": scope '" + s + "' is unknown; expected read, write or admin");
    }
  }

  /**
   * One API key. {@link #toString()} shows the name and scope, never the key.
   *
   * @param name who holds it (shown in logs and errors instead of the key)
   * @param key the secret sent as {@code Authorization: Bearer KEY}; at least {@value #MIN_KEY_LENGTH} characters
   * @param scope what it may do
   */
  public record ApiKey(String name, String key, Scope scope) {
    /**
     * Validates the entry.
     *
     * @throws IllegalArgumentException on an empty or malformed name, a short key or a null scope
     */
    public ApiKey {
      if (name == null || !name.matches("[A-Za-z0-9_.@-]+")) {
        throw new IllegalArgumentException("API key name (" + name + ") must be non-empty letters, digits or _.@-");
      }
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("API key '" + name + "': key is empty; expected at least "
            + MIN_KEY_LENGTH + " characters");
      }
      if (key.length() < MIN_KEY_LENGTH || key.chars().anyMatch(c -> c <= ' ' || c == ',' || c == ':')) {
        throw new IllegalArgumentException("API key '" + name + "': key has " + key.length()
            + " characters; expected at least " + MIN_KEY_LENGTH + " with no spaces, commas or colons");
      }
      java.util.Objects.requireNonNull(scope, "scope");
    }

    /**
     * Parses {@code "name:key:scope"}.
     *
     * @param where names the entry in errors, e.g. {@code server.api_keys[2]}; the key itself is never echoed
     * @throws IllegalArgumentException naming {@code where} and what was expected
     */
    public static ApiKey parse(String entry, String where) {
      String[] parts = entry.strip().split(":", -1);
      if (parts.length != 3) {
        throw new IllegalArgumentException(where + ": has " + parts.length
            + " ':'-separated parts; expected name:key:scope (scope read, write or admin)");
      }
      try {
        return new ApiKey(parts[0].strip(), parts[1].strip(), Scope.parse(parts[2].strip(), "name '" + parts[0].strip() + "'"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }

    @Override
    public String toString() {
      return name + ":***:" + scope.label();
    }
  }

  /**
   * Validates the limits and that names and keys are unique.
   *
   * @throws IllegalArgumentException naming the key ({@code server.max_body_bytes}, ...), value and rule
   */
  public ServerConfig {
    if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("server.max_body_bytes (" + maxBodyBytes + ") must be in 1.." + Integer.MAX_VALUE);
    }
    if (rateLimit < 0) {
      throw new IllegalArgumentException("server.rate_limit (" + rateLimit + ") must be >= 0 (0: no limit)");
    }
    if (rateLimit > 0 && rateBurst < 1) {
      throw new IllegalArgumentException("server.rate_burst (" + rateBurst + ") must be >= 1 when rate_limit > 0");
    }
    apiKeys = List.copyOf(apiKeys);
    Map<String, String> names = new HashMap<>();
    Map<String, String> keys = new HashMap<>();
    for (ApiKey k : apiKeys) {
      if (names.put(k.name(), k.name()) != null) {
        throw new IllegalArgumentException("server.api_keys: name '" + k.name() + "' is given twice; expected unique names");
      }
      String other = keys.put(k.key(), k.name());
      if (other != null) {
        throw new IllegalArgumentException("server.api_keys: keys '" + other + "' and '" + k.name()
            + "' share the same key; expected a distinct key per name");
      }
    }
  }

  /**
   * This configuration with the keys of {@value #KEYS_ENV} in {@code env} added after the
   * configured ones (comma-separated {@code name:key:scope}; blank entries are skipped).
   *
   * @throws IllegalArgumentException naming the variable and entry number (never the key) when one is invalid
   */
  public ServerConfig withEnv(Map<String, String> env) {
    String v = env.get(KEYS_ENV);
    if (v == null || v.isBlank()) {
      return this;
    }
    List<ApiKey> all = new ArrayList<>(apiKeys);
    String[] entries = v.split(",");
    for (int i = 0; i < entries.length; i++) {
      if (!entries[i].isBlank()) {
        all.add(ApiKey.parse(entries[i], KEYS_ENV + " entry " + (i + 1)));
      }
    }
    try {
      return new ServerConfig(openReads, maxBodyBytes, rateLimit, rateBurst, all);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (keys from server.api_keys and " + KEYS_ENV + ")", e);
    }
  }

  /** Redacted: key names and scopes only. */
  @Override
  public String toString() {
    return "ServerConfig[openReads=" + openReads + ", maxBodyBytes=" + maxBodyBytes + ", rateLimit=" + rateLimit
        + ", rateBurst=" + rateBurst + ", apiKeys=" + apiKeys + "]";
  }
}

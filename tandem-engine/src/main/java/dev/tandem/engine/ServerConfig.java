package dev.tandem.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code [server]} section of {@code tandem.toml}: who may call {@code tandem serve}, how much
 * and how large. Immutable; validated on construction (every key entry, duplicates across the file
 * and the environment too). {@link #toString()} never shows a key.
 *
 * @param openReads when true, read routes (recommendations, items, users) answer without a key;
 *     writes always need one. Default false.
 * @param maxBodyBytes largest request body accepted, in bytes; larger ones get a 413. Default
 *     {@value #DEFAULT_MAX_BODY_BYTES} (10 MiB). Must be in 1..2^31-1.
 * @param rateLimit sustained tokens per second allowed per key (per client address for open
 *     reads without a key); each route costs its {@code x-tandem-cost} in tokens (a read 1, a
 *     recommendation 4, an {@code /ask} 20); 0 turns rate limiting off. Default
 *     {@value #DEFAULT_RATE_LIMIT}: 5,000 recommendations/s, above what two cores serve (the
 *     reference load test), so that it only stops a runaway client.
 * @param rateBurst requests a key may send at once above the sustained rate (the token bucket's
 *     size). Default {@value #DEFAULT_RATE_BURST}. Must be >= 1 when {@code rateLimit} > 0.
 * @param apiKeys the keys, from {@code api_keys} ({@code "name:key:scope"} strings) and then
 *     {@value #KEYS_ENV}; names and keys are unique
 * @param limits what one request may ask for and how long it may take ({@link Limits})
 * @param connections how many connections and requests at once, and how patient the server is
 *     with slow clients ({@link Connections})
 * @param tls HTTPS from a PEM certificate and key, or {@link Tls#OFF} (plain HTTP, the default)
 * @param corsOrigins browser origins allowed to call the API cross-origin ({@code cors_origins},
 *     e.g. {@code "https://shop.example"}); empty (the default) turns CORS off
 * @param accessLog where the access log goes ({@code access_log}): {@value #ACCESS_LOG_STDOUT} (the
 *     default), {@value #ACCESS_LOG_OFF}, or the path of a file appended to; one JSON line per request
 */
public record ServerConfig(boolean openReads, long maxBodyBytes, int rateLimit, int rateBurst, List<ApiKey> apiKeys,
    Limits limits, Connections connections, Tls tls, List<String> corsOrigins, String accessLog) {
  /** {@code access_log} writing to standard output (the default). */
  public static final String ACCESS_LOG_STDOUT = "stdout";
  /** {@code access_log} turning the access log off. */
  public static final String ACCESS_LOG_OFF = "off";
  /** Longest {@code access_log} path accepted. */
  public static final int MAX_ACCESS_LOG_CHARS = 4096;

  /** Environment variable adding keys: comma-separated {@code name:key:scope} entries. */
  public static final String KEYS_ENV = "TANDEM_API_KEYS";
  /** Default {@code max_body_bytes}: 10 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
  /** Default {@code rate_limit}, tokens per second per key (a recommendation costs 4, an /ask 20). */
  public static final int DEFAULT_RATE_LIMIT = 20000;
  /** Default {@code rate_burst}. */
  public static final int DEFAULT_RATE_BURST = 40000;
  /** Shortest key accepted. */
  public static final int MIN_KEY_LENGTH = 16;

  /** The defaults, as documented in the shipped {@code tandem.toml}: no keys, reads closed. */
  public static final ServerConfig DEFAULTS =
      new ServerConfig(false, DEFAULT_MAX_BODY_BYTES, DEFAULT_RATE_LIMIT, DEFAULT_RATE_BURST, List.of());

  /** Keys and rate with the default limits, connections, no TLS and no CORS. */
  public ServerConfig(boolean openReads, long maxBodyBytes, int rateLimit, int rateBurst, List<ApiKey> apiKeys) {
    this(openReads, maxBodyBytes, rateLimit, rateBurst, apiKeys, Limits.DEFAULTS, Connections.DEFAULTS, Tls.OFF,
        List.of());
  }

  /** Everything but the access log, which goes to {@value #ACCESS_LOG_STDOUT}. */
  public ServerConfig(boolean openReads, long maxBodyBytes, int rateLimit, int rateBurst, List<ApiKey> apiKeys,
      Limits limits, Connections connections, Tls tls, List<String> corsOrigins) {
    this(openReads, maxBodyBytes, rateLimit, rateBurst, apiKeys, limits, connections, tls, corsOrigins,
        ACCESS_LOG_STDOUT);
  }

  /**
   * What one request may ask for and how long it may work ({@code [server]} keys of the same
   * names). Beyond a size limit a request gets a 400 naming the limit; past the deadline a request
   * stops and says what it cut short.
   *
   * @param maxBatch items, users or feedback events in one {@code POST}; default {@value #DEFAULT_MAX_BATCH}
   * @param maxHistory events in the history of an anonymous {@code POST /recommend}; default
   *     {@value #DEFAULT_MAX_HISTORY} (a stored user's history is read up to
   *     {@code [store] max_history_events}, most recent first)
   * @param maxQueryChars characters of an {@code /ask} query or a profile text; default
   *     {@value #DEFAULT_MAX_QUERY_CHARS}
   * @param deadline how long {@code /ask}, {@code /recommend} and {@code /items/{id}/similar} may
   *     work on one request ({@code deadline}, default 2 s); optional steps (chat rerank, chat
   *     explanations) are skipped when too little time is left, and a request still working when it
   *     passes answers 503 with {@code Retry-After}
   */
  public record Limits(int maxBatch, int maxHistory, int maxQueryChars, Duration deadline) {
    /** Default {@code max_batch}. */
    public static final int DEFAULT_MAX_BATCH = 10_000;
    /** Default {@code max_history}. */
    public static final int DEFAULT_MAX_HISTORY = 1_000;
    /** Default {@code max_query_chars}. */
    public static final int DEFAULT_MAX_QUERY_CHARS = 2_000;
    /** The defaults, as in the shipped {@code tandem.toml}. */
    public static final Limits DEFAULTS = new Limits(DEFAULT_MAX_BATCH, DEFAULT_MAX_HISTORY, DEFAULT_MAX_QUERY_CHARS,
        Duration.ofSeconds(2));

    /**
     * Validates the ranges.
     *
     * @throws IllegalArgumentException naming the key, value and range
     */
    public Limits {
      within("server.max_batch", maxBatch, 1, 1_000_000);
      within("server.max_history", maxHistory, 1, 1_000_000);
      within("server.max_query_chars", maxQueryChars, 1, 1_000_000);
      Objects.requireNonNull(deadline, "deadline");
      if (deadline.toMillis() < 10 || deadline.toMillis() > 600_000) {
        throw new IllegalArgumentException("server.deadline (" + RetrainConfig.format(deadline)
            + ") must be in 10ms..10m");
      }
    }
  }

  /**
   * How many connections and requests the server takes at once, and how patient it is with slow
   * clients ({@code [server]} keys of the same names). Request bodies are received without holding
   * a request thread, so slow bodies cost memory (bounded by {@code maxPendingBodyBytes}), not
   * threads.
   *
   * @param maxConnections open connections; past it the server stops accepting until some close
   *     (new ones wait in the operating system's queue). Default 4,000
   * @param maxInFlight requests being answered at once (not counting {@code /health}); past it a
   *     request gets 503 with {@code Retry-After: 1} at once instead of queueing. Default 64
   * @param headerTimeout request line and headers must be complete this long after their first
   *     byte, else the connection is closed. Default 10 s
   * @param minBodyRate bytes per second a request body must keep arriving at (averaged from its
   *     start, after a grace of {@code headerTimeout}); slower: 408 and the connection closed.
   *     Default 4,096
   * @param idleTimeout an idle keep-alive connection is closed after this. Default 30 s
   * @param maxPendingBodyBytes bytes of request bodies held at once (being received, or received
   *     and being answered), over all connections; a body that would pass it gets 503 with
   *     {@code Retry-After}. Default 256 MiB (the heap they cost is about 3.5 times that at most:
   *     {@code BodyHeap} in tandem-bench)
   */
  public record Connections(int maxConnections, int maxInFlight, Duration headerTimeout, int minBodyRate,
      Duration idleTimeout, long maxPendingBodyBytes) {
    /** The defaults, as in the shipped {@code tandem.toml}. */
    public static final Connections DEFAULTS = new Connections(4_000, 64, Duration.ofSeconds(10), 4_096,
        Duration.ofSeconds(30), 256L * 1024 * 1024);

    /**
     * Validates the ranges.
     *
     * @throws IllegalArgumentException naming the key, value and range
     */
    public Connections {
      within("server.max_connections", maxConnections, 1, 1_000_000);
      within("server.max_in_flight", maxInFlight, 1, 100_000);
      within("server.min_body_rate", minBodyRate, 1, 1_000_000_000);
      Objects.requireNonNull(headerTimeout, "headerTimeout");
      Objects.requireNonNull(idleTimeout, "idleTimeout");
      if (headerTimeout.toMillis() < 100 || headerTimeout.toMillis() > 600_000) {
        throw new IllegalArgumentException("server.header_timeout (" + RetrainConfig.format(headerTimeout)
            + ") must be in 100ms..10m");
      }
      if (idleTimeout.toMillis() < 100 || idleTimeout.toMillis() > 3_600_000) {
        throw new IllegalArgumentException("server.idle_timeout (" + RetrainConfig.format(idleTimeout)
            + ") must be in 100ms..1h");
      }
      if (maxPendingBodyBytes < 1) {
        throw new IllegalArgumentException("server.max_pending_body_bytes (" + maxPendingBodyBytes + ") must be >= 1");
      }
    }
  }

  /**
   * HTTPS from PEM files ({@code tls_cert}, {@code tls_key}); both empty is plain HTTP.
   *
   * @param cert the certificate chain, PEM ({@code -----BEGIN CERTIFICATE-----}, leaf first)
   * @param key the private key, unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----})
   */
  public record Tls(String cert, String key) {
    /** Plain HTTP. */
    public static final Tls OFF = new Tls("", "");

    /**
     * Checks that both or neither file is given.
     *
     * @throws IllegalArgumentException when only one is
     */
    public Tls {
      cert = cert == null ? "" : cert.strip();
      key = key == null ? "" : key.strip();
      if (cert.isEmpty() != key.isEmpty()) {
        throw new IllegalArgumentException("server.tls_cert (" + cert + ") and server.tls_key (" + key
            + ") must both be set (HTTPS) or both be empty (HTTP)");
      }
    }

    /** Whether HTTPS is on. */
    public boolean enabled() {
      return !cert.isEmpty();
    }
  }

  private static void within(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(key + " (" + value + ") must be in " + min + ".." + max);
    }
  }

  /** This configuration with {@code l} as its request limits. */
  public ServerConfig withLimits(Limits l) {
    return new ServerConfig(openReads, maxBodyBytes, rateLimit, rateBurst, apiKeys, l, connections, tls, corsOrigins, accessLog);
  }

  /** This configuration with {@code c} as its connection limits. */
  public ServerConfig withConnections(Connections c) {
    return new ServerConfig(openReads, maxBodyBytes, rateLimit, rateBurst, apiKeys, limits, c, tls, corsOrigins, accessLog);
  }

  /** This configuration serving HTTPS with {@code t}. */
  public ServerConfig withTls(Tls t) {
    return new ServerConfig(openReads, maxBodyBytes, rateLimit, rateBurst, apiKeys, limits, connections, t, corsOrigins, accessLog);
  }

  /** This configuration allowing cross-origin calls from {@code origins}. */
  public ServerConfig withCorsOrigins(List<String> origins) {
    return new ServerConfig(openReads, maxBodyBytes, rateLimit, rateBurst, apiKeys, limits, connections, tls, origins, accessLog);
  }

  /** This configuration writing its access log to {@code where} ({@value #ACCESS_LOG_STDOUT}, {@value #ACCESS_LOG_OFF} or a file). */
  public ServerConfig withAccessLog(String where) {
    return new ServerConfig(openReads, maxBodyBytes, rateLimit, rateBurst, apiKeys, limits, connections, tls,
        corsOrigins, where);
  }

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
      Objects.requireNonNull(scope, "scope");
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
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(tls, "tls");
    corsOrigins = List.copyOf(corsOrigins);
    for (int i = 0; i < corsOrigins.size(); i++) {
      String o = corsOrigins.get(i);
      if (!o.equals("*") && !o.matches("https?://[A-Za-z0-9.*-]+(:[0-9]{1,5})?")) {
        throw new IllegalArgumentException("server.cors_origins[" + i + "] (" + o + ") must be an origin like"
            + " \"https://shop.example\" or \"http://localhost:3000\" (scheme, host, optional port; no path), or \"*\"");
      }
    }
    Objects.requireNonNull(accessLog, "accessLog");
    if (accessLog.isBlank() || accessLog.length() > MAX_ACCESS_LOG_CHARS
        || accessLog.chars().anyMatch(Character::isISOControl)) {
      String shown = accessLog.length() > 60 ? accessLog.substring(0, 60) + "..." : accessLog;
      throw new IllegalArgumentException("server.access_log (\"" + shown.replaceAll("\\p{Cntrl}", "?")
          + "\") must be \"" + ACCESS_LOG_STDOUT + "\", \"" + ACCESS_LOG_OFF + "\" or a file path of 1.."
          + MAX_ACCESS_LOG_CHARS + " characters without control characters");
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
      return new ServerConfig(openReads, maxBodyBytes, rateLimit, rateBurst, all, limits, connections, tls,
          corsOrigins, accessLog);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (keys from server.api_keys and " + KEYS_ENV + ")", e);
    }
  }

  /** Redacted: key names and scopes only. */
  @Override
  public String toString() {
    return "ServerConfig[openReads=" + openReads + ", maxBodyBytes=" + maxBodyBytes + ", rateLimit=" + rateLimit
        + ", rateBurst=" + rateBurst + ", apiKeys=" + apiKeys + ", limits=" + limits + ", connections=" + connections
        + ", tls=" + tls + ", corsOrigins=" + corsOrigins + ", accessLog=" + accessLog + "]";
  }
}

package dev.tandem.engine;

import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.store.Store;
import dev.tandem.store.cache.CachingStore;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code [store]} section of {@code tandem.toml}: where the data lives. Immutable; validated
 * on construction.
 *
 * @param url empty (default): the SQLite file {@code tandem.db} in the home; otherwise a JDBC URL,
 *     {@code jdbc:postgresql://host:port/database} or {@code jdbc:sqlite:FILE}. The environment
 *     variable {@value #URL_ENV} overrides it.
 * @param user database user; empty (default) takes it from the URL. {@value #USER_ENV} overrides it.
 * @param password database password; empty (default) takes it from the URL or uses none.
 *     {@value #PASSWORD_ENV} overrides it.
 * @param historyCacheEvents most feedback events kept in memory in users' cached histories
 *     (default {@value #DEFAULT_HISTORY_CACHE_EVENTS}, about 100 bytes each), so that serving a
 *     recommendation reads no database; 0 reads every history from the store.
 * @param maxHistoryEvents most recent events of a stored user that a recommendation, {@code /ask}
 *     or explanation reads (default {@value #DEFAULT_MAX_HISTORY_EVENTS}), so that a user with
 *     millions of events costs one request no more than this; training reads every event
 */
public record StoreConfig(String url, String user, String password, long historyCacheEvents, int maxHistoryEvents) {
  /** Default {@code store.max_history_events}. */
  public static final int DEFAULT_MAX_HISTORY_EVENTS = 10_000;
  /** Default {@code store.history_cache_events}. */
  public static final long DEFAULT_HISTORY_CACHE_EVENTS = 2_000_000;
  /** Environment variable overriding {@code store.url}. */
  public static final String URL_ENV = "TANDEM_STORE_URL";
  /** Environment variable overriding {@code store.user}. */
  public static final String USER_ENV = "TANDEM_STORE_USER";
  /** Environment variable overriding {@code store.password}. */
  public static final String PASSWORD_ENV = "TANDEM_STORE_PASSWORD";

  /** The defaults, as documented in the shipped {@code tandem.toml}: SQLite in the home. */
  public static final StoreConfig DEFAULTS = new StoreConfig("", "", "");

  /** A store configuration with the default history cache and history limit. */
  public StoreConfig(String url, String user, String password) {
    this(url, user, password, DEFAULT_HISTORY_CACHE_EVENTS, DEFAULT_MAX_HISTORY_EVENTS);
  }

  /**
   * Validates the URL.
   *
   * @throws IllegalArgumentException naming {@code store.url}, its value and the accepted forms
   */
  public StoreConfig {
    url = url == null ? "" : url.strip();
    user = user == null ? "" : user;
    password = password == null ? "" : password;
    if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:sqlite:")) {
      throw new IllegalArgumentException("store.url (" + url
          + ") must be empty (SQLite in the home), jdbc:postgresql://host:port/database or jdbc:sqlite:FILE");
    }
    if (historyCacheEvents < 0) {
      throw new IllegalArgumentException("store.history_cache_events (" + historyCacheEvents + ") must be >= 0");
    }
    if (maxHistoryEvents < 1 || maxHistoryEvents > 10_000_000) {
      throw new IllegalArgumentException("store.max_history_events (" + maxHistoryEvents + ") must be in 1..10000000");
    }
  }

  /**
   * This configuration with the non-empty {@code TANDEM_STORE_*} variables of {@code env} applied.
   * {@link TandemConfig#load(Path, Map)} applies them (with every other {@code TANDEM_<SECTION>_<KEY>})
   * already; this is for a configuration built in code.
   */
  public StoreConfig withEnv(Map<String, String> env) {
    return new StoreConfig(pick(env.get(URL_ENV), url), pick(env.get(USER_ENV), user),
        pick(env.get(PASSWORD_ENV), password), historyCacheEvents, maxHistoryEvents);
  }

  private static String pick(String override, String configured) {
    return override == null || override.isBlank() ? configured : override;
  }

  /**
   * Opens (and migrates) the configured store with the default feedback rules; {@code home} holds
   * the default SQLite file.
   */
  public Store open(Path home) {
    return open(home, FeedbackWeights.DEFAULT);
  }

  /**
   * Opens (and migrates) the configured store, checking feedback values against {@code rules}
   * ({@code [feedback]}); {@code home} holds the default SQLite file.
   */
  public Store open(Path home, FeedbackWeights rules) {
    return url.isEmpty() ? Store.open(home.resolve("tandem.db"), rules) : Store.open(url, user, password, rules);
  }

  /** {@link #openCached(Path, FeedbackWeights)} with the default feedback rules. */
  public CachingStore openCached(Path home) {
    return openCached(home, FeedbackWeights.DEFAULT);
  }

  /**
   * {@link #open(Path, FeedbackWeights)} behind in-memory caches of users' histories (at most
   * {@link #historyCacheEvents()} events), users and items, written through by feedback: what
   * a server uses.
   */
  public CachingStore openCached(Path home, FeedbackWeights rules) {
    return CachingStore.wrap(open(home, rules), historyCacheEvents, CachingStore.DEFAULT_RECORDS);
  }

  /** Redacted for logs: the password is never shown. */
  @Override
  public String toString() {
    return "StoreConfig[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
        + ", historyCacheEvents=" + historyCacheEvents + ", maxHistoryEvents=" + maxHistoryEvents + "]";
  }
}

package dev.tandem.llm.openai;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings every OpenAI-compatible client here takes (base URL, model, key, connection
 * timeout, retries, back-off, request rate, jitter seed), each checked when set; the clients'
 * builders extend it with their own. Defaults differ per client and are given by the subclass.
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class ClientBuilder<B extends ClientBuilder<B>> {
  final URI baseUrl;
  final String model;
  String apiKey = "";
  Duration connectTimeout;
  int maxRetries;
  Duration initialBackoff;
  Duration maxBackoff;
  double requestsPerSecond;
  long seed = 42;
  Ticker ticker = Ticker.SYSTEM;

  ClientBuilder(URI baseUrl, String model, Duration connectTimeout, int maxRetries, Duration initialBackoff,
      Duration maxBackoff) {
    this.baseUrl = Backoff.checkBaseUrl(Objects.requireNonNull(baseUrl, "baseUrl"));
    this.model = Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model ('" + model + "') must not be blank");
    }
    this.connectTimeout = connectTimeout;
    this.maxRetries = maxRetries;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
  }

  abstract B self();

  /** The API key sent as {@code Authorization: Bearer <key>}; default none (no header). */
  public B apiKey(String apiKey) {
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey").trim();
    return self();
  }

  /** Time to open a connection. */
  public B connectTimeout(Duration timeout) {
    this.connectTimeout = positive("connectTimeout", timeout);
    return self();
  }

  /** Retries after a 429, a 5xx or a connection error, in [0, 20]. */
  public B maxRetries(int maxRetries) {
    if (maxRetries < 0 || maxRetries > 20) {
      throw new IllegalArgumentException("maxRetries (" + maxRetries + ") must be in [0, 20]");
    }
    this.maxRetries = maxRetries;
    return self();
  }

  /**
   * Back-off before retry {@code r} (from 0): {@code min(max, initial * 2^r)} times a jitter
   * factor in [0.5, 1); a {@code Retry-After} header replaces it (capped at {@code max}).
   */
  public B backoff(Duration initial, Duration max) {
    positive("initialBackoff", initial);
    positive("maxBackoff", max);
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("maxBackoff (" + max + ") must be >= initialBackoff (" + initial + ")");
    }
    this.initialBackoff = initial;
    this.maxBackoff = max;
    return self();
  }

  /** Most requests started per second, spaced evenly; default 0: unlimited. */
  public B requestsPerSecond(double requestsPerSecond) {
    if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException("requestsPerSecond (" + requestsPerSecond
          + ") must be finite and >= 0 (0 = unlimited)");
    }
    this.requestsPerSecond = requestsPerSecond;
    return self();
  }

  /** Seed of the back-off jitter; default 42. */
  public B seed(long seed) {
    this.seed = seed;
    return self();
  }

  B ticker(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    return self();
  }

  /** The retry back-off these settings describe. */
  Backoff backoff() {
    return new Backoff(initialBackoff, maxBackoff, seed);
  }

  /** The request pacing these settings describe. */
  RateLimiter limiter() {
    return new RateLimiter(requestsPerSecond, ticker);
  }

  /** An HTTP client for {@code endpoint}: the connect timeout, HTTP/1.1 for plain http (no h2c upgrade). */
  HttpClient httpClient(URI endpoint) {
    HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(connectTimeout);
    if ("http".equalsIgnoreCase(endpoint.getScheme())) {
      hb.version(HttpClient.Version.HTTP_1_1);
    }
    return hb.build();
  }

  static Duration positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " (" + d + ") must be > 0");
    }
    return d;
  }
}

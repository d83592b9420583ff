package dev.tandem.llm.openai;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Random;

/**
 * Retry timing shared by the OpenAI-compatible clients: exponential back-off with seeded jitter,
 * the server's {@code Retry-After}, and the small text helpers their error messages use.
 * Thread-safe (the jitter source is locked).
 */
final class Backoff {
  private static final int SNIPPET = 300;

  private final Duration initial;
  private final Duration max;
  private final Random jitter;

  Backoff(Duration initial, Duration max, long seed) {
    this.initial = initial;
    this.max = max;
    this.jitter = new Random(seed);
  }

  /**
   * The wait before retry {@code attempt} (from 0): the server's {@code retryAfter} capped at the
   * maximum when given, else {@code min(max, initial * 2^attempt)} times a factor in [0.5, 1).
   */
  Duration delay(int attempt, Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter.compareTo(max) <= 0 ? retryAfter : max;
    }
    double base = Math.min((double) max.toNanos(), initial.toNanos() * Math.pow(2, attempt));
    double factor;
    synchronized (jitter) {
      factor = 0.5 + 0.5 * jitter.nextDouble();
    }
    return Duration.ofNanos((long) (base * factor));
  }

  /** The {@code Retry-After} header as a duration (seconds or an HTTP date); empty when absent or unreadable. */
  static Optional<Duration> retryAfter(HttpHeaders headers) {
    Optional<String> v = headers.firstValue("Retry-After");
    if (v.isEmpty()) {
      return Optional.empty();
    }
    String s = v.get().trim();
    try {
      return Optional.of(Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(s) * 1000))));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  /** The start of a response body for an error message, whitespace collapsed. */
  static String snippet(String body) {
    if (body == null) {
      return "(none)";
    }
    String s = body.replaceAll("\\s+", " ").trim();
    return s.length() <= SNIPPET ? s : s.substring(0, SNIPPET) + "...";
  }

  /** {@code baseUrl} + {@code /v1/} + {@code path}, accepting a base that already ends in {@code /v1}. */
  static URI endpoint(URI baseUrl, String path) {
    String s = baseUrl.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return URI.create(s.endsWith("/v1") ? s + "/" + path : s + "/v1/" + path);
  }

  /** Checks that {@code baseUrl} is an http(s) URL with a host. */
  static URI checkBaseUrl(URI baseUrl) {
    String scheme = baseUrl.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || baseUrl.getHost() == null) {
      throw new IllegalArgumentException("baseUrl (" + baseUrl + ") must be an http or https URL with a host");
    }
    return baseUrl;
  }
}

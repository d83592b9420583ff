package dev.tandem.llm.openai;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON endpoint of an OpenAI-compatible server, POSTed with the retry policy both clients
 * share. Each attempt waits for the rate limiter, sends {@code Authorization: Bearer} when a key
 * is set (never logged or put into a message), and answers the body of a 2xx. HTTP 429, 5xx,
 * connection errors and (without a deadline) attempt timeouts are retried up to {@code maxRetries}
 * times after the server's {@code Retry-After} or the {@link Backoff}; any other status fails at
 * once. With a deadline the whole call, back-off included, must end before it: an attempt is given
 * the time left, and a back-off that would end after it fails the call. An attempt's time bounds
 * the whole answer, body included. Thread-safe.
 */
final class JsonPost {
  private static final Logger LOG = LoggerFactory.getLogger(JsonPost.class);

  /** Why a call gave no 2xx answer. */
  enum Kind {
    /** No answer before the deadline, or interrupted. */
    TIMEOUT,
    /** HTTP 429 until the retries ran out. */
    RATE_LIMITED,
    /** HTTP 5xx, no connection or I/O errors until the retries ran out. */
    UNAVAILABLE,
    /** Another 4xx: not retried. */
    REFUSED
  }

  /** A call that gave no 2xx answer; the message names the request and the last failure. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final Kind kind;
    /** The last HTTP status, 0 when none came. */
    final int status;
    /** The last response body, "" when none came. */
    final transient String body;

    Failure(Kind kind, int status, String body, String message, Throwable cause) {
      super(message, cause);
      this.kind = kind;
      this.status = status;
      this.body = body;
    }
  }

  final URI endpoint;
  final boolean hasKey;
  private final String apiKey;
  private final HttpClient http;
  private final RateLimiter limiter;
  private final Backoff backoff;
  private final Ticker ticker;
  private final int maxRetries;

  JsonPost(URI endpoint, ClientBuilder<?> b) {
    this.endpoint = endpoint;
    this.apiKey = b.apiKey;
    this.hasKey = !apiKey.isEmpty();
    this.http = b.httpClient(endpoint);
    this.limiter = b.limiter();
    this.backoff = b.backoff();
    this.ticker = b.ticker;
    this.maxRetries = b.maxRetries;
  }

  /** The clock deadlines are read on. */
  long now() {
    return ticker.nanoTime();
  }

  /**
   * POSTs {@code payload} and answers the 2xx body.
   *
   * @param where the request as messages name it ({@code "POST <url> for query"})
   * @param attemptTimeout how long one attempt may wait for its answer (with a deadline, at most
   *     the time left)
   * @param deadline the {@link #now()} by which the call must end, or {@code Long.MAX_VALUE}
   * @param budget the deadline as a duration, for messages (ignored without a deadline)
   * @throws Failure when no 2xx came
   */
  String send(String payload, String where, Duration attemptTimeout, long deadline, Duration budget)
      throws Failure {
    boolean bounded = deadline != Long.MAX_VALUE;
    String lastFailure = "";
    Kind lastKind = Kind.UNAVAILABLE;
    int lastStatus = 0;
    String lastBody = "";
    for (int attempt = 0; attempt <= maxRetries; attempt++) {
      Duration retryAfter = null;
      long timeout = attemptTimeout.toNanos();
      if (bounded) {
        long remaining = deadline - ticker.nanoTime();
        if (remaining <= 0) {
          throw new Failure(Kind.TIMEOUT, lastStatus, lastBody, where + ": no answer within " + budget.toMillis()
              + " ms" + (lastFailure.isEmpty() ? "" : "; last: " + lastFailure), null);
        }
        timeout = Math.min(timeout, Math.max(remaining, 1_000_000L));
      }
      try {
        limiter.acquire();
        HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofNanos(timeout))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
        if (hasKey) {
          rb.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> resp = exchange(rb.build(), timeout);
        int status = resp.statusCode();
        if (status >= 200 && status < 300) {
          return resp.body();
        }
        lastStatus = status;
        lastBody = resp.body() == null ? "" : resp.body();
        lastFailure = "status " + status + ", body: " + Backoff.snippet(resp.body());
        if (status != 429 && status < 500) {
          throw new Failure(Kind.REFUSED, status, lastBody, where + " failed with " + lastFailure + " (not retried)",
              null);
        }
        lastKind = status == 429 ? Kind.RATE_LIMITED : Kind.UNAVAILABLE;
        retryAfter = Backoff.retryAfter(resp.headers()).orElse(null);
      } catch (HttpConnectTimeoutException e) {
        lastFailure = "no connection within the connect timeout";
        lastKind = Kind.UNAVAILABLE;
      } catch (HttpTimeoutException e) {
        if (bounded) { // the attempt had all the time left
          throw new Failure(Kind.TIMEOUT, lastStatus, lastBody, where + ": no answer within " + budget.toMillis()
              + " ms", e);
        }
        lastFailure = "timed out after " + attemptTimeout.toMillis() + " ms";
        lastKind = Kind.UNAVAILABLE;
      } catch (IOException e) {
        lastFailure = "I/O error: " + e;
        lastKind = Kind.UNAVAILABLE;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Failure(Kind.TIMEOUT, lastStatus, lastBody, where + " was interrupted", e);
      }
      if (attempt == maxRetries) {
        break;
      }
      Duration delay = backoff.delay(attempt, retryAfter);
      if (bounded && ticker.nanoTime() + delay.toNanos() >= deadline) {
        throw new Failure(lastKind, lastStatus, lastBody, where + " failed with " + lastFailure
            + "; the next retry (in " + delay.toMillis() + " ms) would end after the " + budget.toMillis()
            + " ms budget", null);
      }
      LOG.warn("{}: {}; retry {} of {} in {} ms", where, lastFailure, attempt + 1, maxRetries, delay.toMillis());
      try {
        ticker.sleep(delay.toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Failure(Kind.TIMEOUT, lastStatus, lastBody, where + " was interrupted while backing off", e);
      }
    }
    throw new Failure(lastKind, lastStatus, lastBody, where + " failed after " + (maxRetries + 1)
        + " attempts; last: " + lastFailure, null);
  }

  /**
   * Sends {@code request} and waits at most {@code timeoutNanos} for the whole answer, body included.
   * {@link HttpRequest#timeout} alone bounds the wait for the response headers only: a server that
   * sends its headers and then stalls in the body held a caller forever (found by
   * OpenAiEmbedderFaultsTest); past the time the exchange is cancelled and this throws
   * {@link HttpTimeoutException}, like a request timeout.
   */
  private HttpResponse<String> exchange(HttpRequest request, long timeoutNanos) throws IOException,
      InterruptedException {
    CompletableFuture<HttpResponse<String>> answer =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    try {
      return answer.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new HttpTimeoutException("no complete answer within " + timeoutNanos / 1_000_000 + " ms");
    } catch (InterruptedException e) {
      answer.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io; // HttpConnectTimeoutException, HttpTimeoutException, ConnectException, ...
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(cause);
    }
  }
}

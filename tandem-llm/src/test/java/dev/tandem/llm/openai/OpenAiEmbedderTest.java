package dev.tandem.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.llm.embed.EmbeddingException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the client against a scripted OpenAI-compatible server on loopback. */
class OpenAiEmbedderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One scripted answer: a status, headers and a body, or a hang until the test ends. */
  private record Reply(int status, Map<String, String> headers, String body, boolean hang) {
    static Reply ok(String body) {
      return new Reply(200, Map.of(), body, false);
    }

    static Reply status(int status, String body) {
      return new Reply(status, Map.of(), body, false);
    }
  }

  private HttpServer server;
  private ExecutorService serverThreads;
  private final Deque<Reply> script = new ArrayDeque<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> authHeaders = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final FakeTicker ticker = new FakeTicker();
  private URI base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serverThreads = Executors.newCachedThreadPool();
    server.setExecutor(serverThreads);
    server.createContext("/v1/embeddings", this::handle);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    bodies.add(body);
    authHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
    Reply r;
    synchronized (script) {
      r = script.isEmpty() ? Reply.ok(echo(body, 3, true)) : script.poll();
    }
    if (r.hang()) {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      r = Reply.ok(echo(body, 3, false));
    }
    r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(r.status(), out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  /**
   * An OpenAI-style answer embedding text t as (length of t, 1, 0, 0, ...) with {@code dim}
   * components, data in reverse order when {@code reversed} (clients must use the index).
   */
  private static String echo(String requestBody, int dim, boolean reversed) throws IOException {
    JsonNode input = JSON.readTree(requestBody).get("input");
    List<String> items = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      StringBuilder v = new StringBuilder("[" + input.get(i).asText().length() + ", 1");
      for (int d = 2; d < dim; d++) {
        v.append(", 0");
      }
      items.add("{\"object\":\"embedding\",\"index\":" + i + ",\"embedding\":" + v + "]}");
    }
    if (reversed) {
      java.util.Collections.reverse(items);
    }
    return "{\"object\":\"list\",\"data\":[" + String.join(",", items) + "],\"model\":\"m\"}";
  }

  private OpenAiEmbedder.Builder client() {
    return OpenAiEmbedder.builder(base, "test-embed").ticker(ticker).seed(7)
        .backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
  }

  @Test
  void embeds_in_batches_with_the_api_key_and_normalises() throws IOException {
    OpenAiEmbedder e = client().apiKey("sk-secret").batchSize(2).build();

    float[][] v = e.embedDocuments(List.of("abc", "", "abcd"));

    assertThat(bodies).hasSize(2);
    assertThat(JSON.readTree(bodies.get(0)))
        .isEqualTo(JSON.readTree("{\"model\":\"test-embed\",\"input\":[\"abc\",\"\"]}"));
    assertThat(JSON.readTree(bodies.get(1))).isEqualTo(JSON.readTree("{\"model\":\"test-embed\",\"input\":[\"abcd\"]}"));
    assertThat(authHeaders).containsExactly("Bearer sk-secret", "Bearer sk-secret");
    float n3 = (float) Math.sqrt(10);
    float n4 = (float) Math.sqrt(17);
    assertThat(v[0]).containsExactly(new float[] {3 / n3, 1 / n3, 0}, within(1e-6f));
    assertThat(v[1]).containsExactly(new float[] {0, 1, 0}, within(1e-6f));
    assertThat(v[2]).containsExactly(new float[] {4 / n4, 1 / n4, 0}, within(1e-6f));
    assertThat(e.dimension()).isEqualTo(3);
    assertThat(e.modelId()).isEqualTo("test-embed");
    assertThat(e.toString()).doesNotContain("sk-secret");
    assertThat(ticker.sleeps).isEmpty();
  }

  @Test
  void query_prefix_goes_before_queries_only() throws IOException {
    OpenAiEmbedder e = client().queryPrefix("query: ").build();
    e.embedQuery("x");
    e.embedDocuments(List.of("x"));
    assertThat(JSON.readTree(bodies.get(0)).get("input").get(0).asText()).isEqualTo("query: x");
    assertThat(JSON.readTree(bodies.get(1)).get("input").get(0).asText()).isEqualTo("x");
    assertThat(authHeaders.get(0)).isEqualTo("null");
  }

  @Test
  void retries_after_429_honouring_retry_after() {
    script.add(new Reply(429, Map.of("Retry-After", "2"), "{\"error\":\"rate limited\"}", false));
    OpenAiEmbedder e = client().build();

    float[][] v = e.embedDocuments(List.of("ab"));

    assertThat(bodies).hasSize(2);
    assertThat(ticker.sleeps).containsExactly(Duration.ofSeconds(2).toNanos());
    assertThat(v[0][0]).isCloseTo(2 / (float) Math.sqrt(5), within(1e-6f));
  }

  @Test
  void gives_up_after_max_retries_on_500_naming_the_status() {
    for (int i = 0; i < 3; i++) {
      script.add(Reply.status(500, "{\"error\": \"model overloaded\"}"));
    }
    OpenAiEmbedder e = client().maxRetries(2).batchSize(1).build();

    assertThatThrownBy(() -> e.embedDocuments(List.of("a")))
        .isInstanceOf(EmbeddingException.class)
        .hasMessage("POST " + base + "/v1/embeddings for batch 1 of 1 (texts 0..0) failed after 3 attempts; "
            + "last: status 500, body: {\"error\": \"model overloaded\"}");
    assertThat(bodies).hasSize(3);
    // Exponential back-off with jitter in [0.5, 1) of 100 ms, then of 200 ms; same seed, same delays.
    assertThat(ticker.sleeps).hasSize(2);
    assertThat(ticker.sleeps.get(0)).isBetween(50_000_000L, 100_000_000L);
    assertThat(ticker.sleeps.get(1)).isBetween(100_000_000L, 200_000_000L);
  }

  @Test
  void jitter_is_reproducible_from_the_seed() {
    List<Long> first = sleepsAfterFailures(7);
    List<Long> again = sleepsAfterFailures(7);
    List<Long> other = sleepsAfterFailures(8);
    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  private List<Long> sleepsAfterFailures(long seed) {
    ticker.sleeps.clear();
    for (int i = 0; i < 3; i++) {
      script.add(Reply.status(503, "busy"));
    }
    OpenAiEmbedder e = client().seed(seed).maxRetries(3).build();
    e.embedDocuments(List.of("a"));
    return List.copyOf(ticker.sleeps);
  }

  @Test
  void client_errors_are_not_retried() {
    script.add(Reply.status(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}"));
    OpenAiEmbedder e = client().apiKey("sk-wrong").build();
    assertThatThrownBy(() -> e.embedDocuments(List.of("a")))
        .isInstanceOf(EmbeddingException.class)
        .hasMessage("POST " + base + "/v1/embeddings for batch 1 of 1 (texts 0..0) failed with status 401, "
            + "body: {\"error\":{\"message\":\"Incorrect API key provided\"}} (not retried)")
        .message().doesNotContain("sk-wrong");
    assertThat(bodies).hasSize(1);
  }

  @Test
  void malformed_json_is_a_clear_error() {
    script.add(Reply.ok("{\"data\": [ {\"index\": 0, \"embedding\": [0.1, "));
    OpenAiEmbedder e = client().build();
    assertThatThrownBy(() -> e.embedDocuments(List.of("a")))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageStartingWith("POST " + base + "/v1/embeddings for batch 1 of 1 (texts 0..0) returned malformed JSON (")
        .hasMessageEndingWith("; body: {\"data\": [ {\"index\": 0, \"embedding\": [0.1,");
    assertThat(bodies).hasSize(1);
  }

  @Test
  void slow_answer_times_out_and_is_retried() {
    script.add(new Reply(200, Map.of(), "", true));
    script.add(new Reply(200, Map.of(), "", true));
    OpenAiEmbedder e = client().requestTimeout(Duration.ofMillis(300)).maxRetries(1).build();
    assertThatThrownBy(() -> e.embedQuery("a"))
        .isInstanceOf(EmbeddingException.class)
        .hasMessage("POST " + base + "/v1/embeddings for query failed after 2 attempts; last: timed out after 300 ms");
    assertThat(ticker.sleeps).hasSize(1);
  }

  @Test
  void wrong_dimension_is_an_error() {
    OpenAiEmbedder e = client().dimension(4).build();
    assertThatThrownBy(() -> e.embedDocuments(List.of("a", "b")))
        .isInstanceOf(EmbeddingException.class)
        .hasMessage("POST " + base + "/v1/embeddings for batch 1 of 1 (texts 0..1): data[0].embedding has 3 "
            + "components; expected dimension 4");
  }

  @Test
  void missing_embeddings_are_an_error() {
    script.add(Reply.ok("{\"data\":[{\"index\":0,\"embedding\":[1,0]}]}"));
    OpenAiEmbedder e = client().build();
    assertThatThrownBy(() -> e.embedDocuments(List.of("a", "b")))
        .isInstanceOf(EmbeddingException.class)
        .hasMessage("POST " + base + "/v1/embeddings for batch 1 of 1 (texts 0..1) returned 1 embeddings for 2 texts");
  }

  @Test
  void rate_limit_spaces_requests() {
    OpenAiEmbedder e = client().requestsPerSecond(4).batchSize(1).build();
    e.embedDocuments(List.of("a", "b", "c"));
    assertThat(bodies).hasSize(3);
    assertThat(ticker.sleeps).containsExactly(250_000_000L, 250_000_000L);
  }

  @Test
  void retry_after_is_read_as_seconds_or_http_date() {
    assertThat(Backoff.retryAfter(headers("3"))).contains(Duration.ofSeconds(3));
    assertThat(Backoff.retryAfter(headers("0.5"))).contains(Duration.ofMillis(500));
    assertThat(Backoff.retryAfter(headers("Wed, 21 Oct 2015 07:28:00 GMT"))).contains(Duration.ZERO);
    assertThat(Backoff.retryAfter(headers("soon"))).isEmpty();
    assertThat(Backoff.retryAfter(java.net.http.HttpHeaders.of(Map.of(), (k, v) -> true))).isEmpty();
  }

  private static java.net.http.HttpHeaders headers(String retryAfter) {
    return java.net.http.HttpHeaders.of(Map.of("Retry-After", List.of(retryAfter)), (k, v) -> true);
  }

  @Test
  void options_are_validated() {
    assertThatThrownBy(() -> OpenAiEmbedder.builder(URI.create("ftp://x"), "m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseUrl (ftp://x) must be an http or https URL with a host");
    assertThatThrownBy(() -> client().batchSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("batchSize (0) must be in [1, 2048]");
    assertThatThrownBy(() -> client().requestsPerSecond(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requestsPerSecond (-1.0) must be finite and >= 0 (0 = unlimited)");
  }

  @Test
  void trailing_v1_in_base_url_is_accepted() {
    OpenAiEmbedder e = OpenAiEmbedder.builder(URI.create(base + "/v1/"), "m").build();
    assertThat(e.embedDocuments(List.of("a"))).hasDimensions(1, 3);
  }

  /** Time advances only by sleeping; records the sleeps. */
  private static final class FakeTicker implements Ticker {
    final List<Long> sleeps = new CopyOnWriteArrayList<>();
    private long now = 1_000_000_000L;

    @Override
    public synchronized long nanoTime() {
      return now;
    }

    @Override
    public synchronized void sleep(long nanos) {
      sleeps.add(nanos);
      now += nanos;
    }
  }
}

package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.ServerConfig.ApiKey;
import dev.tandem.engine.ServerConfig.Scope;
import dev.tandem.engine.Tandem;
import dev.tandem.testkit.TinyHome;
import io.javalin.http.HandlerType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys, scopes, open reads, body and rate limits, 405 and metrics against real servers on random
 * loopback ports over one small trained home ({@link TinyHome}: items a..d, users u0..u3).
 */
class ServerSecurityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String READ_KEY = TinyHome.READ_KEY;
  static final String WRITE_KEY = TinyHome.WRITE_KEY;
  static final String ADMIN_KEY = TinyHome.ADMIN_KEY;
  static final List<ApiKey> KEYS = TinyHome.KEYS;
  static final int MAX_BODY = 1000;
  static final String COUNT = "tandem_http_requests_seconds_count";

  @TempDir static Path home;
  static Tandem tandem;
  static long snapshotVersion;

  @BeforeAll
  static void open() throws Exception {
    tandem = TinyHome.open(home);
    snapshotVersion = tandem.snapshotHeader().version();
    tandem.warm(); // as `tandem serve` does: the first /ask must not pay for preparing the catalogue and parser under the 2 s deadline
  }

  @AfterAll
  static void close() {
    tandem.close();
    // every answer this class got conforms to the OpenAPI document (ServerGoldenTest covers every route)
    assertThat(CONFORMANCE.problems()).isEmpty();
    assertThat(CONFORMANCE.validated()).isPositive();
  }

  /** The answers of {@link #call}, checked against the OpenAPI document. */
  static final OpenApiConformance.Recorder CONFORMANCE = new OpenApiConformance.Recorder();

  record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

  static Reply call(TandemServer s, String method, String path, String key, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path));
    if (key != null) {
      b.header("Authorization", key.startsWith("raw:") ? key.substring(4) : "Bearer " + key);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    CONFORMANCE.record(method, URI.create("http://127.0.0.1:" + s.port() + path), r);
    String type = r.headers().firstValue("Content-Type").orElse("");
    boolean json = type.startsWith("application/json") || type.startsWith("application/problem+json");
    return new Reply(r.statusCode(), json && !r.body().isEmpty() ? JSON.readTree(r.body()) : null, r);
  }

  static TandemServer closedServer(int rate, int burst, AtomicLong clock) {
    return TandemServer.start(tandem, "127.0.0.1", 0, new ServerConfig(false, MAX_BODY, rate, burst, KEYS), clock::get);
  }

  @Test
  void missing_malformed_or_unknown_keys_get_401_with_a_bearer_challenge() throws Exception {
    try (TandemServer s = closedServer(0, 1, new AtomicLong())) {
      Reply none = call(s, "GET", "/recommend/u0", null, null);
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tandem\"");
      assertThat(none.body().get("status").asInt()).isEqualTo(401);
      assertThat(none.body().get("error").asText()).isEqualTo("missing Authorization header; expected "
          + "'Authorization: Bearer KEY' with a key of scope read or higher");

      Reply basic = call(s, "GET", "/recommend/u0", "raw:Basic dXNlcjpwYXNz", null);
      assertThat(basic.status()).isEqualTo(401);
      assertThat(basic.raw().headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer ")
          .contains("invalid_request");
      assertThat(basic.body().get("error").asText()).startsWith("malformed Authorization header");
      assertThat(call(s, "GET", "/recommend/u0", "raw:Bearer ", null).status()).isEqualTo(401);

      Reply unknown = call(s, "GET", "/recommend/u0", "guess-0123456789abcdef", null);
      assertThat(unknown.status()).isEqualTo(401);
      assertThat(unknown.raw().headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
      assertThat(unknown.body().get("error").asText()).isEqualTo("unknown API key");
      assertThat(unknown.raw().body()).doesNotContain("guess-0123456789abcdef");

      assertThat(call(s, "GET", "/metrics", null, null).status()).isEqualTo(401);
      assertThat(call(s, "POST", "/feedback", null, "[]").status()).isEqualTo(401);
      // open routes need no key
      assertThat(call(s, "GET", "/health", null, null).status()).isEqualTo(200);
      assertThat(call(s, "GET", "/openapi.json", null, null).status()).isEqualTo(200);
    }
  }

  @Test
  void scopes_nest_and_an_insufficient_one_gets_403_naming_both_scopes() throws Exception {
    try (TandemServer s = closedServer(0, 1, new AtomicLong())) {
      Reply denied = call(s, "POST", "/feedback", READ_KEY, "[{\"user\":\"u0\",\"item\":\"d\",\"type\":\"like\"}]");
      assertThat(denied.status()).isEqualTo(403);
      assertThat(denied.body().get("error").asText())
          .isEqualTo("POST /feedback needs scope write; key 'reader' has scope read");
      assertThat(denied.raw().body()).doesNotContain(READ_KEY);
      assertThat(tandem.store().feedback().history("u0")).hasSize(2); // nothing written
      assertThat(call(s, "DELETE", "/items/zzz", READ_KEY, null).status()).isEqualTo(403);

      assertThat(call(s, "GET", "/recommend/u0?n=2", READ_KEY, null).status()).isEqualTo(200);
      assertThat(call(s, "POST", "/recommend", READ_KEY, "{\"history\":[{\"item\":\"a\",\"type\":\"like\"}]}")
          .status()).isEqualTo(200); // an anonymous recommendation is a read
      assertThat(call(s, "GET", "/metrics", READ_KEY, null).status()).isEqualTo(200);
      // write includes read, admin includes write
      assertThat(call(s, "GET", "/recommend/u0?n=2", WRITE_KEY, null).status()).isEqualTo(200);
      Reply written = call(s, "POST", "/users", WRITE_KEY, "[{\"id\":\"new1\"}]");
      assertThat(written.status()).isEqualTo(200);
      assertThat(call(s, "DELETE", "/users/new1", ADMIN_KEY, null).status()).isEqualTo(200);
      assertThat(call(s, "GET", "/items/a", ADMIN_KEY, null).status()).isEqualTo(200);
    }
  }

  @Test
  void routes_declare_their_access_and_admin_paths_default_to_admin() {
    try (TandemServer s = closedServer(0, 1, new AtomicLong())) {
      assertThat(s.registeredRoutes()).contains("GET /metrics");
    }
    assertThat(Access.byRule(HandlerType.POST, "/admin/train")).isEqualTo(Access.ADMIN);
    assertThat(Access.byRule(HandlerType.GET, "/admin/snapshots")).isEqualTo(Access.ADMIN);
    assertThat(Access.byRule(HandlerType.GET, "/administrators")).isEqualTo(Access.READ);
    assertThat(Access.byRule(HandlerType.GET, "/health")).isEqualTo(Access.OPEN);
    assertThat(Access.byRule(HandlerType.PUT, "/items/{id}")).isEqualTo(Access.WRITE);
  }

  @Test
  void open_reads_answer_without_a_key_but_writes_never_do() throws Exception {
    ServerConfig cfg = new ServerConfig(true, MAX_BODY, 0, 1, KEYS);
    try (TandemServer s = TandemServer.start(tandem, "127.0.0.1", 0, cfg)) {
      assertThat(call(s, "GET", "/recommend/u1?n=2", null, null).status()).isEqualTo(200);
      assertThat(call(s, "GET", "/items?limit=2", null, null).status()).isEqualTo(200);
      assertThat(call(s, "POST", "/recommend", null, "{\"history\":[{\"item\":\"a\",\"type\":\"like\"}]}")
          .status()).isEqualTo(200);
      Reply write = call(s, "POST", "/items", null, "[{\"id\":\"sneaky\"}]");
      assertThat(write.status()).isEqualTo(401);
      assertThat(write.body().get("error").asText()).contains("scope write");
      assertThat(tandem.store().items().get("sneaky")).isEmpty();
      // a key that is sent is still checked
      assertThat(call(s, "GET", "/items/a", "guess-0123456789abcdef", null).status()).isEqualTo(401);
      JsonNode op = call(s, "GET", "/openapi.json", null, null).body().get("paths");
      assertThat(op.get("/recommend/{user}").get("get").get("security").toString()).isEqualTo("[{},{\"bearer\":[\"read\"]}]");
      assertThat(op.get("/items").get("post").get("security").toString()).isEqualTo("[{\"bearer\":[\"write\"]}]");
    }
  }

  @Test
  void openapi_declares_the_bearer_scheme_and_each_operations_scope() throws Exception {
    try (TandemServer s = closedServer(0, 1, new AtomicLong())) {
      JsonNode doc = call(s, "GET", "/openapi.json", null, null).body();
      JsonNode bearer = doc.get("components").get("securitySchemes").get("bearer");
      assertThat(bearer.get("type").asText()).isEqualTo("http");
      assertThat(bearer.get("scheme").asText()).isEqualTo("bearer");
      JsonNode paths = doc.get("paths");
      assertThat(paths.get("/health").get("get").get("security").toString()).isEqualTo("[]");
      assertThat(paths.get("/health").get("get").has("x-tandem-scope")).isFalse();
      assertThat(paths.get("/metrics").get("get").get("x-tandem-scope").asText()).isEqualTo("read");
      assertThat(paths.get("/recommend").get("post").get("x-tandem-scope").asText()).isEqualTo("read");
      JsonNode feedback = paths.get("/feedback").get("post");
      assertThat(feedback.get("x-tandem-scope").asText()).isEqualTo("write");
      assertThat(feedback.get("security").toString()).isEqualTo("[{\"bearer\":[\"write\"]}]");
      List<String> codes = new ArrayList<>();
      feedback.get("responses").fieldNames().forEachRemaining(codes::add);
      assertThat(codes).containsExactly("200", "400", "401", "403", "408", "413", "415", "429", "431", "503");
      // every error is a Problem, with the headers its status sends
      JsonNode tooMany = doc.get("components").get("responses").get("TooManyRequests");
      assertThat(tooMany.get("headers").has("Retry-After")).isTrue();
      assertThat(tooMany.get("content").get("application/problem+json").get("schema").get("$ref").asText())
          .isEqualTo("#/components/schemas/Problem");
      assertThat(doc.get("components").get("responses").get("Unauthorized").get("headers").has("WWW-Authenticate"))
          .isTrue();
      assertThat(bearer.get("x-tandem-scopes").fieldNames()).toIterable().containsExactly("read", "write", "admin");
    }
  }

  @Test
  void without_any_key_protected_routes_explain_how_to_add_one() throws Exception {
    try (TandemServer s = TandemServer.start(tandem, "127.0.0.1", 0, ServerConfig.DEFAULTS)) {
      Reply r = call(s, "GET", "/items", null, null);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.body().get("error").asText()).contains("no API key is configured")
          .contains("[server] api_keys").contains("TANDEM_API_KEYS");
    }
  }

  @Test
  void the_homes_server_section_configures_keys_and_limits(@TempDir Path other) throws Exception {
    java.nio.file.Files.writeString(other.resolve("tandem.toml"), dev.tandem.engine.TandemConfig.defaultText()
        .replace("api_keys = []", "api_keys = [\"home:home-key-0123456789:read\"]")
        .replace("max_body_bytes = 10485760", "max_body_bytes = 64"));
    try (Tandem t = Tandem.open(other); TandemServer s = TandemServer.start(t, "127.0.0.1", 0)) {
      assertThat(s.serverConfig().apiKeys()).contains(new ApiKey("home", "home-key-0123456789", Scope.READ));
      assertThat(call(s, "GET", "/items", "home-key-0123456789", null).status()).isEqualTo(200);
      assertThat(call(s, "GET", "/items", null, null).status()).isEqualTo(401);
      Reply big = call(s, "POST", "/recommend", "home-key-0123456789", "{\"profile\":\"" + "y".repeat(64) + "\"}");
      assertThat(big.status()).isEqualTo(413);
      assertThat(big.body().get("error").asText()).contains("limit of 64 bytes");
    }
  }

  @Test
  void bodies_above_the_limit_get_413_naming_the_limit() throws Exception {
    try (TandemServer s = closedServer(0, 1, new AtomicLong())) {
      String big = "[{\"id\":\"big\",\"description\":\"" + "x".repeat(2 * MAX_BODY) + "\"}]";
      Reply r = call(s, "POST", "/items", WRITE_KEY, big);
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.body().get("field").asText()).isEqualTo("body");
      assertThat(r.body().get("error").asText())
          .isEqualTo("body: " + big.length() + " bytes exceeds the limit of 1000 bytes (server.max_body_bytes)");
      assertThat(tandem.store().items().get("big")).isEmpty();

      // chunked, without Content-Length: cut off at the limit while reading
      HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/items"))
          .header("Authorization", "Bearer " + WRITE_KEY).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))).build();
      HttpResponse<String> c = HTTP.send(chunked, HttpResponse.BodyHandlers.ofString());
      assertThat(c.statusCode()).isEqualTo(413);
      assertThat(JSON.readTree(c.body()).get("error").asText())
          .isEqualTo("body: more than 1000 bytes exceeds the limit of 1000 bytes (server.max_body_bytes)");

      String fits = "[{\"id\":\"small\",\"description\":\"" + "x".repeat(MAX_BODY - 40) + "\"}]";
      assertThat(fits.length()).isLessThanOrEqualTo(MAX_BODY);
      assertThat(call(s, "POST", "/items", WRITE_KEY, fits).status()).isEqualTo(200);
      tandem.store().items().delete("small");
    }
  }

  @Test
  void each_key_has_its_own_bucket_and_429_says_when_to_retry() throws Exception {
    AtomicLong clock = new AtomicLong(5_000_000_000L);
    try (TandemServer s = closedServer(1, 2, clock)) {
      assertThat(call(s, "GET", "/items/a", READ_KEY, null).status()).isEqualTo(200);
      assertThat(call(s, "GET", "/items/a", READ_KEY, null).status()).isEqualTo(200);
      Reply over = call(s, "GET", "/items/a", READ_KEY, null);
      assertThat(over.status()).isEqualTo(429);
      assertThat(over.raw().headers().firstValue("Retry-After")).hasValue("1");
      assertThat(over.body().get("error").asText())
          .isEqualTo("rate limit of 1 tokens/s (burst 2) exceeded; GET /items/{id} costs 1; retry after 1 s");
      // another key is not affected; open routes are not limited
      assertThat(call(s, "GET", "/items/a", WRITE_KEY, null).status()).isEqualTo(200);
      assertThat(call(s, "GET", "/health", null, null).status()).isEqualTo(200);
      clock.addAndGet(400_000_000L); // 0.4 s: still no token
      assertThat(call(s, "GET", "/items/a", READ_KEY, null).status()).isEqualTo(429);
      clock.addAndGet(600_000_000L); // 1 s after the burst: one token
      assertThat(call(s, "GET", "/items/a", READ_KEY, null).status()).isEqualTo(200);
      assertThat(call(s, "GET", "/items/a", READ_KEY, null).status()).isEqualTo(429);
    }
  }

  @Test
  void refused_requests_spend_the_address_failure_bucket_whatever_key_is_sent() throws Exception {
    AtomicLong clock = new AtomicLong(5_000_000_000L);
    try (TandemServer s = closedServer(0, 1, clock)) {
      for (int i = 0; i < Guard.FAILURE_BURST; i++) { // guesses, no key, and a scope too low all count
        String key = i % 3 == 0 ? "guess-" + i + "-0123456789abcdef" : i % 3 == 1 ? null : READ_KEY;
        String path = i % 3 == 2 ? "/items/zzz" : "/items/a";
        assertThat(call(s, i % 3 == 2 ? "DELETE" : "GET", path, key, null).status()).isIn(401, 403);
      }
      Reply throttled = call(s, "GET", "/items/a", "guess-x-0123456789abcdef", null);
      assertThat(throttled.status()).isEqualTo(429);
      assertThat(throttled.raw().headers().firstValue("Retry-After")).hasValue("1");
      assertThat(throttled.body().get("error").asText()).isEqualTo("too many refused requests (401/403) from"
          + " 127.0.0.1: more than 10/s (bursts of 100); retry after 1 s");
      assertThat(call(s, "GET", "/items/a", null, null).status()).isEqualTo(429);
      // a valid key still works: only refusals are throttled
      assertThat(call(s, "GET", "/items/a", READ_KEY, null).status()).isEqualTo(200);
      clock.addAndGet(100_000_000L); // 0.1 s: one failure token back
      assertThat(call(s, "GET", "/items/a", null, null).status()).isEqualTo(401);
      assertThat(call(s, "GET", "/items/a", null, null).status()).isEqualTo(429);
    }
  }

  @Test
  void routes_cost_their_tokens_so_an_ask_spends_more_than_an_item_read() throws Exception {
    AtomicLong clock = new AtomicLong(5_000_000_000L);
    try (TandemServer s = closedServer(1, 24, clock)) {
      assertThat(call(s, "POST", "/ask", READ_KEY, "{\"query\":\"something like a\"}").status()).isEqualTo(200);
      for (int i = 0; i < 4; i++) { // 20 + 4 x 1 = the burst of 24
        assertThat(call(s, "GET", "/items/a", READ_KEY, null).status()).isEqualTo(200);
      }
      Reply over = call(s, "GET", "/items/a", READ_KEY, null);
      assertThat(over.status()).isEqualTo(429);
      clock.addAndGet(1_000_000_000L); // one token back: enough for a read, not for an ask
      Reply ask = call(s, "POST", "/ask", READ_KEY, "{\"query\":\"something like a\"}");
      assertThat(ask.status()).isEqualTo(429);
      assertThat(ask.body().get("error").asText()).contains("POST /ask costs 20").contains("retry after 19 s");
      assertThat(call(s, "GET", "/items/a", READ_KEY, null).status()).isEqualTo(200);
    }
  }

  @Test
  void rate_limiter_grants_exactly_burst_then_one_per_interval() {
    AtomicLong clock = new AtomicLong(-7_000_000_000L); // nanoTime may be negative
    RateLimiter r = new RateLimiter(4, 3, clock::get); // one token per 250 ms
    assertThat(r.acquireKey("k", 1)).isZero();
    assertThat(r.acquireKey("k", 1)).isZero();
    assertThat(r.acquireKey("k", 1)).isZero();
    assertThat(r.acquireKey("k", 1)).isEqualTo(250_000_000L);
    clock.addAndGet(100_000_000L);
    assertThat(r.acquireKey("k", 1)).isEqualTo(150_000_000L);
    assertThat(r.acquireAnonymous("10.0.0.1", 1)).isZero();
    clock.addAndGet(150_000_000L);
    assertThat(r.acquireKey("k", 1)).isZero();
    assertThat(r.acquireKey("k", 1)).isEqualTo(250_000_000L);
    clock.addAndGet(10_000_000_000L); // a long pause refills only up to the burst
    for (int i = 0; i < 3; i++) {
      assertThat(r.acquireKey("k", 1)).isZero();
    }
    assertThat(r.acquireKey("k", 1)).isPositive();

    RateLimiter c = new RateLimiter(4, 3, clock::get);
    assertThat(c.acquireKey("k", 2)).isZero();
    assertThat(c.acquireKey("k", 2)).isEqualTo(250_000_000L); // one token left, two asked
    assertThat(c.acquireKey("k", 1)).isZero();
    assertThat(c.acquireKey("k", 0)).isZero(); // free routes never wait
    assertThat(c.acquireKey("j", 99)).isZero(); // more than the burst is charged as the burst
    assertThat(c.acquireKey("j", 1)).isEqualTo(250_000_000L);
  }

  @Test
  void a_known_path_with_a_wrong_method_is_405() throws Exception {
    try (TandemServer s = closedServer(0, 1, new AtomicLong())) {
      Reply r = call(s, "DELETE", "/health", ADMIN_KEY, null);
      assertThat(r.status()).isEqualTo(405);
      assertThat(r.body().get("status").asInt()).isEqualTo(405);
      assertThat(r.raw().headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
      assertThat(r.body().get("error").asText()).isEqualTo("DELETE /health is not allowed; allowed: GET, HEAD, OPTIONS");
      Reply items = call(s, "PUT", "/items", ADMIN_KEY, "[]");
      assertThat(items.status()).isEqualTo(405);
      assertThat(items.raw().headers().firstValue("Allow").orElseThrow()).contains("GET").contains("POST");
      assertThat(call(s, "PUT", "/recommend/u0", ADMIN_KEY, "{}").status()).isEqualTo(405);
      assertThat(call(s, "GET", "/nowhere", ADMIN_KEY, null).status()).isEqualTo(404);
    }
  }

  @Test
  void metrics_count_requests_by_route_template_errors_and_feedback() throws Exception {
    try (TandemServer s = closedServer(0, 1, new AtomicLong())) {
      for (String u : List.of("u0", "u1", "u2")) {
        assertThat(call(s, "GET", "/recommend/" + u + "?n=2", READ_KEY, null).status()).isEqualTo(200);
      }
      String before = call(s, "GET", "/metrics", READ_KEY, null).raw().body();
      double errors = value(before, "tandem_http_errors_total", "class=\"4xx\"");
      assertThat(call(s, "GET", "/recommend/u0?n=0", READ_KEY, null).status()).isEqualTo(400);
      Reply fb = call(s, "POST", "/feedback", WRITE_KEY, "[{\"user\":\"m1\",\"item\":\"d\",\"type\":\"like\"},"
          + "{\"user\":\"m1\",\"item\":\"c\",\"type\":\"like\"},{\"user\":\"m1\",\"item\":\"c\",\"type\":\"hug\"}]");
      assertThat(fb.body().get("accepted").asInt()).isEqualTo(2);
      assertThat(call(s, "GET", "/no/such/page", READ_KEY, null).status()).isEqualTo(404);

      HttpResponse<String> m = call(s, "GET", "/metrics", READ_KEY, null).raw();
      assertThat(m.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
      String text = m.body();
      assertThat(value(text, COUNT, "method=\"GET\"", "uri=\"/recommend/{user}\"", "status=\"200\"")).isEqualTo(3.0);
      assertThat(value(text, COUNT, "method=\"GET\"", "uri=\"/recommend/{user}\"", "status=\"400\"")).isEqualTo(1.0);
      assertThat(value(text, COUNT, "method=\"POST\"", "uri=\"/feedback\"", "status=\"200\"")).isEqualTo(1.0);
      assertThat(text).contains("tandem_http_requests_seconds_bucket{"); // histogram for p50/p99
      assertThat(text).doesNotContain("uri=\"/recommend/u0\"");
      assertThat(value(text, COUNT, "uri=\"UNMATCHED\"", "status=\"404\"")).isEqualTo(1.0);
      assertThat(text).doesNotContain("/no/such/page");
      assertThat(value(text, "tandem_http_errors_total", "class=\"4xx\"")).isEqualTo(errors + 2);
      assertThat(value(text, "tandem_feedback_events_total", "outcome=\"accepted\"")).isEqualTo(2.0);
      assertThat(value(text, "tandem_feedback_events_total", "outcome=\"rejected\"")).isEqualTo(1.0);
      assertThat(value(text, "tandem_snapshot_version")).isEqualTo((double) snapshotVersion);
      assertThat(value(text, "tandem_snapshot_age_seconds")).isBetween(0.0, 3600.0);
      assertThat(text).contains("jvm_memory_used_bytes").contains("jvm_threads_live_threads");
    }
  }

  /** The value of the one sample named {@code name} carrying every one of {@code labels} ({@code k="v"}). */
  private static double value(String text, String name, String... labels) {
    StringBuilder re = new StringBuilder("(?m)^");
    for (String l : labels) {
      re.append("(?=[^\\n]*[{,]").append(Pattern.quote(l)).append("[,}])");
    }
    re.append(Pattern.quote(name)).append("(\\{[^\\n]*})?\\s+(\\S+)$");
    Matcher m = Pattern.compile(re.toString()).matcher(text);
    assertThat(m.find()).as("a sample of %s %s in%n%s", name, List.of(labels), text).isTrue();
    double v = Double.parseDouble(m.group(2));
    assertThat(m.find()).as("only one sample of %s %s", name, List.of(labels)).isFalse();
    return v;
  }
}

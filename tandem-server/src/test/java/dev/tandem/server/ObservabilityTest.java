package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.testkit.Poll;
import dev.tandem.testkit.TinyHome;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What operators read: the access log (one JSON line per request, refusals too), request ids, and
 * a {@code /metrics} scrape small enough to keep (route templates, a dozen buckets, true HELP lines).
 * The tests share one server and its log file, so each one tells its requests apart by request id.
 */
class ObservabilityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path home;
  static Path log;
  static Tandem tandem;
  static TandemServer server;

  @BeforeAll
  static void start() throws Exception {
    tandem = TinyHome.open(home);
    log = home.resolve("logs/access.jsonl");
    server = TandemServer.start(tandem, "127.0.0.1", 0,
        TinyHome.patient(TinyHome.config(4000)).withAccessLog(log.toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    tandem.close();
  }

  private static HttpResponse<String> send(String method, String path, String key, String requestId, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (requestId != null) {
      b.header("X-Request-Id", requestId);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The access log's lines with request ids in {@code ids}, once all of them are written. */
  private static Map<String, JsonNode> logged(List<String> ids) throws Exception {
    return Poll.until("access log lines for " + ids, () -> {
      Map<String, JsonNode> byId = new LinkedHashMap<>();
      if (Files.exists(log)) {
        for (String line : Files.readAllLines(log)) {
          JsonNode n = JSON.readTree(line);
          if (ids.contains(n.path("id").asText())) {
            byId.put(n.path("id").asText(), n);
          }
        }
      }
      return byId;
    }, m -> m.size() == ids.size(), Poll.BOUND);
  }

  @Test
  void every_request_is_one_json_line_with_route_template_status_bytes_and_key_name() throws Exception {
    HttpResponse<String> ok = send("GET", "/recommend/u1?n=2", TinyHome.READ_KEY, "log-ok-1", null);
    HttpResponse<String> noKey = send("GET", "/recommend/u2", null, "log-401-1", null);
    HttpResponse<String> tooBig = send("POST", "/feedback", TinyHome.WRITE_KEY, "log-413-1", "[" + "1,".repeat(3000) + "1]");
    HttpResponse<String> missing = send("GET", "/no/such/route", TinyHome.READ_KEY, "log-404-1", null);
    HttpResponse<String> health = send("GET", "/health", null, "log-health-1", null);
    assertThat(List.of(ok.statusCode(), noKey.statusCode(), tooBig.statusCode(), missing.statusCode(),
        health.statusCode())).containsExactly(200, 401, 413, 404, 200);

    Map<String, JsonNode> lines = logged(List.of("log-ok-1", "log-401-1", "log-413-1", "log-404-1", "log-health-1"));
    JsonNode l = lines.get("log-ok-1");
    assertThat(fieldNames(l)).containsExactly("time", "id", "method", "route", "status", "ms", "bytes", "key", "remote");
    assertThat(l.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(l.get("method").asText()).isEqualTo("GET");
    assertThat(l.get("route").asText()).isEqualTo("/recommend/{user}");
    assertThat(l.get("status").asInt()).isEqualTo(200);
    assertThat(l.get("ms").asDouble()).isGreaterThanOrEqualTo(0);
    assertThat(l.get("bytes").asLong()).isEqualTo(ok.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    assertThat(l.get("key").asText()).isEqualTo("reader");
    assertThat(l.get("remote").asText()).isEqualTo("127.0.0.1");

    JsonNode refused = lines.get("log-401-1");
    assertThat(refused.get("status").asInt()).isEqualTo(401);
    assertThat(refused.get("route").asText()).isEqualTo("/recommend/{user}");
    assertThat(refused.get("key").isNull()).isTrue();
    assertThat(lines.get("log-413-1").get("status").asInt()).isEqualTo(413);
    assertThat(lines.get("log-413-1").get("route").asText()).isEqualTo("/feedback");
    assertThat(lines.get("log-413-1").get("key").asText()).isEqualTo("writer");
    assertThat(lines.get("log-404-1").get("route").asText()).isEqualTo(ServerMetrics.UNMATCHED);
    assertThat(lines.get("log-health-1").get("key").isNull()).isTrue();
    String all = Files.readString(log);
    assertThat(all).doesNotContain(TinyHome.READ_KEY).doesNotContain(TinyHome.WRITE_KEY)
        .doesNotContain("/no/such/route");
  }

  @Test
  void request_id_is_echoed_when_well_formed_and_replaced_otherwise() throws Exception {
    HttpResponse<String> given = send("GET", "/items/a", TinyHome.READ_KEY, "abc-123_x.y:z", null);
    assertThat(given.headers().firstValue("X-Request-Id")).hasValue("abc-123_x.y:z");

    String hostile = "<script>alert(1)</script>";
    HttpResponse<String> replaced = send("GET", "/items/a", TinyHome.READ_KEY, hostile, null);
    String id = replaced.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(id).matches("[0-9a-f]{32}").doesNotContain("script");
    HttpResponse<String> tooLong = send("GET", "/items/a", TinyHome.READ_KEY, "a".repeat(129), null);
    assertThat(tooLong.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f]{32}");

    HttpResponse<String> none = send("GET", "/items/a", TinyHome.READ_KEY, null, null);
    String generated = none.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(generated).matches("[0-9a-f]{32}").isNotEqualTo(id);
    HttpResponse<String> error = send("GET", "/items/nope", TinyHome.READ_KEY, "err-1", null);
    assertThat(error.statusCode()).isEqualTo(404);
    assertThat(error.headers().firstValue("X-Request-Id")).hasValue("err-1");
    HttpResponse<String> unauthorized = send("GET", "/items/a", null, "err-2", null);
    assertThat(unauthorized.statusCode()).isEqualTo(401);
    assertThat(unauthorized.headers().firstValue("X-Request-Id")).hasValue("err-2");

    Map<String, JsonNode> lines = logged(List.of("abc-123_x.y:z", id, generated, "err-1", "err-2"));
    assertThat(lines.get(id).get("route").asText()).isEqualTo("/items/{id}");
    assertThat(Files.readString(log)).doesNotContain("script");
  }

  @Test
  void rate_limited_requests_are_logged_with_their_429() throws Exception {
    Path limitedLog = home.resolve("logs/limited.jsonl");
    // burst 3, one token per second, and a clock that never moves: the fourth request is refused
    ServerConfig limited = new ServerConfig(false, 4000, 1, 3, TinyHome.KEYS).withAccessLog(limitedLog.toString());
    List<Integer> statuses = new ArrayList<>();
    List<JsonNode> lines;
    try (TandemServer s = TandemServer.start(tandem, "127.0.0.1", 0, limited, () -> 0L)) {
      for (int i = 0; i < 4; i++) {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/items/a"))
            .header("Authorization", "Bearer " + TinyHome.READ_KEY).header("X-Request-Id", "limited-" + i).build();
        statuses.add(HTTP.send(r, HttpResponse.BodyHandlers.ofString()).statusCode());
      }
      // read while the server runs: a request's line is queued just after its answer is complete
      lines = Poll.until("four lines in " + limitedLog, () -> {
        List<JsonNode> l = new ArrayList<>();
        if (Files.exists(limitedLog)) {
          for (String line : Files.readAllLines(limitedLog)) {
            l.add(JSON.readTree(line));
          }
        }
        return l;
      }, l -> l.size() == 4, Poll.BOUND);
    }
    assertThat(statuses).containsExactly(200, 200, 200, 429);
    assertThat(lines).extracting(n -> n.get("id").asText() + " " + n.get("status").asInt() + " "
        + n.get("route").asText() + " " + n.get("key").asText())
        .containsExactly("limited-0 200 /items/{id} reader", "limited-1 200 /items/{id} reader",
            "limited-2 200 /items/{id} reader", "limited-3 429 /items/{id} reader");
  }

  @Test
  void an_access_log_that_cannot_be_opened_stops_the_start() throws Exception {
    Path folder = Files.createDirectories(home.resolve("not-a-file"));
    assertThatThrownBy(() -> TandemServer.start(tandem, "127.0.0.1", 0, TinyHome.config(1000)
        .withAccessLog(folder.toString())))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("server.access_log (" + folder + ") cannot be opened for appending");
  }

  @Test
  void well_formed_ids_are_bounded_safe_characters() {
    assertThat(RequestIds.wellFormed("a")).isTrue();
    assertThat(RequestIds.wellFormed("x".repeat(RequestIds.MAX_LENGTH))).isTrue();
    assertThat(RequestIds.wellFormed("x".repeat(RequestIds.MAX_LENGTH + 1))).isFalse();
    assertThat(RequestIds.wellFormed("")).isFalse();
    assertThat(RequestIds.wellFormed(null)).isFalse();
    assertThat(RequestIds.wellFormed("a b")).isFalse();
    assertThat(RequestIds.wellFormed("a\"b")).isFalse();
    assertThat(RequestIds.wellFormed("a\nb")).isFalse();
    assertThat(RequestIds.wellFormed("é")).isFalse();
    assertThat(RequestIds.wellFormed("0f8fad5b-d9cb-469f-a165-70867728950e")).isTrue();
  }

  @Test
  void route_templates_match_raw_paths_by_segment_preferring_literals() {
    AccessLog.RouteTemplates t = new AccessLog.RouteTemplates(List.of("/items", "/items/{id}", "/items/{id}/similar",
        "/admin/train", "/admin/train/{id}", "/ask/sessions/{id}"));
    assertThat(t.match("/items")).isEqualTo("/items");
    assertThat(t.match("/items/42")).isEqualTo("/items/{id}");
    assertThat(t.match("/items/42/similar")).isEqualTo("/items/{id}/similar");
    assertThat(t.match("/admin/train")).isEqualTo("/admin/train");
    assertThat(t.match("/admin/train/7")).isEqualTo("/admin/train/{id}");
    assertThat(t.match("/items//similar")).isEqualTo(ServerMetrics.UNMATCHED);
    assertThat(t.match("/nothing")).isEqualTo(ServerMetrics.UNMATCHED);
    assertThat(t.match(null)).isEqualTo(ServerMetrics.UNMATCHED);
  }

  @Test
  void fifty_users_make_one_series_and_the_scrape_stays_small_with_true_help_lines() throws Exception {
    StringBuilder fifty = new StringBuilder("[");
    for (int i = 0; i < 50; i++) {
      fifty.append("{\"user\":\"user").append(i).append("\",\"item\":\"a\",\"type\":\"like\"},");
    }
    String invalid = "{\"user\":\"\",\"item\":\"a\",\"type\":\"like\"}]";
    assertThat(send("POST", "/feedback", TinyHome.WRITE_KEY, null, fifty + invalid).statusCode()).isEqualTo(200);
    for (int i = 0; i < 9; i++) {
      send("POST", "/feedback", TinyHome.WRITE_KEY, null, "[{\"user\":\"u1\",\"item\":\"b\",\"type\":\"like\"},"
          + invalid);
    }
    for (int i = 0; i < 50; i++) {
      assertThat(send("GET", "/recommend/user" + i, TinyHome.READ_KEY, null, null).statusCode()).isEqualTo(200);
    }
    for (int i = 0; i < 20; i++) {
      send("GET", "/items/" + (i % 2 == 0 ? "a" : "missing" + i), TinyHome.READ_KEY, null, null);
    }
    for (int i = 0; i < 15; i++) {
      send("GET", "/items?limit=2", TinyHome.READ_KEY, null, null);
    }
    for (int i = 0; i < 5; i++) {
      send("GET", "/health", null, null, null);
    }
    HttpResponse<String> scrape = send("GET", "/metrics", TinyHome.READ_KEY, null, null);
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
    String text = scrape.body();
    List<String> lines = text.lines().toList();
    System.out.println("ObservabilityTest: /metrics scrape after 100 requests: " + lines.size() + " lines, "
        + lines.stream().filter(l -> l.contains("_bucket{")).count() + " of them histogram buckets");
    assertThat(lines.size()).as("scrape lines:\n%s", text).isLessThan(300);

    List<String> recommendCounts = lines.stream()
        .filter(l -> l.startsWith("tandem_http_requests_seconds_count{") && l.contains("GET")
            && l.contains("recommend"))
        .toList();
    assertThat(recommendCounts).hasSize(1);
    assertThat(recommendCounts.get(0)).contains("uri=\"/recommend/{user}\"").contains("status=\"200\"");
    assertThat(value(lines, recommendCounts.get(0).substring(0, recommendCounts.get(0).lastIndexOf(' '))))
        .isEqualTo(50.0);
    assertThat(text).doesNotContain("user17").doesNotContain("missing3");
    long buckets = lines.stream()
        .filter(l -> l.startsWith("tandem_http_requests_seconds_bucket{") && l.contains("/recommend/{user}"))
        .count();
    assertThat(buckets).isEqualTo(ServerMetrics.BUCKET_COUNT + 1);

    Map<String, String> help = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^# HELP (\\S+) (.*)$").matcher(text);
    while (m.find()) {
      help.put(m.group(1), m.group(2));
    }
    assertThat(help.get("tandem_http_errors_total"))
        .isEqualTo("HTTP responses with an error status, by class: 4xx (refused) or 5xx (failed)");
    assertThat(help.get("tandem_feedback_events_total"))
        .isEqualTo("Feedback events received, by outcome: accepted (committed) or rejected (invalid)");
    assertThat(help.get("tandem_http_requests_seconds"))
        .isEqualTo("HTTP requests answered, by route template, method and status: duration in seconds");
    assertThat(value(lines, "tandem_http_errors_total{class=\"4xx\"}")).isGreaterThanOrEqualTo(10.0);
    assertThat(value(lines, "tandem_feedback_events_total{outcome=\"accepted\"}")).isEqualTo(59.0);
    assertThat(value(lines, "tandem_feedback_events_total{outcome=\"rejected\"}")).isEqualTo(10.0);
    for (String name : help.keySet()) {
      assertThat(lines).as("a series of %s", name).anyMatch(l -> l.startsWith(name));
    }
  }

  private static double value(List<String> lines, String series) {
    for (String l : lines) {
      if (l.startsWith(series + " ")) {
        return Double.parseDouble(l.substring(series.length() + 1));
      }
    }
    throw new AssertionError("no series " + series);
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}

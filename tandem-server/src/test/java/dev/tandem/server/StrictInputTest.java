package dev.tandem.server;

import static dev.tandem.testkit.TinyHome.READ_KEY;
import static dev.tandem.testkit.TinyHome.WRITE_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.testkit.TinyHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies are one strict JSON document within bounds: trailing content, duplicate keys, NaN,
 * deep nesting, over-long strings, lone surrogates and NUL are 400s that name the problem; batches,
 * histories and query texts have documented limits; an error quotes at most ~200 characters of a
 * value; and nothing a refused request carried is written.
 */
class StrictInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int MAX_BODY = 8 * 1024 * 1024;

  @TempDir static Path home;
  static Tandem tandem;
  static TandemServer server;

  @BeforeAll
  static void start() throws Exception {
    tandem = TinyHome.open(home);
    ServerConfig cfg = TinyHome.config(MAX_BODY)
        .withLimits(new ServerConfig.Limits(3, 4, 50, Duration.ofSeconds(2)));
    server = TandemServer.start(tandem, "127.0.0.1", 0, cfg);
  }

  @AfterAll
  static void stop() {
    server.close();
    tandem.close();
    // every answer this class got conforms to the OpenAPI document (ServerGoldenTest covers every route)
    assertThat(CONFORMANCE.problems()).isEmpty();
    assertThat(CONFORMANCE.validated()).isPositive();
  }

  /** The answers of this class, checked against the OpenAPI document. */
  static final OpenApiConformance.Recorder CONFORMANCE = new OpenApiConformance.Recorder();

  record Reply(int status, JsonNode body, String raw) {
    String error() {
      return body.get("error").asText();
    }
  }

  static Reply post(String path, String key, String body) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> res = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    CONFORMANCE.record(res.request().method(), res.request().uri(), res);
    return new Reply(res.statusCode(), JSON.readTree(res.body()), res.body());
  }

  @Test
  void one_document_only_trailing_content_is_refused_and_nothing_written() throws Exception {
    Reply items = post("/items", WRITE_KEY, "[{\"id\":\"x1\"}] trailing");
    assertThat(items.status()).isEqualTo(400);
    assertThat(items.error()).startsWith("body: not valid JSON (Unrecognized token 'trailing'");
    Reply second = post("/items", WRITE_KEY, "[{\"id\":\"x1\"}] {}");
    assertThat(second.status()).isEqualTo(400);
    assertThat(second.error()).startsWith("body: has content after the JSON array (at byte 14)");
    assertThat(tandem.store().items().get("x1")).isEmpty();
    Reply twoObjects = post("/recommend", READ_KEY, "{\"history\":[{\"item\":\"a\",\"type\":\"like\"}]}{}");
    assertThat(twoObjects.status()).isEqualTo(400);
    assertThat(twoObjects.error()).startsWith("body: not valid JSON (Trailing token");
    Reply train = post("/admin/train", TinyHome.ADMIN_KEY, "{}{}");
    assertThat(train.status()).isEqualTo(400);
    assertThat(post("/feedback", WRITE_KEY, "[][]").status()).isEqualTo(400);
  }

  @Test
  void duplicate_keys_nan_and_deep_nesting_are_refused() throws Exception {
    Reply dup = post("/items", WRITE_KEY, "[{\"id\":\"x2\",\"id\":\"x3\"}]");
    assertThat(dup.status()).isEqualTo(400);
    assertThat(dup.error()).startsWith("body: not valid JSON (Duplicate field 'id' at byte 16)");
    assertThat(tandem.store().items().get("x2")).isEmpty();
    assertThat(tandem.store().items().get("x3")).isEmpty();
    Reply nan = post("/feedback", WRITE_KEY, "[{\"user\":\"u9\",\"item\":\"a\",\"type\":\"like\",\"value\":NaN}]");
    assertThat(nan.status()).isEqualTo(400);
    assertThat(nan.error()).startsWith("body: not valid JSON (Non-standard token 'NaN'");
    String deep = "[" + "{\"a\":[".repeat(40) + "1" + "]}".repeat(40) + "]";
    Reply d = post("/items", WRITE_KEY, deep);
    assertThat(d.status()).isEqualTo(400);
    assertThat(d.error()).startsWith("body: JSON over a limit (Document nesting depth (17) exceeds the maximum allowed");
    assertThat(post("/ask", READ_KEY, "{\"query\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}").status())
        .isEqualTo(400);
  }

  @Test
  void batches_histories_and_queries_have_limits_that_name_themselves() throws Exception {
    Reply batch = post("/users", WRITE_KEY, "[{\"id\":\"b1\"},{\"id\":\"b2\"},{\"id\":\"b3\"},{\"id\":\"b4\"}]");
    assertThat(batch.status()).isEqualTo(400);
    assertThat(batch.error()).isEqualTo("body: has more than 3 elements; expected at most 3 per request"
        + " (server.max_batch): send the rest in further requests");
    assertThat(tandem.store().users().get("b1")).isEmpty(); // all or nothing
    assertThat(post("/users", WRITE_KEY, "[{\"id\":\"b1\"},{\"id\":\"b2\"},{\"id\":\"b3\"}]").status()).isEqualTo(200);

    String five = "{\"history\":[" + "{\"item\":\"a\",\"type\":\"like\"},".repeat(4) + "{\"item\":\"b\",\"type\":\"like\"}]}";
    Reply history = post("/recommend", READ_KEY, five);
    assertThat(history.status()).isEqualTo(400);
    assertThat(history.error()).isEqualTo("history: has 5 events; expected at most 4 (server.max_history): send the"
        + " most recent ones");

    Reply query = post("/ask", READ_KEY, "{\"query\":\"" + "mystery ".repeat(10) + "\"}");
    assertThat(query.status()).isEqualTo(400);
    assertThat(query.error()).isEqualTo("query: has 80 characters; expected at most 50 (server.max_query_chars)");
    Reply profile = post("/recommend", READ_KEY, "{\"profile\":\"" + "x".repeat(51) + "\"}");
    assertThat(profile.status()).isEqualTo(400);
    assertThat(profile.error()).startsWith("profile: has 51 characters");
  }

  @Test
  void lone_surrogates_and_nul_are_refused_so_ids_never_collapse() throws Exception {
    Reply high = post("/items", WRITE_KEY, "[{\"id\":\"sur\\ud800\"}]");
    assertThat(high.status()).isEqualTo(400);
    assertThat(high.error()).contains("lone surrogate U+D800 at index 3");
    Reply low = post("/items", WRITE_KEY, "[{\"id\":\"sur\\udfff\"}]");
    assertThat(low.status()).isEqualTo(400);
    Reply nul = post("/items", WRITE_KEY, "[{\"id\":\"ok\",\"title\":\"a\\u0000b\"}]");
    assertThat(nul.status()).isEqualTo(400);
    assertThat(nul.error()).contains("U+0000 at index 1");
    assertThat(tandem.store().items().get("ok")).isEmpty();
    Reply pair = post("/items", WRITE_KEY, "[{\"id\":\"smile\\ud83d\\ude00\"}]");
    assertThat(pair.status()).isEqualTo(200); // a proper pair is one code point
    assertThat(tandem.store().items().get("smile\uD83D\uDE00")).isPresent();
    assertThat(tandem.store().items().get("sur?")).isEmpty();
  }

  @Test
  void errors_quote_at_most_200_characters_of_a_value() throws Exception {
    String big = "z".repeat(900_000);
    Reply r = post("/feedback", WRITE_KEY, "[{\"user\":\"u9\",\"item\":\"a\",\"type\":\"like\",\"value\":\"" + big + "\"}]");
    assertThat(r.status()).isEqualTo(200);
    String error = r.body().get("rejected").get(0).get("error").asText();
    assertThat(error).startsWith("value: got \"zzzz").contains("…\" (900,000 characters)");
    assertThat(r.raw().length()).isLessThan(1_000);
    Reply huge = post("/items", WRITE_KEY, "[{\"id\":\"q\",\"title\":\"" + "z".repeat(5_000_000) + "\"}]");
    assertThat(huge.status()).isEqualTo(400);
    assertThat(huge.error()).isEqualTo("[0]: 5000021 bytes of JSON; expected at most 2097152 bytes per element");
    Reply longQuery = post("/ask", READ_KEY, "{\"query\":\"" + "z".repeat(1_500_000) + "\"}");
    assertThat(longQuery.error()).startsWith("body: JSON over a limit (String value length (")
        .contains(") exceeds the maximum allowed (1000000)); expected nesting <= 16, strings <= 1000000 characters");
    assertThat(huge.raw().length()).isLessThan(1_000);
    Reply attr = post("/items", WRITE_KEY, "[{\"id\":\"q\",\"attributes\":{\"k\":[\"" + big + "\"]}}]");
    assertThat(attr.status()).isEqualTo(400);
    assertThat(attr.raw().length()).isLessThan(1_000);
  }
}

package dev.tandem.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's wire behaviour against a scripted loopback HTTP server (JDK {@code HttpServer}):
 * what it sends (method, path, headers, JSON) and how it maps answers and failures. Round trips
 * against the real Tandem server are in tandem-server's tests, which use this client.
 */
class TandemClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Seen(String method, String uri, String authorization, String contentType, String body) {}

  private HttpServer server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String answer = "{}";

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      byte[] in = ex.getRequestBody().readAllBytes();
      seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath()
          + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()),
          ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Content-Type"),
          new String(in, StandardCharsets.UTF_8)));
      byte[] out = answer.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        ex.getResponseBody().write(out);
      }
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private TandemClient client(String key) {
    return TandemClient.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"))
        .apiKey(key).timeout(Duration.ofSeconds(5)).build();
  }

  @Test
  void feedback_is_posted_as_a_json_array_with_the_bearer_key_and_the_result_is_typed() throws Exception {
    answer = "{\"accepted\":1,\"rejected\":[{\"index\":1,\"error\":\"type: got 'hug'\"}],\"later\":true}";
    FeedbackResult r = client("k3y-0123").sendFeedback(List.of(FeedbackEvent.of("u 1", "b/1", "like", 17),
        FeedbackEvent.rating("u2", "b2", 4.5, 18)));
    assertThat(r.accepted()).isEqualTo(1);
    assertThat(r.rejected()).containsExactly(new FeedbackResult.Rejection(1, "type: got 'hug'"));
    Seen s = seen.get(0);
    assertThat(s.method()).isEqualTo("POST");
    assertThat(s.uri()).isEqualTo("/feedback");
    assertThat(s.authorization()).isEqualTo("Bearer k3y-0123");
    assertThat(s.contentType()).isEqualTo("application/json");
    assertThat(JSON.readTree(s.body())).isEqualTo(JSON.readTree(
        "[{\"user\":\"u 1\",\"item\":\"b/1\",\"type\":\"like\",\"value\":1.0,\"ts\":17},"
            + "{\"user\":\"u2\",\"item\":\"b2\",\"type\":\"rating\",\"value\":4.5,\"ts\":18}]"));
  }

  @Test
  void no_key_sends_no_authorization_header() {
    answer = "{\"status\":\"ok\",\"items\":3,\"users\":2,\"feedback\":9,\"snapshot\":null}";
    Health h = client(null).health();
    assertThat(seen.get(0).authorization()).isNull();
    assertThat(h.status()).isEqualTo("ok");
    assertThat(h.items()).isEqualTo(3);
    assertThat(h.feedback()).isEqualTo(9);
    assertThat(h.snapshotVersion()).isZero();
    assertThat(h.models()).isEmpty();
  }

  @Test
  void ids_and_query_values_are_percent_encoded() {
    answer = "{\"model\":\"ease\",\"historySize\":2,\"fallback\":false,\"snapshotVersion\":7,"
        + "\"items\":[{\"item\":\"x\",\"title\":\"X\",\"score\":0.5}]}";
    Recommendations r = client("").recommend("a b/ü?", RecommendQuery.top(3).withCategory("sci fi&more")
        .withModel("ease").withExplain(true));
    assertThat(seen.get(0).uri())
        .isEqualTo("/recommend/a%20b%2F%C3%BC%3F?n=3&category=sci%20fi%26more&model=ease&explain=true");
    assertThat(r.snapshotVersion()).isEqualTo(7);
    assertThat(r.itemIds()).containsExactly("x");
    assertThat(r.items().get(0).evidence()).isEmpty();
    client("").similar("s1", 4);
    assertThat(seen.get(1).uri()).isEqualTo("/items/s1/similar?n=4");
    answer = "{\"offset\":20,\"limit\":10,\"total\":21,\"items\":[{\"id\":\"b21\",\"title\":\"T\","
        + "\"attributes\":{\"pages\":320.0},\"available\":true}]}";
    ItemPage page = client("").listItems(20, 10, "");
    assertThat(page.total()).isEqualTo(21);
    assertThat(page.items()).containsExactly(Item.of("b21", "T").withAttribute("pages", 320.0));
    assertThat(seen.get(2).uri()).isEqualTo("/items?offset=20&limit=10");
  }

  @Test
  void an_error_answer_becomes_an_api_exception_with_status_field_and_message() {
    status = 400;
    answer = "{\"status\":400,\"error\":\"n: got '0'; expected an integer in 1..1000\",\"field\":\"n\"}";
    assertThatThrownBy(() -> client("").recommend("u", 1))
        .isInstanceOfSatisfying(TandemApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.field()).isEqualTo("n");
          assertThat(e.getMessage()).isEqualTo("n: got '0'; expected an integer in 1..1000");
        });
    status = 502;
    answer = "<html>bad gateway</html>";
    assertThatThrownBy(() -> client("").health())
        .isInstanceOfSatisfying(TandemApiException.class, e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.field()).isEmpty();
          assertThat(e.getMessage()).contains("HTTP 502 from GET http://127.0.0.1:").contains("bad gateway");
        });
  }

  @Test
  void a_404_is_empty_for_gets_and_false_for_deletes_but_an_exception_elsewhere() {
    status = 404;
    answer = "{\"status\":404,\"error\":\"item 'q' not found\"}";
    assertThat(client("").getItem("q")).isEmpty();
    assertThat(client("").getUser("q")).isEmpty();
    assertThat(client("").deleteItem("q")).isFalse();
    assertThat(client("").deleteUser("q")).isFalse();
    assertThat(seen).extracting(Seen::method).containsExactly("GET", "GET", "DELETE", "DELETE");
    assertThatThrownBy(() -> client("").similar("q", 2)).isInstanceOf(TandemApiException.class)
        .hasMessage("item 'q' not found");
  }

  @Test
  void items_and_anonymous_requests_are_written_with_the_server_field_names() throws Exception {
    answer = "{\"upserted\":1,\"created\":1}";
    Upserted u = client("").upsertItems(List.of(Item.of("b1", "Dune").withDescription("Sand")
        .withCategories("scifi").withTags("desert").withAttribute("pages", 412).withAttribute("lang", "en")
        .withCreatedAt(5).withAvailable(false)));
    assertThat(u).isEqualTo(new Upserted(1, 1));
    assertThat(JSON.readTree(seen.get(0).body())).isEqualTo(JSON.readTree(
        "[{\"id\":\"b1\",\"title\":\"Dune\",\"description\":\"Sand\",\"categories\":[\"scifi\"],"
            + "\"tags\":[\"desert\"],\"attributes\":{\"pages\":412,\"lang\":\"en\"},\"createdAt\":5,"
            + "\"available\":false}]"));
    answer = "{\"model\":\"rrf\",\"historySize\":1,\"fallback\":false,\"reranked\":false,"
        + "\"rerankProblem\":\"chat model failed (TIMEOUT)\",\"snapshotVersion\":2,\"items\":"
        + "[{\"item\":\"s3\",\"title\":\"S\",\"score\":0.03,\"evidence\":[{\"channel\":\"ease\",\"rank\":1,"
        + "\"score\":0.9,\"contribution\":0.016}]}]}";
    Recommendations r = client("").recommend(AnonymousRequest.ofHistory(List.of(HistoryEvent.of("s1", "like", 3)))
        .withProfile("space").withN(2).withModel("rrf").withExplain(true));
    JsonNode sent = JSON.readTree(seen.get(1).body());
    assertThat(sent).isEqualTo(JSON.readTree("{\"history\":[{\"item\":\"s1\",\"type\":\"like\",\"value\":1.0,"
        + "\"ts\":3}],\"profile\":\"space\",\"n\":2,\"model\":\"rrf\",\"category\":\"\",\"explain\":true}"));
    assertThat(r.items().get(0).evidence())
        .containsExactly(new Recommendations.Evidence("ease", 1, 0.9, 0.016));
    assertThat(r.reranked()).isFalse();
    assertThat(r.rerankProblem()).isEqualTo("chat model failed (TIMEOUT)");
  }

  @Test
  void one_client_serves_many_threads() throws Exception {
    answer = "{\"accepted\":1,\"rejected\":[]}";
    TandemClient shared = client("k");
    int threads = 6;
    int calls = 40;
    List<Thread> all = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread th = new Thread(() -> {
        for (int i = 0; i < calls; i++) {
          accepted.addAndGet(shared.sendFeedback(List.of(FeedbackEvent.of("u" + thread, "i" + i, "like", i)))
              .accepted());
        }
      });
      all.add(th);
      th.start();
    }
    for (Thread th : all) {
      th.join();
    }
    assertThat(accepted.get()).isEqualTo(threads * calls);
    assertThat(seen).hasSize(threads * calls);
    // every event arrived once, in its own request, with the key
    assertThat(seen.stream().map(Seen::body).distinct().count()).isEqualTo(threads * calls);
    assertThat(seen).extracting(Seen::authorization).containsOnly("Bearer k");
  }

  @Test
  void an_unreachable_server_is_an_unchecked_io_exception_naming_the_uri() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    TandemClient c = TandemClient.builder(URI.create("http://127.0.0.1:" + port)).build();
    assertThatThrownBy(c::health).isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("GET http://127.0.0.1:" + port + "/health failed: ");
  }

  @Test
  void invalid_arguments_are_refused_before_sending() {
    assertThatThrownBy(() -> TandemClient.builder(URI.create("ftp://x"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("base (ftp://x) must be an absolute http:// or https:// URI");
    assertThatThrownBy(() -> client("has space")).hasMessageContaining("apiKey must not contain whitespace");
    assertThatThrownBy(() -> client("").builder(URI.create("http://h")).timeout(Duration.ZERO))
        .hasMessage("timeout (PT0S) must be a positive duration");
    assertThatThrownBy(() -> FeedbackEvent.of("u", " ", "like", 1)).hasMessage("item (' ') must be a non-blank string");
    assertThatThrownBy(() -> RecommendQuery.top(0)).hasMessage("n (0) must be >= 1");
    assertThatThrownBy(() -> Item.of("i", "t").withAttribute("w", Double.NaN))
        .hasMessage("attributes.w (NaN) must be a string or a finite number");
    assertThatThrownBy(() -> client("").getItem("")).hasMessage("id ('') must be a non-blank string");
    assertThat(seen).isEmpty();
  }
}

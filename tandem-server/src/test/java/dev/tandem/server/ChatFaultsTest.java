package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.engine.Tandem;
import dev.tandem.testkit.AskBooks;
import dev.tandem.testkit.TinyHome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Requirement 7 of issue 12: the chat model down, slow or answering garbage. A real server with
 * {@code [chat]} pointing at a scripted loopback OpenAI-compatible endpoint and {@code intent},
 * {@code rerank} and {@code explain} on, and a server deadline of {@value #DEADLINE_MS} ms.
 *
 * <p>First a baseline proves the chat path is really taken when the endpoint behaves (the intent is
 * the chat model's, the lists are reranked, the sentences are the chat model's). Then, for each
 * fault — connection refused (endpoint stopped), slow (answers long after the deadline), headers
 * and half a body then silence (before JsonPost bounded the body too, this held each request until
 * the endpoint closed the connection: 503 after 2.5 s here, never with an endpoint that stays
 * silent), 200 with
 * a body that is not JSON, 200 with JSON that is not a chat completion, a completion whose content
 * has the wrong shape, a well-formed answer with invented ids, labels and titles, HTTP 500, HTTP
 * 429 with {@code Retry-After} — it proves that {@code POST /ask}, {@code GET
 * /recommend/{user}?explain=true} and {@code POST /recommend} with {@code explain} answer <b>200
 * while the endpoint's slow answers are still held back</b> (a latch released after each case, so
 * no answer depends on how fast the machine is; a request that outlived its deadline would be a
 * 503) from the in-process path, with only catalogue items, and <b>say so</b>: {@code intentSource: "fallback"} with {@code intentProblems}
 * (or the chat intent validated down, for invented labels), {@code reranked: false} with a
 * {@code rerankProblem} or {@code cutShort: ["chat rerank"]}, and {@code explanationSource:
 * "template"} on every item.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatFaultsTest {
  /** The server's deadline: long enough that a loaded machine answers the baseline in time, as the faults are held, not timed. */
  static final long DEADLINE_MS = 3000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> CATALOGUE = Set.of("m1", "m2", "m3", "m4", "s1", "s2", "s3");
  private static final String INTENT = "{\"goal\":\"recommend\",\"include\":[\"mystery\"],\"exclude\":[],\"ranges\":"
      + "[],\"count\":3,\"references\":[],\"query\":\"cosy mystery\",\"language\":\"en\"}";
  private static final String INVENTED_INTENT = "{\"goal\":\"recommend\",\"include\":[\"unicorns\",\"mystery\"],"
      + "\"exclude\":[],\"ranges\":[{\"attribute\":\"weight\",\"min\":1,\"max\":2}],\"count\":3,\"references\":"
      + "[{\"mention\":\"that one\",\"title\":\"The Invisible Atlas\"}],\"query\":\"unicorn mystery\","
      + "\"language\":\"en\"}";

  /** How the scripted endpoint misbehaves. */
  enum Fault { REFUSED, SLOW, STALLED_BODY, NOT_JSON, NOT_A_COMPLETION, WRONG_CONTENT, INVENTED, HTTP_500, HTTP_429 }

  @TempDir static Path home;
  static Tandem tandem;
  static TandemServer server;
  static HttpServer chat;
  static ExecutorService chatThreads;
  static int chatPort;
  static volatile Fault fault;
  static final AtomicInteger chatCalls = new AtomicInteger();
  /**
   * The running case's hold: a latch that keeps the slow and stalled answers back until the case
   * ends, and the count of its held answers that were let go (0 while the case runs, so no answer
   * waited for one). A new hold per case: answers of an earlier case that end late count there.
   */
  record Hold(CountDownLatch latch, AtomicInteger ended) {
    Hold() {
      this(new CountDownLatch(1), new AtomicInteger());
    }
  }

  static volatile Hold currentHold = new Hold();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static URI base;

  @BeforeAll
  static void start() throws Exception {
    chatThreads = Executors.newFixedThreadPool(8);
    chat = scripted(0);
    chatPort = chat.getAddress().getPort();
    Files.writeString(home.resolve("tandem.toml"), "[chat]\nurl = \"http://127.0.0.1:" + chatPort + "\"\n"
        + "model = \"scripted\"\ntimeout = \"5s\"\nintent = true\nexplain = true\nrerank = true\nrerank_top_k = 5\n"
        + "rerank_budget = \"2s\"\n\n[server]\ndeadline = \"" + DEADLINE_MS + "ms\"\nrate_limit = 0\n"
        + "api_keys = [\"reader:" + TinyHome.READ_KEY + ":read\"]\n");
    tandem = Tandem.open(home);
    AskBooks.fillSeven(tandem);
    tandem.warm();
    server = TandemServer.start(tandem, "127.0.0.1", 0);
    base = URI.create("http://127.0.0.1:" + server.port());
  }

  @AfterAll
  static void stop() {
    currentHold.latch().countDown();
    if (server != null) {
      server.close();
    }
    if (tandem != null) {
      tandem.close();
    }
    chat.stop(0);
    chatThreads.shutdownNow();
    // every answer this class got conforms to the OpenAPI document (ServerGoldenTest covers every route)
    assertThat(CONFORMANCE.problems()).isEmpty();
    assertThat(CONFORMANCE.validated()).isPositive();
  }

  /** The answers of this class, checked against the OpenAPI document. */
  static final OpenApiConformance.Recorder CONFORMANCE = new OpenApiConformance.Recorder();

  /** The scripted endpoint on {@code port} (0: any): answers as {@link #fault} says (null: correctly). */
  static HttpServer scripted(int port) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    s.setExecutor(chatThreads);
    s.createContext("/v1/chat/completions", ChatFaultsTest::answer);
    s.start();
    return s;
  }

  private static void answer(HttpExchange ex) throws IOException {
    chatCalls.incrementAndGet();
    JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
    String system = body.at("/messages/0/content").asText();
    boolean explain = system.startsWith("You explain");
    boolean rerank = !explain && system.contains("reorder");
    Fault f = fault;
    if (f == null) {
      completion(ex, explain ? "Picked from what you read." : rerank ? reversed(body) : INTENT);
      return;
    }
    switch (f) {
      case SLOW -> {
        hold(); // until the case ends: far beyond the server's deadline
        completion(ex, explain ? "Picked from what you read." : rerank ? reversed(body) : INTENT);
      }
      case STALLED_BODY -> { // headers and the start of a body, then nothing until long after the deadline
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 500);
        ex.getResponseBody().write("{\"choices\":[{\"message\":".getBytes(StandardCharsets.UTF_8));
        ex.getResponseBody().flush();
        hold();
        ex.close();
      }
      case NOT_JSON -> send(ex, 200, "text/html", "<html><body>502 Bad Gateway (upstream)</body></html>");
      case NOT_A_COMPLETION -> send(ex, 200, "application/json", "{\"status\":\"ok\",\"result\":[1,2,3]}");
      case WRONG_CONTENT -> completion(ex, explain ? "{\"sentence\": 42}" : "{\"foo\": [\"bar\"]}");
      case INVENTED -> completion(ex, explain ? "Because you loved \u201cThe Invisible Atlas\u201d by Nobody."
          : rerank ? "{\"ranking\":[\"zz1\",\"zz2\",\"m1\"]}" : INVENTED_INTENT);
      case HTTP_500 -> send(ex, 500, "application/json", "{\"error\":{\"message\":\"internal error\"}}");
      case HTTP_429 -> {
        ex.getResponseHeaders().add("Retry-After", "1");
        send(ex, 429, "application/json", "{\"error\":{\"message\":\"rate limited\"}}");
      }
      default -> send(ex, 500, "text/plain", "unexpected");
    }
  }

  private static String reversed(JsonNode request) throws IOException {
    JsonNode data = JSON.readTree(request.at("/messages/1/content").asText());
    List<String> ids = new ArrayList<>();
    data.get("candidates").forEach(c -> ids.add(c.get("id").asText()));
    java.util.Collections.reverse(ids);
    ObjectNode r = JSON.createObjectNode();
    ids.forEach(r.putArray("ranking")::add);
    return r.toString();
  }

  private static void completion(HttpExchange ex, String content) throws IOException {
    ObjectNode reply = JSON.createObjectNode();
    reply.putArray("choices").addObject().putObject("message").put("role", "assistant").put("content", content);
    send(ex, 200, "application/json", reply.toString());
  }

  private static void send(HttpExchange ex, int status, String type, String text) throws IOException {
    byte[] out = text.getBytes(StandardCharsets.UTF_8);
    try {
      ex.getResponseHeaders().add("Content-Type", type);
      ex.sendResponseHeaders(status, out.length);
      ex.getResponseBody().write(out);
    } catch (IOException e) {
      // the client gave up (a slow answer): nothing to send to
    }
    ex.close();
  }

  /** Waits until the running case ends (bounded, so a broken test cannot hang the build). */
  private static void hold() {
    Hold h = currentHold;
    try {
      h.latch().await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    h.ended().incrementAndGet();
  }

  /** One answer and how long it took (printed, not judged). */
  record Timed(int status, JsonNode body, long millis) {}

  static Timed call(String method, String path, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + TinyHome.READ_KEY);
    b = json == null ? b.GET() : b.header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json));
    long t0 = System.nanoTime();
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    CONFORMANCE.record(r.request().method(), r.request().uri(), r);
    return new Timed(r.statusCode(), JSON.readTree(r.body()), ms);
  }

  static Timed ask() throws Exception {
    return call("POST", "/ask", "{\"user\":\"fan\",\"query\":\"a cosy mystery\",\"n\":3}");
  }

  static Timed recommendUser() throws Exception {
    return call("GET", "/recommend/fan?n=3&explain=true", null);
  }

  static Timed recommendAnonymous() throws Exception {
    return call("POST", "/recommend", "{\"history\":[{\"item\":\"m1\",\"type\":\"purchase\"}],\"n\":3,\"explain\":true}");
  }

  private static List<String> ids(JsonNode body) {
    List<String> out = new ArrayList<>();
    body.get("items").forEach(i -> out.add(i.get("item").asText()));
    return out;
  }

  private static List<String> sources(JsonNode body) {
    List<String> out = new ArrayList<>();
    body.get("items").forEach(i -> out.add(i.get("explanationSource").asText()));
    return out;
  }

  private static List<String> cut(JsonNode body) {
    List<String> out = new ArrayList<>();
    body.path("cutShort").forEach(c -> out.add(c.asText()));
    return out;
  }

  @Test
  @Order(1)
  void with_a_working_endpoint_the_chat_model_parses_reranks_and_explains() throws Exception {
    fault = null;
    for (int warm = 0; warm < 3; warm++) { // loads the chat client's classes and warms the JIT: not judged
      ask();
      recommendUser();
      recommendAnonymous();
    }
    for (int round = 0; round < 2; round++) {
      Timed a = ask();
      assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
      assertThat(a.body().get("intentSource").asText()).isEqualTo("chat");
      assertThat(a.body().get("intent").get("include").toString()).contains("mystery");
      assertThat(a.body().get("reranked").asBoolean()).as(a.body().toString()).isTrue();
      assertThat(sources(a.body())).isNotEmpty().containsOnly("chat");
      for (Timed r : List.of(recommendUser(), recommendAnonymous())) {
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        assertThat(r.body().get("reranked").asBoolean()).as(r.body().toString()).isTrue();
        assertThat(sources(r.body())).isNotEmpty().containsOnly("chat");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  @Order(2)
  void a_failing_chat_endpoint_gives_200_in_time_from_the_in_process_path_and_the_answer_says_so(Fault f)
      throws Exception {
    fault = f;
    if (f == Fault.REFUSED) {
      chat.stop(0); // nothing listens on the configured port: connection refused
    }
    int callsBefore = chatCalls.get();
    Hold mine = new Hold();
    currentHold = mine;
    try {
      Timed a = ask();
      Timed u = recommendUser();
      Timed p = recommendAnonymous();
      System.out.printf(Locale.ROOT, "ChatFaultsTest %-16s /ask %d in %4d ms (intentSource %s, %s; rerank %s; cut %s;"
          + " explanations %s) | GET /recommend %d in %4d ms (%s; cut %s; %s) | POST /recommend %d in %4d ms (%s;"
          + " cut %s; %s)%n", f, a.status(), a.millis(), a.body().path("intentSource").asText(),
          a.body().path("intentProblems"), a.body().path("rerankProblem").asText("-"), cut(a.body()),
          a.status() == 200 ? sources(a.body()) : "-", u.status(), u.millis(),
          u.body().path("rerankProblem").asText("-"), cut(u.body()), u.status() == 200 ? sources(u.body()) : "-",
          p.status(), p.millis(), p.body().path("rerankProblem").asText("-"), cut(p.body()),
          p.status() == 200 ? sources(p.body()) : "-");

      for (Timed t : List.of(a, u, p)) {
        assertThat(t.status()).as("status of %s", t.body()).isEqualTo(200);
        assertThat(ids(t.body())).isNotEmpty().allSatisfy(id -> assertThat(CATALOGUE).contains(id));
        assertThat(sources(t.body())).as("explanation sources").containsOnly("template");
        assertThat(t.body().get("reranked").asBoolean()).isFalse();
        boolean said = !t.body().path("rerankProblem").asText("").isEmpty() || cut(t.body()).contains("chat rerank");
        assertThat(said).as("the answer says why it was not reranked: %s", t.body()).isTrue();
      }
      JsonNode ask = a.body();
      if (f == Fault.INVENTED) {
        // a well-formed answer is validated down: the invented label, range and reference are dropped
        assertThat(ask.get("intentSource").asText()).isIn("chat", "fallback");
        assertThat(ask.get("intentProblems")).as(ask.toString()).isNotEmpty();
        assertThat(ask.get("intent").get("include").toString()).doesNotContain("unicorns");
        assertThat(ask.get("intent").get("references")).isEmpty();
        assertThat(ask.get("intent").get("ranges")).isEmpty();
      } else {
        assertThat(ask.get("intentSource").asText()).as(ask.toString()).isEqualTo("fallback");
        assertThat(ask.get("intentProblems")).as(ask.toString()).isNotEmpty();
      }
      if (f != Fault.REFUSED) {
        assertThat(chatCalls.get()).as("the endpoint was asked").isGreaterThan(callsBefore);
      }
      assertThat(mine.ended()).as("no answer waited for a held chat answer").hasValue(0);
    } finally {
      mine.latch().countDown();
      if (f == Fault.REFUSED) {
        chat = scripted(chatPort); // back on the configured port for the cases after this one
      }
    }
  }

  @Test
  @Order(3)
  void after_the_faults_the_chat_model_is_used_again() throws Exception {
    fault = null;
    Timed a = ask();
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body().get("intentSource").asText()).as(a.body().toString()).isEqualTo("chat");
    Timed u = recommendUser();
    assertThat(u.body().get("reranked").asBoolean()).as(u.body().toString()).isTrue();
    assertThat(sources(u.body())).containsOnly("chat");
  }
}

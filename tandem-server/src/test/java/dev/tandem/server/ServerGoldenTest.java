package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import dev.tandem.engine.ask.AskRequest;
import dev.tandem.engine.ask.Session;
import dev.tandem.testkit.AskBooks;
import dev.tandem.testkit.Golden;
import dev.tandem.testkit.TinyHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden JSON of every route of the server's endpoint table that returns data (issue 13, requirement
 * 8: the server's JSON for each route stays identical through the redesign). A real server on a
 * loopback port 0 serves the {@link AskBooks} home (mysteries m1..m4, science fiction s1..s3, users
 * fan and quiet), trained twice: pop, ease and bm25 (snapshot 1), then pop, itemknn, ease, bm25,
 * semantic (the in-process embedder) and rrf over ease, itemknn, semantic and bm25 (snapshot 2).
 * Reads run first, then writes, then a retrain through {@code /admin/train}
 * ({@link TestMethodOrder}), each case in a file of its own under
 * {@code src/test/resources/golden/server/}: the request line, the status, the content type, the
 * {@code Allow} header when sent, and the body (JSON, pretty, numbers to {@value Golden#DIGITS}
 * significant digits).
 *
 * <p><b>Normalised</b>: the fields of every JSON object are compared in ascending order of name
 * (the server writes some objects from {@code Map.of}, whose order changes from one JVM to the
 * next; no client may depend on field order), arrays in their order. The values of fields that
 * legitimately differ from run to run ({@link #VARYING}) are replaced by the placeholder {@code
 * "<field>"}: timestamps ({@code createdAt}, {@code createdAtMillis}, {@code queuedAt}, {@code
 * startedAt}, {@code finishedAt}, {@code at}, {@code lastTurn}, {@code expires}), durations ({@code
 * fitSeconds}, {@code fit_seconds.*}), snapshot file sizes ({@code bytes}) and conversation ids
 * ({@code session}; an id is also replaced wherever it appears, in paths and messages, by {@code
 * <session-N>}, numbered in order of appearance). Job ids and versions are the same in every run (a
 * fresh server, jobs in order) and are kept. Ports never appear in bodies. Of {@code /metrics} only
 * Tandem's metric families ({@code # TYPE tandem_} lines) are compared: the values count this run's
 * requests, the JVM's families depend on its collector. The server's deadline is 5 minutes so that
 * no answer depends on the machine's speed.
 *
 * <p>{@code -Dgolden.update=true} rewrites the files instead of comparing ({@link Golden}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerGoldenTest {
  /** Fields whose values vary between runs, replaced by placeholders (see the class comment). */
  static final Set<String> VARYING = Set.of("createdAt", "createdAtMillis", "queuedAt", "startedAt", "finishedAt",
      "at", "lastTurn", "expires", "fitSeconds", "fit_seconds.*", "session", "bytes");
  /** Conversation ids seen so far, replaced everywhere (paths, messages) by {@code <session-N>}. */
  static final Map<String, String> SESSIONS = new java.util.LinkedHashMap<>();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Every exchange of this test, for {@link #every_answer_conforms_to_the_openapi_document}. */
  static final List<Exchange> EXCHANGES = new java.util.ArrayList<>();

  /** One request's method and path (no query) and its answer. */
  record Exchange(String method, String path, String requestBody, int status, String contentType, String body) {}

  @TempDir static Path home;

  /** Reports every golden file this test found different (see {@link Golden#check}). */
  @AfterEach
  void verifyGoldenFiles() {
    Golden.verify();
  }
  static Tandem tandem;
  static TandemServer server;

  @BeforeAll
  static void start() throws Exception {
    tandem = Tandem.open(home);
    AskBooks.fillSeven(tandem); // snapshot 1: pop, ease, bm25
    // the encoders of the intent parser (English and Chinese) load before the first request, which gets a
    // deadline far beyond any wait of a busy machine: no answer may depend on the machine's speed
    tandem.warm();
    tandem.ask(new AskRequest("", Session.NEW, "一本悬疑小说", 1));
    tandem.ask(new AskRequest("", Session.NEW, "a mystery", 1));
    server = TandemServer.start(tandem, "127.0.0.1", 0, new ServerConfig(false, ServerConfig.DEFAULT_MAX_BODY_BYTES,
        0, 1, TinyHome.KEYS).withLimits(new ServerConfig.Limits(ServerConfig.Limits.DEFAULT_MAX_BATCH,
        ServerConfig.Limits.DEFAULT_MAX_HISTORY, ServerConfig.Limits.DEFAULT_MAX_QUERY_CHARS, Duration.ofMinutes(5))));
    server.trained(tandem.train(new TrainOptions(List.of("pop", "itemknn", "ease", "bm25", "semantic", "rrf"),
        TrainOptions.parseParams(Map.of("rrf", Map.of("channels", "ease,itemknn,semantic,bm25"))), (m, s) -> { })));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (tandem != null) {
      tandem.close();
    }
  }

  /** One exchange as a golden case: request line, status, content type, Allow, body. */
  static ObjectNode call(String method, String path, String key, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(60));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    // a client (and so a connection) per exchange: the server closes a connection after some errors, and a
    // pooled connection reused at that moment fails with "header parser received no bytes"
    HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    EXCHANGES.add(new Exchange(method, URI.create(path).getRawPath(), body, r.statusCode(),
        r.headers().firstValue("Content-Type").orElse(""), r.body()));
    ObjectNode o = Golden.object();
    o.put("request", method + " " + path);
    if (body != null) {
      o.put("requestBody", body);
    }
    o.put("status", r.statusCode());
    String type = r.headers().firstValue("Content-Type").orElse("");
    o.put("contentType", type);
    r.headers().firstValue("Allow").ifPresent(a -> o.put("allow", a));
    if (r.body().isEmpty()) {
      o.putNull("body");
    } else if (type.startsWith("application/json") || type.startsWith("application/problem+json")) {
      o.set("body", JSON.readTree(r.body()));
    } else {
      o.put("body", r.body());
    }
    return o;
  }

  static ObjectNode get(String path) throws Exception {
    return call("GET", path, TinyHome.ADMIN_KEY, null);
  }

  /** Several exchanges as one golden case {@code name}, normalised. */
  static void check(String name, ObjectNode... exchanges) {
    ArrayNode all = Golden.array();
    for (ObjectNode e : exchanges) {
      all.add(e);
    }
    String text = Golden.pretty(Golden.sortedFields(Golden.rounded(Golden.normalised(all, VARYING))));
    for (Map.Entry<String, String> s : SESSIONS.entrySet()) {
      text = text.replace(s.getKey(), s.getValue());
    }
    Golden.check("server/" + name + ".json", text);
  }

  /** The conversation id of an {@code /ask} answer, remembered for {@link #check} to replace. */
  static String session(ObjectNode exchange) {
    String id = exchange.get("body").get("session").asText();
    SESSIONS.putIfAbsent(id, "<session-" + (SESSIONS.size() + 1) + ">");
    return id;
  }

  @Test
  @Order(1)
  void health_openapi_and_metric_families() throws Exception {
    check("health", get("/health"), call("GET", "/health", null, null), call("HEAD", "/health", null, null));
    ObjectNode openApi = call("GET", "/openapi.json", null, null);
    // the document as served, for .ci/run's lint (Redocly's recommended rules)
    java.nio.file.Files.writeString(Path.of("target", "openapi.json"), Golden.pretty(openApi.get("body")));
    check("openapi", openApi);
    ObjectNode metrics = get("/metrics");
    TreeSet<String> families = new TreeSet<>(); // Tandem's own: the JVM's depend on the collector in use
    for (String line : metrics.get("body").asText().split("\n")) {
      if (line.startsWith("# TYPE tandem_")) {
        families.add(line);
      }
    }
    ArrayNode lines = Golden.array();
    families.forEach(lines::add);
    metrics.set("body", lines);
    check("metrics-families", metrics);
  }

  @Test
  @Order(2)
  void items_and_users() throws Exception {
    check("items-list", get("/items"), get("/items?offset=2&limit=3"), get("/items?category=mystery"),
        get("/items?category=nothing"), get("/items?limit=0"), get("/items?offset=-1"));
    check("items-one", get("/items/m1"), get("/items/s3"), get("/items/nope"));
    check("users-one", get("/users/fan"), get("/users/quiet"), get("/users/u0"), get("/users/nobody"));
  }

  @Test
  @Order(3)
  void similar_items_by_every_model() throws Exception {
    check("similar", get("/items/m1/similar"), get("/items/m1/similar?n=3&model=itemknn"),
        get("/items/s1/similar?n=3&model=ease"), get("/items/m2/similar?n=3&model=semantic"),
        get("/items/m2/similar?n=3&model=bm25"), get("/items/m2/similar?n=3&model=rrf"),
        get("/items/m2/similar?n=3&model=pop"), get("/items/m1/similar?category=scifi"),
        get("/items/nope/similar"), get("/items/m1/similar?n=0"), get("/items/m1/similar?model=nope"));
  }

  @Test
  @Order(3)
  void predict_without_a_rating_model_and_for_unknown_users_and_items() throws Exception {
    // this home has no rating events, so no rating model: the refusals (the values: PredictRoutesTest)
    check("predict", get("/predict/fan/m2"), get("/predict/fan/m2?model=ease"), get("/predict/nobody/m1"),
        get("/predict/fan/nope"));
  }

  @Test
  @Order(4)
  void recommend_for_stored_users_by_every_model() throws Exception {
    for (String model : List.of("pop", "itemknn", "ease", "bm25", "semantic", "rrf")) {
      check("recommend-user-" + model, get("/recommend/fan?n=4&model=" + model),
          get("/recommend/u1?n=4&model=" + model),
          get("/recommend/u2?n=4&model=" + model), get("/recommend/quiet?n=4&model=" + model));
    }
    check("recommend-user-configured", get("/recommend/fan"), get("/recommend/u0"), get("/recommend/nobody?n=3"),
        get("/recommend/u1?category=scifi"), get("/recommend/u1?category=Mystery&n=2"));
    check("recommend-user-explained", get("/recommend/fan?n=3&explain=true"),
        get("/recommend/fan?n=3&explain=true&lang=zh"), get("/recommend/u1?n=3&model=rrf&explain=true"),
        get("/recommend/nobody?n=2&explain=true"), get("/recommend/u0?n=2&model=itemknn&explain=true&lang=zh"));
  }

  @Test
  @Order(5)
  void recommend_for_anonymous_histories_and_profiles() throws Exception {
    String admin = TinyHome.ADMIN_KEY;
    check("recommend-anonymous",
        call("POST", "/recommend", admin, "{\"history\":[{\"item\":\"m1\",\"type\":\"like\",\"ts\":1}],\"n\":3}"),
        call("POST", "/recommend", admin, "{\"history\":[{\"item\":\"s1\",\"type\":\"purchase\",\"ts\":1},"
            + "{\"item\":\"s2\",\"value\":4,\"ts\":2}],\"n\":3,\"model\":\"itemknn\",\"explain\":true}"),
        call("POST", "/recommend", admin, "{\"profile\":\"a cosy mystery in a village\",\"n\":3}"),
        call("POST", "/recommend", admin, "{\"profile\":\"space travel to distant stars\",\"n\":3,\"model\":\"rrf\","
            + "\"explain\":true,\"lang\":\"zh\"}"),
        call("POST", "/recommend", admin, "{\"history\":[{\"item\":\"m2\",\"type\":\"like\",\"ts\":1}],"
            + "\"profile\":\"dark crime\",\"n\":3,\"model\":\"bm25\",\"category\":\"mystery\"}"),
        call("POST", "/recommend", admin, "{\"history\":[{\"item\":\"unknown\",\"type\":\"like\",\"ts\":1}],\"n\":2}"));
  }

  @Test
  @Order(6)
  void ask_in_english_and_chinese_with_a_conversation() throws Exception {
    String read = TinyHome.READ_KEY;
    ObjectNode first = call("POST", "/ask", read, "{\"user\":\"fan\",\"query\":\"2 mysteries, nothing cosy\"}");
    String session = session(first);
    ObjectNode second = call("POST", "/ask", read, "{\"user\":\"fan\",\"session\":\"" + session
        + "\",\"query\":\"shorter than 300 pages\"}");
    ObjectNode state = call("GET", "/ask/sessions/" + session + "?user=fan", read, null);
    ObjectNode end = call("DELETE", "/ask/sessions/" + session + "?user=fan", TinyHome.WRITE_KEY, null);
    ObjectNode gone = call("GET", "/ask/sessions/" + session + "?user=fan", read, null);
    check("ask-conversation-en", first, second, state, end, gone);
    check("ask-en", call("POST", "/ask", read, "{\"query\":\"something like Space 1\",\"n\":3}"),
        call("POST", "/ask", read, "{\"user\":\"quiet\",\"query\":\"a cosy mystery under 260 pages\"}"),
        call("POST", "/ask", read, "{\"query\":\"science fiction\",\"n\":2}"));
    check("ask-zh", call("POST", "/ask", read, "{\"query\":\"推荐两本悬疑小说，不要温馨的\"}"),
        call("POST", "/ask", read, "{\"user\":\"fan\",\"query\":\"我想看科幻小说\",\"n\":2}"));
    check("ask-errors", call("POST", "/ask", read, "{\"query\":\"  \"}"),
        call("POST", "/ask", read, "{\"query\":\"x\",\"n\":0}"),
        call("POST", "/ask", read, "{\"query\":\"x\",\"session\":\"no-such-session\"}"),
        call("POST", "/ask", read, "{\"query\":\"x\",\"colour\":\"red\"}"));
  }

  @Test
  @Order(7)
  void typical_bad_requests_get_their_errors() throws Exception {
    String admin = TinyHome.ADMIN_KEY;
    check("errors-400", get("/recommend/fan?n=0"), get("/recommend/fan?n=abc"), get("/recommend/fan?n=100000"),
        get("/recommend/fan?model=nope"), get("/recommend/fan?lang=fr"), get("/recommend/fan?explain=maybe"),
        get("/recommend/fan?category=poetry"),
        call("POST", "/recommend", admin, "{\"history\":[{\"item\":\"m1\"}"),
        call("POST", "/recommend", admin, "{\"history\":[],\"n\":3}"),
        call("POST", "/recommend", admin, "{\"history\":\"m1\"}"),
        call("POST", "/recommend", admin, "{\"history\":[{\"item\":\"m1\",\"type\":\"like\",\"ts\":1}],\"colour\":1}"),
        call("POST", "/recommend", admin, "{\"history\":[{\"item\":\"m1\",\"type\":\"like\",\"ts\":-5}]}"),
        call("POST", "/feedback", admin, "{\"user\":\"u1\"}"),
        call("POST", "/items", admin, "[{\"id\":\"\"}]"));
    check("errors-404", get("/nope"), get("/items/nope"), get("/users/nobody"), get("/admin/train/999"),
        get("/recommend/"));
    check("errors-401-403", call("GET", "/recommend/fan", null, null),
        call("GET", "/recommend/fan", "wrong-key-0123456789", null),
        call("POST", "/items", TinyHome.READ_KEY, "[]"), call("POST", "/admin/train", TinyHome.WRITE_KEY, "{}"),
        call("GET", "/admin/snapshots", TinyHome.READ_KEY, null));
    check("errors-405-options", call("PUT", "/recommend/fan", admin, "{}"), call("DELETE", "/health", admin, null),
        call("PATCH", "/items/m1", admin, "{}"), call("OPTIONS", "/recommend/fan", admin, null),
        call("OPTIONS", "/items", admin, null), call("OPTIONS", "/items/m1", admin, null));
  }

  /**
   * Writes, then reads that show them. Feedback on an item the catalogue lacks is left out: the
   * store then creates the item, and whether the next training sees it varied from run to run.
   */
  @Test
  @Order(8)
  void writes_answer_the_same_and_show_in_the_next_reads() throws Exception {
    String write = TinyHome.WRITE_KEY;
    check("writes-users", call("POST", "/users", write, "[{\"id\":\"newbie\",\"attributes\":{\"city\":\"Oslo\"}},"
        + "{\"id\":\"fan\",\"profile\":\"likes quiet village mysteries\"}]"), get("/users/newbie"), get("/users/fan"));
    check("writes-items", call("POST", "/items", write, "[{\"id\":\"m9\",\"title\":\"Cosy harbour mystery\","
        + "\"categories\":[\"mystery\"],\"tags\":[\"cosy\"],\"attributes\":{\"pages\":210}}]"), get("/items/m9"),
        get("/items?category=cosy"), get("/items/m9/similar?n=3&model=semantic"));
    check("writes-feedback", call("POST", "/feedback", write, "[{\"user\":\"newbie\",\"item\":\"m1\",\"type\":"
        + "\"like\",\"ts\":10},{\"user\":\"newbie\",\"item\":\"s3\",\"type\":\"view\",\"ts\":11},{\"user\":\"newbie\","
        + "\"item\":\"m2\",\"type\":\"teleport\",\"ts\":12}]"), get("/users/newbie"), get("/recommend/newbie?n=3"),
        get("/recommend/newbie?n=3&model=itemknn&explain=true"));
    check("writes-deletes", call("DELETE", "/items/m9", write, null), get("/items/m9"),
        call("DELETE", "/users/newbie", write, null), get("/users/newbie"), call("DELETE", "/items/m9", write, null),
        get("/items"), get("/health"));
  }

  @Test
  @Order(9)
  void a_retrain_through_admin_train_and_the_snapshot_list() throws Exception {
    ObjectNode before = get("/admin/snapshots");
    ObjectNode queued = call("POST", "/admin/train", TinyHome.ADMIN_KEY, "{\"models\":[\"pop\",\"ease\"],"
        + "\"params\":{\"ease\":{\"lambda\":100}}}");
    assertThat(queued.get("status").asInt()).as(queued.toString()).isEqualTo(202);
    long id = queued.get("body").get("id").asLong();
    CountDownLatch done = new CountDownLatch(1); // the training thread runs jobs in order: this runs after it
    server.retrainer().onWorker(done::countDown);
    assertThat(done.await(120, TimeUnit.SECONDS)).as("training job finished").isTrue();
    check("admin-train", queued, get("/admin/train/" + id), get("/admin/train"),
        call("POST", "/admin/train", TinyHome.ADMIN_KEY, "{\"models\":[\"nope\"]}"),
        call("POST", "/admin/train", TinyHome.ADMIN_KEY, "{\"models\":\"pop\"}"));
    check("admin-snapshots", before, get("/admin/snapshots"));
    check("after-retrain", get("/health"), get("/recommend/fan?n=3"), get("/recommend/u1?n=3&model=itemknn"));
  }

  /**
   * Every answer of this test (every route, errors included) has a status and content type its
   * operation lists in the OpenAPI document the server serves, and its JSON body validates against
   * the schema the document gives for it; every request body the server accepted validates
   * against the operation's request schema (issue 14, requirement 1).
   */
  @Test
  @Order(10)
  void every_answer_conforms_to_the_openapi_document() throws Exception {
    JsonNode doc = JSON.readTree(call("GET", "/openapi.json", null, null).get("body").toString());
    OpenApiConformance conformance = new OpenApiConformance(doc);
    List<String> problems = new java.util.ArrayList<>();
    for (Exchange e : EXCHANGES) {
      problems.addAll(conformance.check(e.method(), e.path(), e.requestBody(), e.status(), e.contentType(), e.body()));
    }
    assertThat(problems).isEmpty();
    System.out.println("ServerGoldenTest: " + conformance.validated() + " JSON bodies of " + EXCHANGES.size()
        + " exchanges and " + conformance.requestsValidated() + " accepted request bodies validated against the"
        + " OpenAPI document");
    assertThat(conformance.requestsValidated()).isGreaterThan(10);
    long jsonBodies = EXCHANGES.stream().filter(e -> e.contentType().contains("json") && !e.body().isEmpty()).count();
    assertThat(conformance.validated()).isEqualTo(jsonBodies).isGreaterThan(100);
  }
}

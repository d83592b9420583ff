package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.ServerConfig.ApiKey;
import dev.tandem.engine.ServerConfig.Scope;
import dev.tandem.engine.Tandem;
import dev.tandem.testkit.AskBooks;
import dev.tandem.testkit.TinyHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /ask} on a real server with the in-process parser: mysteries m1..m4 (m1, m3 tagged
 * cosy), science fiction s1..s3; the intent, the items, a conversation by session id, and feedback
 * recorded for write keys only.
 */
class AskServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String READ_KEY = "ask-read-0123456789";
  private static final String WRITE_KEY = "ask-write-0123456789";

  @TempDir static Path home;
  static Tandem tandem;
  static TandemServer server;

  @BeforeAll
  static void start() throws Exception {
    tandem = Tandem.open(home);
    AskBooks.fillSeven(tandem);
    tandem.warm(); // as `tandem serve` does
    server = TandemServer.start(tandem, "127.0.0.1", 0, TinyHome.patient(new ServerConfig(false,
        ServerConfig.DEFAULT_MAX_BODY_BYTES, 0, 1, List.of(new ApiKey("r", READ_KEY, Scope.READ),
        new ApiKey("w", WRITE_KEY, Scope.WRITE)))));
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

  record Reply(int status, JsonNode body) {}

  static Reply ask(String key, String body) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ask"))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> res = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    CONFORMANCE.record(res.request().method(), res.request().uri(), res);
    return new Reply(res.statusCode(), JSON.readTree(res.body()));
  }

  private static List<String> items(Reply r) {
    List<String> out = new ArrayList<>();
    r.body().get("items").forEach(i -> out.add(i.get("item").asText()));
    return out;
  }

  @Test
  void ask_returns_the_intent_and_constrained_items_and_a_session_that_refines_and_records() throws Exception {
    Reply first = ask(WRITE_KEY, "{\"user\": \"fan\", \"query\": \"2 mysteries, nothing cosy\"}");
    assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
    JsonNode intent = first.body().get("intent");
    assertThat(intent.get("goal").asText()).isEqualTo("recommend");
    assertThat(intent.get("include")).extracting(JsonNode::asText).containsExactly("mystery");
    assertThat(intent.get("exclude")).extracting(JsonNode::asText).containsExactly("cosy");
    assertThat(intent.get("count").asInt()).isEqualTo(2);
    assertThat(intent.get("ranges")).isEmpty();
    assertThat(intent.get("references")).isEmpty();
    assertThat(intent.get("language").asText()).isEqualTo("en");
    assertThat(items(first)).containsExactlyInAnyOrder("m2", "m4");
    assertThat(first.body().get("items").get(0).get("evidence").get("matched")).extracting(JsonNode::asText)
        .containsExactly("mystery");
    // each item is explained from the evidence: the request's terms it matches, in the request's language
    first.body().get("items").forEach(i -> {
      assertThat(i.get("matchedTerms")).extracting(JsonNode::asText).containsExactly("mystery");
      assertThat(i.get("explanation").asText()).startsWith("Matches “mystery”");
      assertThat(i.get("explanationSource").asText()).isEqualTo("template");
    });
    assertThat(first.body().get("intro").asText()).isNotBlank();
    assertThat(first.body().get("recorded")).isEmpty();
    String session = first.body().get("session").asText();
    assertThat(session).hasSize(24);

    // "more like the first one": a refinement of the same session; the first item is liked and recorded
    String firstShown = items(first).get(0);
    Reply second = ask(WRITE_KEY, "{\"user\": \"fan\", \"session\": \"" + session
        + "\", \"query\": \"more like the first one\"}");
    assertThat(second.status()).as(second.body().toString()).isEqualTo(200);
    assertThat(second.body().get("intent").get("goal").asText()).isEqualTo("similar-to");
    JsonNode ref = second.body().get("intent").get("references").get(0);
    assertThat(ref.get("item").asText()).isEqualTo(firstShown);
    assertThat(ref.get("title").asText()).isIn("Noir killer", "Detective in the fog");
    assertThat(second.body().get("constraints").get("exclude")).extracting(JsonNode::asText).containsExactly("cosy");
    assertThat(items(second)).doesNotContain(firstShown, "m1", "m3");
    assertThat(second.body().get("liked")).extracting(JsonNode::asText).containsExactly(firstShown);
    assertThat(second.body().get("unwanted")).isEmpty();
    assertThat(second.body().get("recorded")).hasSize(1);
    assertThat(second.body().get("recorded").get(0).get("type").asText()).isEqualTo("like");
    assertThat(tandem.store().feedback().history("fan")).extracting(Feedback::item, Feedback::type)
        .contains(org.assertj.core.groups.Tuple.tuple(firstShown, "like"));
  }

  @Test
  void a_read_key_gets_answers_but_records_nothing_and_says_so() throws Exception {
    Reply first = ask(READ_KEY, "{\"user\": \"quiet\", \"query\": \"mysteries\", \"n\": 3}");
    assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
    assertThat(items(first)).hasSize(3).allMatch(id -> id.startsWith("m"));
    String session = first.body().get("session").asText();
    Reply second = ask(READ_KEY, "{\"user\": \"quiet\", \"session\": \"" + session
        + "\", \"query\": \"more like the second one\"}");
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.body().get("recorded")).isEmpty();
    assertThat(second.body().get("notRecorded").get("events").get(0).get("type").asText()).isEqualTo("like");
    assertThat(second.body().get("notRecorded").get("reason").asText()).contains("scope write");
    assertThat(tandem.store().feedback().history("quiet")).isEmpty();
  }

  @Test
  void invalid_requests_name_the_field() throws Exception {
    Reply blank = ask(READ_KEY, "{\"query\": \"  \"}");
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.body().get("field").asText()).isEqualTo("query");
    Reply n = ask(READ_KEY, "{\"query\": \"mysteries\", \"n\": 0}");
    assertThat(n.status()).isEqualTo(400);
    assertThat(n.body().get("field").asText()).isEqualTo("n");
    Reply unknown = ask(READ_KEY, "{\"query\": \"mysteries\", \"colour\": \"red\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body().get("field").asText()).isEqualTo("colour");
    Reply session = ask(READ_KEY, "{\"query\": \"mysteries\", \"session\": \"nope\"}");
    assertThat(session.status()).isEqualTo(404);
    assertThat(session.body().get("field").asText()).isEqualTo("session");
    Reply user = ask(READ_KEY, "{\"query\": \"mysteries\", \"user\": \"ghost\"}");
    assertThat(user.status()).isEqualTo(404);
    Reply other = ask(READ_KEY, "{\"query\": \"mysteries\", \"user\": \"fan\"}");
    Reply stolen = ask(READ_KEY, "{\"query\": \"mysteries\", \"user\": \"quiet\", \"session\": \""
        + other.body().get("session").asText() + "\"}");
    assertThat(stolen.status()).isEqualTo(400);
    assertThat(stolen.body().get("field").asText()).isEqualTo("user");
  }

  @Test
  void a_short_answer_counts_each_constraint_and_names_the_narrowest() throws Exception {
    // 3 mysteries, nothing cosy: only m2 and m4 of 7 items; without "mystery" there would be m2, m4, s1..s3
    Reply r = ask(READ_KEY, "{\"user\": \"quiet\", \"query\": \"3 mysteries, nothing cosy\"}");
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    assertThat(items(r)).containsExactlyInAnyOrder("m2", "m4");
    assertThat(r.body().get("matching").asInt()).isEqualTo(2);
    assertThat(r.body().get("narrowedBy").asText()).isEqualTo("mystery");
    List<String> rows = new ArrayList<>();
    r.body().get("shortfall").forEach(c -> rows.add(c.get("kind").asText() + " " + c.get("constraint").asText() + " "
        + c.get("alone").asInt() + " " + c.get("withoutIt").asInt()));
    assertThat(rows).containsExactly("available available 7 2", "include mystery 4 5", "exclude not cosy 5 4",
        "seen not seen, turned down or referenced 7 2");
    assertThat(r.body().get("intro").asText())
        .startsWith("Only 2 items in \u201cmystery\u201d match; without that label there would be 5.");
    assertThat(r.body().get("reranked").asBoolean()).isFalse();
    assertThat(r.body().has("rerankProblem")).isFalse();

    // the typed client reads the same answer
    dev.tandem.client.AskAnswer a = dev.tandem.client.TandemClient.builder(URI.create("http://127.0.0.1:" + server.port()))
        .apiKey(READ_KEY).build().ask("quiet", "", "3 mysteries, nothing cosy", 10);
    assertThat(a.items()).extracting(dev.tandem.client.AskAnswer.Item::item).containsExactlyInAnyOrder("m2", "m4");
    assertThat(a.matching()).isEqualTo(2);
    assertThat(a.narrowedBy()).isEqualTo("mystery");
    assertThat(a.shortfall()).hasSize(4).element(1)
        .isEqualTo(new dev.tandem.client.AskAnswer.Constraint("include", "mystery", 4, 5));
    assertThat(a.intro()).startsWith("Only 2 items in \u201cmystery\u201d match");
    assertThat(a.session()).hasSize(24);
    assertThat(a.reranked()).isFalse();

    Reply full = ask(READ_KEY, "{\"user\": \"quiet\", \"query\": \"2 mysteries, nothing cosy\"}");
    assertThat(full.body().get("shortfall")).isEmpty();
    assertThat(full.body().get("narrowedBy").asText()).isEmpty();
  }
}

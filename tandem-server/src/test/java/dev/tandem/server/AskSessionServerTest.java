package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.client.AskAnswer;
import dev.tandem.client.AskSession;
import dev.tandem.client.TandemApiException;
import dev.tandem.client.TandemClient;
import dev.tandem.core.data.Feedback;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.ServerConfig.ApiKey;
import dev.tandem.engine.ServerConfig.Scope;
import dev.tandem.engine.Tandem;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.testkit.AskBooks;
import dev.tandem.testkit.TinyHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversations of {@code POST /ask} kept in the store: a session survives a server restart on the
 * same home, {@code GET /ask/sessions/{id}} shows its state in force and {@code DELETE} ends it.
 * Catalogue as {@link AskServerTest}: mysteries m1..m4 (m1, m3 cosy), science fiction s1..s3.
 */
class AskSessionServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String READ_KEY = "ask-read-0123456789";
  private static final String WRITE_KEY = "ask-write-0123456789";

  @TempDir Path home;
  private Tandem tandem;
  private TandemServer server;

  private void fill() throws Exception {
    AskBooks.fillSeven(tandem);
    tandem.warm(); // as `tandem serve` does
  }

  private void start() throws Exception {
    tandem = Tandem.open(home);
    server = TandemServer.start(tandem, "127.0.0.1", 0, TinyHome.patient(new ServerConfig(false,
        ServerConfig.DEFAULT_MAX_BODY_BYTES, 0, 1, List.of(new ApiKey("r", READ_KEY, Scope.READ),
        new ApiKey("w", WRITE_KEY, Scope.WRITE)))));
  }

  private void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
    if (tandem != null) {
      tandem.close();
      tandem = null;
    }
  }

  @AfterEach
  void tearDown() {
    stop();
  }

  private TandemClient client(String key) {
    return TandemClient.builder(URI.create("http://127.0.0.1:" + server.port())).apiKey(key).build();
  }

  private JsonNode ask(String key, String body) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ask"))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> res = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return JSON.readTree(res.body());
  }

  private static List<String> items(JsonNode r) {
    List<String> out = new ArrayList<>();
    r.get("items").forEach(i -> out.add(i.get("item").asText()));
    return out;
  }

  private List<Tuple> conversationFeedback(String user) {
    List<Tuple> out = new ArrayList<>();
    for (Feedback f : tandem.store().feedback().history(user)) {
      if (f.type().equals("like") || f.type().equals("dislike")) {
        out.add(new Tuple(f.item(), f.type()));
      }
    }
    return out;
  }

  @Test
  void a_session_survives_a_restart_and_the_next_turn_refines_it() throws Exception {
    start();
    fill();
    JsonNode t1 = ask(WRITE_KEY, "{\"user\": \"fan\", \"query\": \"mysteries, nothing cosy\"}");
    assertThat(items(t1)).containsExactlyInAnyOrder("m2", "m4");
    String sid = t1.get("session").asText();
    String first = items(t1).get(0);
    String second = items(t1).get(1);
    JsonNode t2 = ask(WRITE_KEY, "{\"user\": \"fan\", \"session\": \"" + sid + "\", \"query\": \"not the first one\"}");
    assertThat(t2.get("unwanted")).extracting(JsonNode::asText).containsExactly(first);
    assertThat(t2.get("recorded")).hasSize(1);
    assertThat(items(t2)).containsExactly(second);

    stop();
    start(); // same home: a new Tandem, a new server, the sessions only in the store

    AskSession s = client(READ_KEY).askSession(sid, "fan").orElseThrow();
    assertThat(s.user()).isEqualTo("fan");
    assertThat(s.include()).containsExactly("mystery");
    assertThat(s.exclude()).containsExactly("cosy");
    assertThat(s.unwanted()).containsExactly(first);
    assertThat(s.shown()).containsExactly(second);
    assertThat(s.expires() - s.lastTurn()).isEqualTo(30 * 60_000L);

    // turn 3 after the restart, through the client: still the conversation's constraints, still
    // without the turned-down item
    AskAnswer t3 = client(WRITE_KEY).ask("fan", sid, "more like the first one", 10);
    assertThat(t3.session()).isEqualTo(sid);
    assertThat(t3.intent().goal()).isEqualTo("similar-to");
    assertThat(t3.intent().references()).extracting(AskAnswer.Reference::item).containsExactly(second);
    assertThat(t3.itemIds()).doesNotContain(first, second, "m1", "m3");
    assertThat(t3.liked()).containsExactly(second);
    assertThat(t3.unwanted()).containsExactly(first);
    assertThat(t3.recorded()).containsExactly(new AskAnswer.Recorded("fan", second, "like"));
    assertThat(client(READ_KEY).askSession(sid, "fan").orElseThrow().exclude()).contains("cosy");
    // each thing the user said is a feedback row exactly once
    assertThat(conversationFeedback("fan")).containsExactly(new Tuple(first, "dislike"), new Tuple(second, "like"));
  }

  @Test
  void get_shows_the_state_to_its_owner_and_delete_ends_the_session() throws Exception {
    start();
    fill();
    JsonNode t1 = ask(READ_KEY, "{\"user\": \"fan\", \"query\": \"mysteries under 300 pages\"}");
    String sid = t1.get("session").asText();
    TandemClient reader = client(READ_KEY);
    AskSession s = reader.askSession(sid, "fan").orElseThrow();
    assertThat(s.goal()).isEqualTo("recommend");
    assertThat(s.ranges()).hasSize(1);
    assertThat(s.ranges().get(0).attribute()).isEqualTo("pages");
    assertThat(s.ranges().get(0).min()).isNull(); // open side
    assertThat(s.ranges().get(0).lower()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(s.ranges().get(0).upper()).isEqualTo(300.0);
    assertThat(s.shown()).containsExactlyElementsOf(items(t1));

    assertThatThrownBy(() -> reader.askSession(sid, "quiet")).isInstanceOf(TandemApiException.class)
        .satisfies(e -> assertThat(((TandemApiException) e).status()).isEqualTo(400))
        .hasMessageContaining("user (quiet) does not match the user of session " + sid);
    assertThatThrownBy(() -> reader.askSession(sid, "")).isInstanceOf(TandemApiException.class)
        .hasMessageContaining("user () does not match");
    assertThat(reader.askSession("0123456789abcdef01234567", "fan")).isEmpty();

    // ending needs a write key
    assertThatThrownBy(() -> reader.deleteAskSession(sid, "fan")).isInstanceOf(TandemApiException.class)
        .satisfies(e -> assertThat(((TandemApiException) e).status()).isEqualTo(403));
    assertThat(client(WRITE_KEY).deleteAskSession(sid, "fan")).isTrue();
    assertThat(reader.askSession(sid, "fan")).isEmpty();
    assertThat(client(WRITE_KEY).deleteAskSession(sid, "fan")).isFalse();
    HttpResponse<String> gone = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + "/ask")).header("Authorization", "Bearer " + READ_KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
        "{\"user\": \"fan\", \"session\": \"" + sid + "\", \"query\": \"nothing dark\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body()).contains("unknown or expired");
  }

  @Test
  void a_turn_that_keeps_losing_to_concurrent_turns_is_answered_409_and_writes_nothing() throws Exception {
    start();
    fill();
    String sid = ask(WRITE_KEY, "{\"user\": \"fan\", \"query\": \"mysteries\"}").get("session").asText();
    var sessions = tandem.store().sessions();
    IntentParser inProcess = tandem.intentParser();
    // every parse of the turn sees another server write the session first
    server.useParser((text, catalogue, shown) -> {
      var s = sessions.get(sid).orElseThrow();
      sessions.put(sid, s.user(), s.state(), s.lastTurnMillis(), s.version());
      return inProcess.parse(text, catalogue, shown);
    });
    HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + "/ask")).header("Authorization", "Bearer " + WRITE_KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
        "{\"user\": \"fan\", \"session\": \"" + sid + "\", \"query\": \"more like the first one\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(res.body()).toString()).contains("was changed by 4 concurrent turns");
    assertThat(sessions.get(sid).orElseThrow().version()).isEqualTo(5); // turn 1, then the 4 others
    assertThat(client(READ_KEY).askSession(sid, "fan").orElseThrow().liked()).isEmpty();
    assertThat(conversationFeedback("fan")).isEmpty();
  }
}

package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API against a real server on a random loopback port: a catalogue of four science-fiction
 * (s1..s4) and four romance (r1..r4) items, 30 users each liking three of their genre's four,
 * trained through the engine (pop, itemknn, rrf over ease+itemknn).
 */
class TandemServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path home;
  static Tandem tandem;
  static TandemServer server;

  @BeforeAll
  static void start() throws Exception {
    tandem = Tandem.open(home);
    List<Item> items = new ArrayList<>();
    List<Feedback> fb = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      items.add(new Item("s" + i, "Space " + i, "", List.of("scifi"), List.of(), Map.of(), 0, true));
      items.add(new Item("r" + i, "Love " + i, "", List.of("romance"), List.of(), Map.of(), 0, true));
    }
    for (int u = 0; u < 30; u++) {
      String g = u % 2 == 0 ? "s" : "r";
      for (int i = 1; i <= 4; i++) {
        if (i != 1 + (u / 2) % 4) {
          fb.add(new Feedback("u" + u, g + i, "rating", 5, 1000 + u));
        }
      }
    }
    fb.add(new Feedback("fan", "s1", "rating", 5, 1));
    fb.add(new Feedback("fan", "s2", "rating", 5, 2));
    tandem.store().items().upsert(items);
    tandem.store().feedback().append(fb);
    server = TandemServer.start(tandem, "127.0.0.1", 0);
    server.trained(tandem.train(new TrainOptions(List.of("pop", "itemknn", "rrf"),
        Map.of("rrf", Map.of("channels", "ease,itemknn")), (m, s) -> {})));
  }

  @AfterAll
  static void stop() {
    server.close();
    tandem.close();
  }

  record Reply(int status, JsonNode body) {}

  static Reply call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
  }

  static List<String> ids(JsonNode result) {
    List<String> out = new ArrayList<>();
    result.get("items").forEach(n -> out.add(n.has("item") ? n.get("item").asText() : n.get("id").asText()));
    return out;
  }

  @Test
  void accepted_feedback_changes_the_next_recommendation_without_retraining() throws Exception {
    assertThat(call("POST", "/users", "[{\"id\":\"reader\",\"profile\":\"\"}]").status()).isEqualTo(200);
    Reply r = call("POST", "/feedback", "[{\"user\":\"reader\",\"item\":\"r1\",\"type\":\"like\",\"ts\":10}]");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("accepted").asInt()).isEqualTo(1);
    Reply before = call("GET", "/recommend/reader?model=itemknn&n=3", null);
    assertThat(before.status()).isEqualTo(200);
    assertThat(before.body().get("historySize").asInt()).isEqualTo(1);
    // one romance item seen: the three other romance items, r1 excluded as seen
    assertThat(ids(before.body())).containsExactlyInAnyOrder("r2", "r3", "r4");
    long version = before.body().get("snapshotVersion").asLong();

    r = call("POST", "/feedback", "[{\"user\":\"reader\",\"item\":\"s1\",\"type\":\"like\",\"ts\":11},"
        + "{\"user\":\"reader\",\"item\":\"s2\",\"type\":\"like\",\"ts\":12},"
        + "{\"user\":\"reader\",\"item\":\"s3\",\"type\":\"like\",\"ts\":13}]");
    assertThat(r.body().get("accepted").asInt()).isEqualTo(3);
    Reply after = call("GET", "/recommend/reader?model=itemknn&n=3", null);
    assertThat(after.body().get("historySize").asInt()).isEqualTo(4);
    assertThat(after.body().get("snapshotVersion").asLong()).isEqualTo(version); // no retraining
    List<String> now = ids(after.body());
    // s4 is similar to three liked items, each romance item to one: s4 leads; liked items never return
    assertThat(now.get(0)).isEqualTo("s4");
    assertThat(now).doesNotContain("r1", "s1", "s2", "s3").hasSize(3);
    assertThat(now).isNotEqualTo(ids(before.body()));
  }

  @Test
  void explain_returns_the_fused_channels_evidence() throws Exception {
    Reply r = call("GET", "/recommend/fan?model=rrf&n=3&explain=true", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("model").asText()).isEqualTo("rrf");
    assertThat(ids(r.body()).subList(0, 2)).containsExactlyInAnyOrder("s3", "s4");
    for (JsonNode rec : r.body().get("items")) {
      List<String> channels = new ArrayList<>();
      double sum = 0;
      for (JsonNode c : rec.get("evidence")) {
        channels.add(c.get("channel").asText());
        sum += c.get("contribution").asDouble();
      }
      assertThat(channels).containsExactly("ease", "itemknn");
      assertThat(sum).isCloseTo(rec.get("score").asDouble(), within(1e-6));
    }
    // first item is first in both channels: 1/(60+1) twice
    JsonNode first = r.body().get("items").get(0);
    assertThat(first.get("score").asDouble()).isCloseTo(2.0 / 61, within(1e-6));
    assertThat(call("GET", "/recommend/fan?model=rrf&n=3", null).body().get("items").get(0).has("evidence")).isFalse();
  }

  @Test
  void anonymous_history_is_scored_without_a_stored_user() throws Exception {
    Reply r = call("POST", "/recommend", "{\"history\":[{\"item\":\"s1\",\"type\":\"like\",\"ts\":1},"
        + "{\"item\":\"s2\",\"value\":5,\"ts\":2}],\"n\":2,\"model\":\"itemknn\"}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("historySize").asInt()).isEqualTo(2);
    assertThat(ids(r.body())).containsExactlyInAnyOrder("s3", "s4");
    assertThat(tandem.store().users().get("anonymous")).isEmpty();

    Reply bad = call("POST", "/recommend", "{\"history\":[{\"item\":\"s1\",\"type\":\"hug\"}]}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("field").asText()).isEqualTo("history[0].type");
    assertThat(bad.body().get("error").asText()).contains("hug").contains("like");
    Reply badN = call("POST", "/recommend", "{\"history\":[{\"item\":\"s1\",\"type\":\"like\"}],\"n\":0}");
    assertThat(badN.status()).isEqualTo(400);
    assertThat(badN.body().get("field").asText()).isEqualTo("n");
  }

  @Test
  void similar_items_stay_in_the_genre_and_unknown_ids_are_404() throws Exception {
    Reply r = call("GET", "/items/s1/similar?n=3&model=itemknn", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(ids(r.body())).containsExactlyInAnyOrder("s2", "s3", "s4");
    assertThat(call("GET", "/items/nope/similar", null).status()).isEqualTo(404);
    assertThat(call("GET", "/items/nope", null).status()).isEqualTo(404);
    assertThat(call("DELETE", "/items/nope", null).status()).isEqualTo(404);
    assertThat(call("GET", "/recommend/nobody", null).status()).isEqualTo(404);
    assertThat(call("GET", "/users/nobody", null).status()).isEqualTo(404);
    Reply noRoute = call("GET", "/no/such/route", null);
    assertThat(noRoute.status()).isEqualTo(404);
    assertThat(noRoute.body().get("status").asInt()).isEqualTo(404);
    Reply badModel = call("GET", "/items/s1/similar?model=ease", null); // ease is only an rrf channel here
    assertThat(badModel.status()).isEqualTo(400);
    assertThat(badModel.body().get("field").asText()).isEqualTo("model");
    assertThat(badModel.body().get("error").asText()).contains("[pop, itemknn, rrf]");
  }

  @Test
  void feedback_batch_commits_the_valid_events_and_reports_the_rest() throws Exception {
    Reply r = call("POST", "/feedback", "[{\"user\":\"mixed\",\"item\":\"s1\",\"type\":\"like\",\"ts\":5},"
        + "{\"user\":\"mixed\",\"item\":\"s2\",\"type\":\"hug\"},"
        + "{\"item\":\"s3\",\"type\":\"like\"},"
        + "{\"user\":\"mixed\",\"item\":\"s4\",\"value\":\"five\"},"
        + "7]");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("accepted").asInt()).isEqualTo(1);
    List<Integer> idx = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    r.body().get("rejected").forEach(n -> {
      idx.add(n.get("index").asInt());
      errors.add(n.get("error").asText());
    });
    assertThat(idx).containsExactly(1, 2, 3, 4);
    assertThat(errors.get(0)).startsWith("type: got 'hug'");
    assertThat(errors.get(1)).startsWith("user: missing");
    assertThat(errors.get(2)).startsWith("value: got \"five\"");
    assertThat(errors.get(3)).startsWith("[4]: got 7");
    assertThat(tandem.store().feedback().history("mixed")).extracting(Feedback::item).containsExactly("s1");

    Reply notArray = call("POST", "/feedback", "{\"user\":\"x\"}");
    assertThat(notArray.status()).isEqualTo(400);
    assertThat(notArray.body().get("field").asText()).isEqualTo("body");
    assertThat(call("POST", "/feedback", "[{").body().get("error").asText()).startsWith("body: not valid JSON");
  }

  @Test
  void items_round_trip_and_page_by_category() throws Exception {
    Reply up = call("POST", "/items", "[{\"id\":\"zz1\",\"title\":\"Gadget\",\"categories\":[\"gadget\"],"
        + "\"attributes\":{\"pages\":320,\"lang\":\"en\"},\"available\":false}]");
    assertThat(up.status()).isEqualTo(200);
    assertThat(up.body().get("created").asInt()).isEqualTo(1);
    JsonNode it = call("GET", "/items/zz1", null).body();
    assertThat(it.get("title").asText()).isEqualTo("Gadget");
    assertThat(it.get("attributes").get("pages").asDouble()).isEqualTo(320.0);
    assertThat(it.get("attributes").get("lang").asText()).isEqualTo("en");
    assertThat(it.get("available").asBoolean()).isFalse();
    assertThat(call("DELETE", "/items/zz1", null).status()).isEqualTo(200);
    assertThat(call("GET", "/items/zz1", null).status()).isEqualTo(404);

    Reply page = call("GET", "/items?category=SciFi&offset=1&limit=2", null);
    assertThat(ids(page.body())).containsExactly("s2", "s3");
    assertThat(page.body().get("total").asInt()).isEqualTo(4);
    assertThat(ids(call("GET", "/items?offset=2&limit=3", null).body())).containsExactly("r3", "r4", "s1");

    Reply bad = call("POST", "/items", "[{\"id\":\"ok\"},{\"id\":\"zz2\",\"title\":5}]");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("field").asText()).isEqualTo("[1].title");
    assertThat(bad.body().get("error").asText()).contains("got 5").contains("expected a string");
    assertThat(call("GET", "/items/ok", null).status()).isEqualTo(404); // nothing of a bad batch is written
    Reply typo = call("POST", "/items", "[{\"id\":\"zz3\",\"titel\":\"Typo\"}]");
    assertThat(typo.status()).isEqualTo(400);
    assertThat(typo.body().get("field").asText()).isEqualTo("[0].titel");
    assertThat(typo.body().get("error").asText()).contains("unknown field").contains("title");
    Reply badLimit = call("GET", "/items?limit=abc", null);
    assertThat(badLimit.status()).isEqualTo(400);
    assertThat(badLimit.body().get("field").asText()).isEqualTo("limit");
  }

  @Test
  void deleting_a_user_erases_their_feedback() throws Exception {
    call("POST", "/feedback", "[{\"user\":\"temp\",\"item\":\"s1\",\"type\":\"like\",\"ts\":1}]");
    Reply u = call("GET", "/users/temp", null);
    assertThat(u.status()).isEqualTo(200);
    assertThat(u.body().get("feedbackEvents").asInt()).isEqualTo(1);
    Reply rec = call("GET", "/recommend/temp?model=itemknn&n=3", null); // caches the user and the history
    assertThat(rec.body().get("historySize").asInt()).isEqualTo(1);
    assertThat(call("DELETE", "/users/temp", null).status()).isEqualTo(200);
    assertThat(call("GET", "/users/temp", null).status()).isEqualTo(404);
    assertThat(call("GET", "/recommend/temp?model=itemknn&n=3", null).status()).isEqualTo(404);
    assertThat(tandem.store().feedback().history("temp")).isEmpty();
  }

  @Test
  void health_reports_the_snapshot_and_the_last_training() throws Exception {
    JsonNode h = call("GET", "/health", null).body();
    assertThat(h.get("status").asText()).isEqualTo("ok");
    JsonNode snap = h.get("snapshot");
    assertThat(snap.get("version").asLong()).isEqualTo(tandem.snapshotHeader().version());
    List<String> models = new ArrayList<>();
    snap.get("models").forEach(m -> models.add(m.asText()));
    assertThat(models).containsExactly("pop", "itemknn", "rrf");
    assertThat(snap.get("training").get("interactions").asText()).isEqualTo("92"); // 30 users x 3 + fan's 2
    assertThat(h.get("lastTraining").get("version").asLong()).isEqualTo(snap.get("version").asLong());
  }

  @Test
  void openapi_document_lists_exactly_the_registered_routes() throws Exception {
    JsonNode doc = call("GET", "/openapi.json", null).body();
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    Set<String> documented = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> p = doc.get("paths").fields(); p.hasNext(); ) {
      Map.Entry<String, JsonNode> e = p.next();
      e.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + e.getKey()));
    }
    assertThat(server.registeredRoutes()).hasSize(13);
    assertThat(documented).isEqualTo(new HashSet<>(server.registeredRoutes()));
  }
}

package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.client.AnonymousRequest;
import dev.tandem.client.FeedbackEvent;
import dev.tandem.client.FeedbackResult;
import dev.tandem.client.Health;
import dev.tandem.client.HistoryEvent;
import dev.tandem.client.ItemPage;
import dev.tandem.client.RecommendQuery;
import dev.tandem.client.Recommendations;
import dev.tandem.client.TandemApiException;
import dev.tandem.client.TandemClient;
import dev.tandem.client.User;
import dev.tandem.client.UserInfo;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.engine.ServerConfig;
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
 * trained through the engine (pop, itemknn, rrf over ease+itemknn). Happy paths go through the
 * Java client ({@code tandem-client}), so they test it too; bodies the typed client cannot send
 * (malformed JSON, wrong types, unknown fields) go over raw HTTP.
 */
class TandemServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String ADMIN_KEY = "test-admin-0123456789";

  @TempDir static Path home;
  static Tandem tandem;
  static TandemServer server;
  static TandemClient client;

  @BeforeAll
  static void start() throws Exception {
    // pop answers by default (it did implicitly before recommend.model had to be trained)
    java.nio.file.Files.writeString(home.resolve("tandem.toml"), "[recommend]\nmodel = \"pop\"\n");
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
    server = TandemServer.start(tandem, "127.0.0.1", 0, new ServerConfig(false, ServerConfig.DEFAULT_MAX_BODY_BYTES,
        0, 1, List.of(new ServerConfig.ApiKey("tests", ADMIN_KEY, ServerConfig.Scope.ADMIN))));
    server.trained(tandem.train(new TrainOptions(List.of("pop", "itemknn", "rrf"),
        TrainOptions.parseParams(Map.of("rrf", Map.of("channels", "ease,itemknn"))), (m, s) -> {})));
    client = TandemClient.builder(URI.create("http://127.0.0.1:" + server.port())).apiKey(ADMIN_KEY).build();
  }

  @AfterAll
  static void stop() {
    server.close();
    tandem.close();
    // every answer this class got conforms to the OpenAPI document (ServerGoldenTest covers every route)
    assertThat(CONFORMANCE.problems()).isEmpty();
    assertThat(CONFORMANCE.validated()).isPositive();
  }

  /** The answers of {@link #call}, checked against the OpenAPI document. */
  static final OpenApiConformance.Recorder CONFORMANCE = new OpenApiConformance.Recorder();

  record Reply(int status, JsonNode body) {}

  static Reply call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + ADMIN_KEY);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    CONFORMANCE.record(method, URI.create("http://127.0.0.1:" + server.port() + path), r);
    return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
  }

  @Test
  void accepted_feedback_changes_the_next_recommendation_without_retraining() {
    assertThat(client.upsertUsers(List.of(User.of("reader")))).extracting("upserted", "created").containsExactly(1, 1);
    FeedbackResult r = client.sendFeedback(List.of(FeedbackEvent.of("reader", "r1", "like", 10)));
    assertThat(r.accepted()).isEqualTo(1);
    assertThat(r.rejected()).isEmpty();
    RecommendQuery q = RecommendQuery.top(3).withModel("itemknn");
    Recommendations before = client.recommend("reader", q);
    assertThat(before.historySize()).isEqualTo(1);
    assertThat(before.model()).isEqualTo("itemknn");
    assertThat(before.fallback()).isFalse();
    assertThat(before.reranked()).isFalse(); // no chat model: nothing reordered, nothing tried
    assertThat(before.rerankProblem()).isEmpty();
    // one romance item seen: the three other romance items, r1 excluded as seen
    assertThat(before.itemIds()).containsExactlyInAnyOrder("r2", "r3", "r4");
    assertThat(before.items()).extracting(Recommendations.Scored::title)
        .containsExactlyInAnyOrder("Love 2", "Love 3", "Love 4");

    r = client.sendFeedback(List.of(FeedbackEvent.of("reader", "s1", "like", 11),
        FeedbackEvent.of("reader", "s2", "like", 12), FeedbackEvent.of("reader", "s3", "like", 13)));
    assertThat(r.accepted()).isEqualTo(3);
    Recommendations after = client.recommend("reader", q);
    assertThat(after.historySize()).isEqualTo(4);
    assertThat(after.snapshotVersion()).isEqualTo(before.snapshotVersion()); // no retraining
    // s4 is similar to three liked items, each romance item to one: s4 leads; liked items never return
    assertThat(after.itemIds().get(0)).isEqualTo("s4");
    assertThat(after.itemIds()).doesNotContain("r1", "s1", "s2", "s3").hasSize(3);
    assertThat(after.itemIds()).isNotEqualTo(before.itemIds());
    assertThat(client.getUser("reader")).map(UserInfo::feedbackEvents).contains(4L);
  }

  @Test
  void explain_returns_the_fused_channels_evidence() {
    Recommendations r = client.recommend("fan", RecommendQuery.top(3).withModel("rrf").withExplain(true));
    assertThat(r.model()).isEqualTo("rrf");
    assertThat(r.itemIds().subList(0, 2)).containsExactlyInAnyOrder("s3", "s4");
    for (Recommendations.Scored rec : r.items()) {
      assertThat(rec.evidence()).extracting(Recommendations.Evidence::channel).containsExactly("ease", "itemknn");
      double sum = 0;
      for (Recommendations.Evidence e : rec.evidence()) {
        sum += e.contribution();
      }
      assertThat(sum).isCloseTo(rec.score(), within(1e-6));
    }
    // first item is first in both channels: 1/(60+1) twice
    Recommendations.Scored first = r.items().get(0);
    assertThat(first.score()).isCloseTo(2.0 / 61, within(1e-6));
    assertThat(first.evidence()).extracting(Recommendations.Evidence::rank).containsExactly(1, 1);
    assertThat(client.recommend("fan", RecommendQuery.top(3).withModel("rrf")).items().get(0).evidence()).isEmpty();
  }

  @Test
  void explain_true_carries_the_history_items_shared_labels_sentence_and_intro() throws Exception {
    Reply en = call("GET", "/recommend/fan?n=2&model=rrf&explain=true", null);
    assertThat(en.status()).isEqualTo(200);
    JsonNode first = en.body().get("items").get(0);
    // fan liked s1 and s2; both channels cite them for s3 and s4, shares summing to 1
    JsonNode because = first.get("because");
    assertThat(because).hasSize(2);
    Set<String> cited = new HashSet<>();
    double total = 0;
    for (JsonNode b : because) {
      cited.add(b.get("item").asText());
      total += b.get("share").asDouble();
      assertThat(b.get("title").asText()).isEqualTo("Space " + b.get("item").asText().substring(1));
    }
    assertThat(cited).containsExactlyInAnyOrder("s1", "s2");
    assertThat(total).isCloseTo(1, within(1e-9));
    assertThat(because.get(0).get("share").asDouble()).isGreaterThanOrEqualTo(because.get(1).get("share").asDouble());
    assertThat(first.get("sharedLabels").get(0).get("label").asText()).isEqualTo("scifi");
    assertThat(first.get("sharedLabels").get(0).get("historyItems").asInt()).isEqualTo(2);
    String a = because.get(0).get("title").asText();
    String b = because.get(1).get("title").asText();
    JsonNode ev = first.get("evidence");
    String ranks = "ranked by ease #" + ev.get(0).get("rank").asInt() + " and itemknn #" + ev.get(1).get("rank").asInt();
    if (ev.get(1).get("contribution").asDouble() > ev.get(0).get("contribution").asDouble()) {
      ranks = "ranked by itemknn #" + ev.get(1).get("rank").asInt() + " and ease #" + ev.get(0).get("rank").asInt();
    }
    assertThat(first.get("explanation").asText()).isEqualTo("Because you liked *" + a + "* and *" + b + "* (scifi); "
        + ranks + ".");
    assertThat(first.get("explanationSource").asText()).isEqualTo("template");
    assertThat(en.body().get("intro").asText()).isEqualTo("Picked for you from your love of scifi, and of *" + a
        + "* and *" + b + "*.");

    Reply zh = call("GET", "/recommend/fan?n=2&model=rrf&explain=true&lang=zh", null);
    assertThat(zh.body().get("items").get(0).get("explanation").asText()).startsWith("因为你喜欢《" + a + "》和《" + b
        + "》（scifi）；");
    assertThat(zh.body().get("intro").asText()).isEqualTo("根据你对scifi的喜爱，以及你喜欢的《" + a + "》和《" + b + "》，为你挑选。");

    Reply bad = call("GET", "/recommend/fan?explain=true&lang=fr", null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("field").asText()).isEqualTo("lang");
    // the body reports field, value and rule apart, as the message names them
    assertThat(bad.body().toString()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
        + "\"detail\":\"lang: got 'fr'; expected en or zh\",\"error\":\"lang: got 'fr'; expected en or zh\","
        + "\"field\":\"lang\",\"value\":\"'fr'\",\"expected\":\"en or zh\"}");
    // without explain there is no explanation and no intro
    Reply plain = call("GET", "/recommend/fan?n=2&model=rrf", null);
    assertThat(plain.body().has("intro")).isFalse();
    assertThat(plain.body().get("items").get(0).has("explanation")).isFalse();

    Reply anon = call("POST", "/recommend", "{\"history\":[{\"item\":\"s1\",\"type\":\"like\"}],\"n\":1,"
        + "\"model\":\"itemknn\",\"explain\":true,\"lang\":\"zh\"}");
    assertThat(anon.status()).isEqualTo(200);
    assertThat(anon.body().get("items").get(0).get("because").get(0).get("item").asText()).isEqualTo("s1");
    assertThat(anon.body().get("items").get(0).get("explanation").asText()).isEqualTo("因为你喜欢《Space 1》（scifi）。");
  }

  @Test
  void anonymous_history_is_scored_without_a_stored_user() throws Exception {
    Recommendations r = client.recommend(AnonymousRequest.ofHistory(List.of(HistoryEvent.of("s1", "like", 1),
        new HistoryEvent("s2", "rating", 5, 2))).withN(2).withModel("itemknn"));
    assertThat(r.historySize()).isEqualTo(2);
    assertThat(r.itemIds()).containsExactlyInAnyOrder("s3", "s4");
    assertThat(tandem.store().users().get("anonymous")).isEmpty();

    assertThatThrownBy(() -> client.recommend(AnonymousRequest.ofHistory(List.of(HistoryEvent.of("s1", "hug", 1)))))
        .isInstanceOfSatisfying(TandemApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.field()).isEqualTo("history[0].type");
          assertThat(e.getMessage()).contains("hug").contains("like");
        });
    assertThatThrownBy(() -> client.recommend(AnonymousRequest.ofHistory(List.of())))
        .isInstanceOfSatisfying(TandemApiException.class, e -> assertThat(e.field()).isEqualTo("history"));
    // n = 0 is refused by the client itself; over raw HTTP the server names the field
    Reply badN = call("POST", "/recommend", "{\"history\":[{\"item\":\"s1\",\"type\":\"like\"}],\"n\":0}");
    assertThat(badN.status()).isEqualTo(400);
    assertThat(badN.body().get("field").asText()).isEqualTo("n");
    assertThat(badN.body().get("value").asText()).isEqualTo("0");
    assertThat(badN.body().get("expected").asText()).isEqualTo("an integer in 1..1000");
  }

  @Test
  void similar_items_stay_in_the_genre_and_unknown_ids_are_404() throws Exception {
    Recommendations r = client.similar("s1", RecommendQuery.top(3).withModel("itemknn"));
    assertThat(r.itemIds()).containsExactlyInAnyOrder("s2", "s3", "s4");
    assertThatThrownBy(() -> client.similar("nope", 10)).isInstanceOfSatisfying(TandemApiException.class,
        e -> assertThat(e.status()).isEqualTo(404));
    assertThat(client.getItem("nope")).isEmpty();
    assertThat(client.deleteItem("nope")).isFalse();
    assertThat(client.getUser("nobody")).isEmpty();
    assertThatThrownBy(() -> client.recommend("nobody", 10)).isInstanceOfSatisfying(TandemApiException.class, e -> {
      assertThat(e.status()).isEqualTo(404);
      assertThat(e.getMessage()).isEqualTo("user 'nobody' not found");
    });
    Reply noRoute = call("GET", "/no/such/route", null);
    assertThat(noRoute.status()).isEqualTo(404);
    assertThat(noRoute.body().get("status").asInt()).isEqualTo(404);
    // ease is only an rrf channel here
    assertThatThrownBy(() -> client.similar("s1", RecommendQuery.top(10).withModel("ease")))
        .isInstanceOfSatisfying(TandemApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.field()).isEqualTo("model");
          assertThat(e.getMessage()).contains("[pop, itemknn, rrf]");
        });
  }

  @Test
  void feedback_batch_commits_the_valid_events_and_reports_the_rest() throws Exception {
    FeedbackResult typed = client.sendFeedback(List.of(FeedbackEvent.of("mixed", "s1", "like", 5),
        FeedbackEvent.of("mixed", "s2", "hug", 6)));
    assertThat(typed.accepted()).isEqualTo(1);
    assertThat(typed.rejected()).hasSize(1);
    assertThat(typed.rejected().get(0).index()).isEqualTo(1);
    assertThat(typed.rejected().get(0).error()).startsWith("type: got 'hug'");
    assertThat(tandem.store().feedback().history("mixed")).extracting(Feedback::item).containsExactly("s1");

    // shapes the typed client cannot produce
    Reply r = call("POST", "/feedback", "[{\"user\":\"mixed\",\"item\":\"s2\",\"type\":\"like\",\"ts\":7},"
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
    assertThat(idx).containsExactly(1, 2, 3);
    assertThat(errors.get(0)).startsWith("user: missing");
    assertThat(errors.get(1)).startsWith("value: got \"five\"");
    assertThat(errors.get(2)).startsWith("[3]: got 7");
    assertThat(tandem.store().feedback().history("mixed")).extracting(Feedback::item).containsExactly("s1", "s2");

    Reply notArray = call("POST", "/feedback", "{\"user\":\"x\"}");
    assertThat(notArray.status()).isEqualTo(400);
    assertThat(notArray.body().get("field").asText()).isEqualTo("body");
    assertThat(call("POST", "/feedback", "[{").body().get("error").asText()).startsWith("body: not valid JSON");
  }

  @Test
  void items_round_trip_and_page_by_category() throws Exception {
    dev.tandem.client.Item gadget = dev.tandem.client.Item.of("zz1", "Gadget").withDescription("A small tool")
        .withCategories("gadget").withTags("tools", "metal").withAttribute("pages", 320.0).withAttribute("lang", "en")
        .withCreatedAt(1_700_000_000L).withAvailable(false);
    assertThat(client.upsertItems(List.of(gadget)).created()).isEqualTo(1);
    assertThat(client.getItem("zz1")).contains(gadget); // every field survives the round trip
    assertThat(client.upsertItems(List.of(gadget.withAvailable(true))).created()).isZero();
    assertThat(client.getItem("zz1").orElseThrow().available()).isTrue();
    assertThat(client.deleteItem("zz1")).isTrue();
    assertThat(client.getItem("zz1")).isEmpty();

    ItemPage page = client.listItems(1, 2, "SciFi");
    assertThat(page.items()).extracting(dev.tandem.client.Item::id).containsExactly("s2", "s3");
    assertThat(page.items()).extracting(dev.tandem.client.Item::categories).containsOnly(List.of("scifi"));
    assertThat(page.total()).isEqualTo(4);
    assertThat(client.listItems(2, 3, "").items()).extracting(dev.tandem.client.Item::id)
        .containsExactly("r3", "r4", "s1");

    Reply bad = call("POST", "/items", "[{\"id\":\"ok\"},{\"id\":\"zz2\",\"title\":5}]");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("field").asText()).isEqualTo("[1].title");
    assertThat(bad.body().get("error").asText()).contains("got 5").contains("expected a string");
    assertThat(client.getItem("ok")).isEmpty(); // nothing of a bad batch is written
    Reply typo = call("POST", "/items", "[{\"id\":\"zz3\",\"titel\":\"Typo\"}]");
    assertThat(typo.status()).isEqualTo(400);
    assertThat(typo.body().get("field").asText()).isEqualTo("[0].titel");
    assertThat(typo.body().get("error").asText()).contains("unknown field").contains("title");
    Reply badLimit = call("GET", "/items?limit=abc", null);
    assertThat(badLimit.status()).isEqualTo(400);
    assertThat(badLimit.body().get("field").asText()).isEqualTo("limit");
    assertThatThrownBy(() -> client.listItems(0, 1001, "")).isInstanceOfSatisfying(TandemApiException.class,
        e -> assertThat(e.field()).isEqualTo("limit"));
  }

  @Test
  void deleting_a_user_erases_their_feedback() {
    client.upsertUsers(List.of(new User("temp", Map.of("age", 41.0, "city", "Oslo"), "likes space")));
    client.sendFeedback(List.of(FeedbackEvent.of("temp", "s1", "like", 1)));
    UserInfo u = client.getUser("temp").orElseThrow();
    assertThat(u.feedbackEvents()).isEqualTo(1);
    assertThat(u.user()).isEqualTo(new User("temp", Map.of("age", 41.0, "city", "Oslo"), "likes space"));
    // caches the user and the history
    assertThat(client.recommend("temp", RecommendQuery.top(3).withModel("itemknn")).historySize()).isEqualTo(1);
    assertThat(client.deleteUser("temp")).isTrue();
    assertThat(client.getUser("temp")).isEmpty();
    assertThat(client.deleteUser("temp")).isFalse();
    assertThatThrownBy(() -> client.recommend("temp", RecommendQuery.top(3).withModel("itemknn")))
        .isInstanceOfSatisfying(TandemApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThat(tandem.store().feedback().history("temp")).isEmpty();
  }

  @Test
  void health_reports_the_snapshot_and_the_last_training() throws Exception {
    Health h = client.health();
    assertThat(h.status()).isEqualTo("ok");
    assertThat(h.snapshotVersion()).isEqualTo(tandem.snapshotHeader().version()).isPositive();
    assertThat(h.models()).containsExactly("pop", "itemknn", "rrf");
    assertThat(h.items()).isEqualTo(tandem.store().items().count());
    assertThat(h.body().get("snapshot").get("training").get("interactions").asText())
        .isEqualTo("92"); // 30 users x 3 + fan's 2
    assertThat(h.body().get("lastTraining").get("version").asLong()).isEqualTo(h.snapshotVersion());
  }

  @Test
  void openapi_document_lists_exactly_the_registered_routes() throws Exception {
    JsonNode doc = call("GET", "/openapi.json", null).body();
    assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
    Set<String> documented = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> p = doc.get("paths").fields(); p.hasNext(); ) {
      Map.Entry<String, JsonNode> e = p.next();
      e.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + e.getKey()));
    }
    // 24 routes, HEAD beside each of the 15 GETs, OPTIONS on each of the 19 paths; the document lists the
    // routes of the table and describes HEAD and OPTIONS once, in info
    assertThat(server.registeredRoutes()).hasSize(58);
    Set<String> table = new HashSet<>();
    for (String r : server.registeredRoutes()) {
      if (!r.startsWith("HEAD ") && !r.startsWith("OPTIONS ")) {
        table.add(r);
      }
    }
    assertThat(documented).isEqualTo(table);
    assertThat(doc.get("info").get("description").asText()).contains("HEAD").contains("OPTIONS");
    // the route table declares each route's body and query parameters
    JsonNode paths = doc.get("paths");
    assertThat(paths.get("/items").get("post").get("requestBody").get("content").get("application/json")
        .get("schema").get("type").asText()).isEqualTo("array");
    assertThat(paths.get("/items").get("post").get("requestBody").get("content").get("application/json")
        .get("schema").get("items").get("$ref").asText()).isEqualTo("#/components/schemas/ItemInput");
    assertThat(paths.get("/ask").get("post").get("requestBody").get("required").asBoolean()).isTrue();
    assertThat(paths.get("/admin/train").get("post").get("requestBody").get("required").asBoolean()).isFalse();
    assertThat(paths.get("/admin/train").get("post").get("requestBody").get("content").get("application/json")
        .get("schema").get("$ref").asText()).isEqualTo("#/components/schemas/TrainRequest");
    assertThat(paths.get("/items").get("get").get("parameters").findValuesAsText("name"))
        .containsExactly("offset", "limit", "category");
    JsonNode limit = paths.get("/items").get("get").get("parameters").get(1).get("schema");
    assertThat(limit.get("type").asText()).isEqualTo("integer");
    assertThat(limit.get("minimum").asInt()).isEqualTo(1);
    assertThat(limit.get("maximum").asInt()).isEqualTo(TandemServer.MAX_LIMIT);
    assertThat(limit.get("default").asInt()).isEqualTo(50);
    JsonNode recommend = paths.get("/recommend/{user}").get("get");
    assertThat(recommend.get("responses").fieldNames()).toIterable()
        .containsExactly("200", "400", "401", "404", "429", "431", "503");
    assertThat(recommend.get("security").toString()).isEqualTo("[{\"bearer\":[\"read\"]}]");
    assertThat(paths.get("/admin/train").get("post").get("responses").fieldNames()).toIterable()
        .containsExactly("200", "202", "400", "401", "403", "408", "413", "415", "429", "431", "503");
    assertThat(paths.get("/metrics").get("get").get("responses").get("200").get("content").fieldNames().next())
        .startsWith("text/plain; version=0.0.4");
    assertThat(paths.get("/items/{id}").get("get").get("parameters").findValuesAsText("name")).containsExactly("id");
  }
}

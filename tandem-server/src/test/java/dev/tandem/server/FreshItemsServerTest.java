package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TandemConfig;
import dev.tandem.engine.TrainOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, real time: an item POSTed after training is recommendable by {@code semantic} in the
 * very next request, without retraining (real server on a loopback port, real default embedding
 * model, a handful of books).
 */
class FreshItemsServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String KEY = "fresh-write-0123456789abcdef";

  @TempDir Path home;

  record Reply(int status, JsonNode body) {}

  private static Reply call(TandemServer server, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + KEY);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
  }

  private static List<String> ids(JsonNode body) {
    List<String> out = new ArrayList<>();
    body.get("items").forEach(n -> out.add(n.has("item") ? n.get("item").asText() : n.get("id").asText()));
    return out;
  }

  private static Item book(String id, String title, String description, String genre) {
    return new Item(id, title, description, List.of(genre), List.of(), Map.of(), 0, true);
  }

  @Test
  void a_posted_item_with_text_is_recommended_at_once_excluded_after_feedback_and_served_from_the_next_snapshot()
      throws Exception {
    Files.writeString(home.resolve("tandem.toml"), TandemConfig.defaultText().replace("threads = 0\n", "threads = 2\n"));
    try (Tandem tandem = Tandem.open(home); TandemServer server = TandemServer.start(tandem, "127.0.0.1", 0,
        ServerConfig.DEFAULTS.withEnv(Map.of(ServerConfig.KEYS_ENV, "fresh:" + KEY + ":write")))) {
      tandem.store().items().upsert(List.of(
          book("found", "Foundation", "A galactic empire falls; psychohistory predicts the future.", "Science fiction"),
          book("hyper", "Hyperion", "Pilgrims travel across the galaxy to the Time Tombs.", "Science fiction"),
          book("salt", "Salt Fat Acid Heat", "A cookbook on the elements of good cooking.", "Cooking"),
          book("bread", "Flour Water Salt Yeast", "Baking artisan bread and pizza at home.", "Cooking"),
          book("garden", "The Vegetable Gardener's Bible", "Growing vegetables in raised beds.", "Gardening"),
          book("roses", "Growing Roses", "Pruning and planting roses in the garden.", "Gardening")));
      List<Feedback> fb = new ArrayList<>();
      for (int u = 0; u < 5; u++) {
        fb.add(new Feedback("c" + u, "salt", "purchase", 1, 100 + u));
        fb.add(new Feedback("c" + u, "bread", "purchase", 1, 100 + u));
      }
      fb.add(new Feedback("reader", "found", "purchase", 1, 200));
      fb.add(new Feedback("reader", "hyper", "purchase", 1, 201));
      fb.add(new Feedback("cook", "salt", "purchase", 1, 202));
      tandem.store().feedback().append(fb);
      server.trained(tandem.train(new TrainOptions(List.of("pop", "semantic"), Map.of(), (m, s) -> {})));
      assertThat(ids(call(server, "GET", "/recommend/reader?model=semantic&n=3", null).body()))
          .doesNotContain("dune");

      long t0 = System.nanoTime();
      Reply post = call(server, "POST", "/items", "[{\"id\":\"dune\",\"title\":\"Dune\",\"description\":"
          + "\"A desert planet, spice and interstellar empires across the galaxy.\",\"categories\":[\"Science fiction\"]}]");
      Reply rec = call(server, "GET", "/recommend/reader?model=semantic&n=3", null);
      double ms = (System.nanoTime() - t0) / 1e6;
      System.out.printf("item POST (embedding included) to recommended: %.1f ms%n", ms);
      assertThat(post.status()).isEqualTo(200);
      assertThat(post.body().get("created").asInt()).isEqualTo(1);
      assertThat(post.body().get("fresh").asInt()).isEqualTo(1);
      assertThat(rec.status()).isEqualTo(200);
      assertThat(ids(rec.body())).as("no retrain: %s", rec.body()).startsWith("dune");
      assertThat(rec.body().get("items").get(0).get("title").asText()).isEqualTo("Dune");
      // a cook's taste does not put it first
      assertThat(ids(call(server, "GET", "/recommend/cook?model=semantic&n=2", null).body())).doesNotContain("dune");
      // an anonymous session: ranked for a science-fiction history, left out once the session has it
      Reply anon = call(server, "POST", "/recommend", "{\"history\":[{\"item\":\"found\",\"type\":\"purchase\"},"
          + "{\"item\":\"hyper\",\"type\":\"purchase\"}],\"model\":\"semantic\",\"n\":3}");
      assertThat(ids(anon.body())).as("%s", anon.body()).startsWith("dune");
      Reply anonSeen = call(server, "POST", "/recommend", "{\"history\":[{\"item\":\"found\",\"type\":\"purchase\"},"
          + "{\"item\":\"dune\",\"type\":\"purchase\"}],\"model\":\"semantic\",\"n\":3}");
      assertThat(ids(anonSeen.body())).as("%s", anonSeen.body()).doesNotContain("dune").startsWith("hyper");
      // similar items of the new item, and the new item among a trained item's similar items
      Reply like = call(server, "GET", "/items/dune/similar?model=semantic&n=2", null);
      assertThat(like.status()).as("%s", like.body()).isEqualTo(200);
      assertThat(ids(like.body())).doesNotContain("dune").containsAnyOf("found", "hyper");
      assertThat(ids(call(server, "GET", "/items/hyper/similar?model=semantic&n=7", null).body())).contains("dune");
      // another POST of an item without any text: stored, not recommendable from content
      Reply bare = call(server, "POST", "/items", "[{\"id\":\"x1\"}]");
      assertThat(bare.body().get("fresh").asInt()).isZero();

      // feedback on it excludes it for that user at once
      Reply f = call(server, "POST", "/feedback", "[{\"user\":\"reader\",\"item\":\"dune\",\"type\":\"purchase\",\"ts\":300}]");
      assertThat(f.body().get("accepted").asInt()).isEqualTo(1);
      assertThat(ids(call(server, "GET", "/recommend/reader?model=semantic&n=4", null).body())).doesNotContain("dune");
      assertThat(tandem.freshItems()).containsExactly("dune");

      // retrain: the snapshot holds it now; the overlay is empty, and the snapshot serves it
      server.trained(tandem.train(new TrainOptions(List.of("pop", "semantic"), Map.of(), (m, s) -> {})));
      assertThat(tandem.freshItems()).isEmpty();
      assertThat(tandem.snapshotHeader().items().indexOf("dune")).isNotNegative();
      Reply after = call(server, "GET", "/recommend/reader?model=semantic&n=4", null);
      assertThat(after.body().get("snapshotVersion").asLong()).isEqualTo(tandem.snapshotHeader().version());
      assertThat(ids(after.body())).doesNotContain("dune");
      assertThat(ids(call(server, "GET", "/recommend/c0?model=semantic&n=6", null).body())).contains("dune");
    }
  }
}

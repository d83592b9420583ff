package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.User;
import dev.tandem.engine.Tandem;
import dev.tandem.server.TandemServer;
import dev.tandem.testkit.TinyHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `tandem recommend --profile`, and a user's stored profile (which REST and the CLI read alike), on a
 * tiny catalogue of three topics, with the real default embedder.
 */
class ProfileRecommendTest {
  @TempDir Path dir;

  private Run tandem(Path home, String... args) {
    return Run.in(home, args);
  }

  private static List<String> ids(Run r) throws Exception {
    List<String> ids = new ArrayList<>();
    for (JsonNode i : new ObjectMapper().readTree(r.out()).get("items")) {
      ids.add(i.get("id").asText());
    }
    return ids;
  }

  /** Three topics (t0 space, t1 cooking, t2 gardening) of four items; users u0..u8 bought three of topic u % 3. */
  private static void fillTopics(Path home) throws Exception {
    try (Tandem t = Tandem.open(home)) {
      List<Item> items = new ArrayList<>();
      String[][] topics = {
        {"Galactic empire space opera", "Interstellar starship voyage", "Alien invasion of a Mars colony",
            "Hard science fiction about a generation ship"},
        {"Italian pasta recipes for weeknights", "Baking sourdough bread at home", "Vegetarian curry cookbook",
            "French pastry and dessert techniques"},
        {"Growing tomatoes in raised garden beds", "Pruning roses and flowering shrubs", "Organic vegetable gardening",
            "Houseplants and indoor succulents"}};
      for (int g = 0; g < 3; g++) {
        for (int k = 0; k < 4; k++) {
          items.add(new Item("t" + g + "_" + k, topics[g][k], "", List.of(), List.of(), Map.of(), 0, true));
        }
      }
      t.store().items().upsert(items);
      List<Feedback> fb = new ArrayList<>();
      for (int u = 0; u < 9; u++) {
        int g = u % 3;
        for (int k = 0; k < 3; k++) {
          fb.add(new Feedback("u" + u, "t" + g + "_" + ((u + k) % 4), "purchase", 1, 100 + k));
        }
      }
      t.store().feedback().append(fb);
    }
  }

  @Test
  void a_profile_alone_or_with_a_history_recommends_its_topic() throws Exception {
    Path home = dir.resolve("home");
    fillTopics(home);
    Run train = tandem(home, "train", "--models", "pop,semantic,bm25", "--json");
    assertThat(train.code()).as(train.err()).isZero();

    // no user: semantic answers from the profile's query embedding; the four space books come first
    Run p = tandem(home, "recommend", "--profile", "I like space opera and hard science fiction", "--n", "4", "--json");
    assertThat(p.code()).as(p.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(p.out());
    assertThat(j.get("model").asText()).isEqualTo("semantic");
    assertThat(j.get("fallback").asBoolean()).isFalse();
    assertThat(j.get("profile").asText()).isEqualTo("I like space opera and hard science fiction");
    assertThat(ids(p)).containsExactlyInAnyOrder("t0_0", "t0_1", "t0_2", "t0_3");
    assertThat(ids(p).get(0)).isEqualTo("t0_0");

    // bm25 reads the words: only "Galactic empire space opera" has "space" and "opera"
    Run b = tandem(home, "recommend", "--profile", "space opera", "--model", "bm25", "--n", "1", "--json");
    assertThat(b.code()).as(b.err()).isZero();
    assertThat(ids(b)).containsExactly("t0_0");

    // a gardener (u2 has t2_2, t2_3, t2_0) who says they cook: history and profile blend, seen items stay out
    Run both = tandem(home, "recommend", "--user", "u2", "--profile", "I bake bread and cook pasta", "--model", "semantic",
        "--n", "12", "--json");
    assertThat(both.code()).as(both.err()).isZero();
    List<String> ranked = ids(both);
    assertThat(ranked).hasSize(9).doesNotContain("t2_2", "t2_3", "t2_0");
    assertThat(ranked.subList(0, 3)).allMatch(id -> id.startsWith("t1_") || id.equals("t2_1"));
    assertThat(ranked.subList(0, 5)).contains("t2_1", "t1_0", "t1_1");

    // the text form names the profile; neither user nor profile is an error
    Run text = tandem(home, "recommend", "--profile", "space opera", "--n", "2");
    assertThat(text.out()).contains("Top 2 for profile \"space opera\" (model semantic");
    Run none = tandem(home, "recommend");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("give --user, --profile or both");
  }

  @Test
  void a_stored_profile_answers_alike_in_the_cli_and_over_rest() throws Exception {
    Path home = dir.resolve("stored");
    fillTopics(home);
    try (Tandem t = Tandem.open(home)) { // a newcomer who only described themselves; a gardener who says they cook
      t.store().users().upsert(List.of(new User("newcomer", Map.of(), "I like space opera and hard science fiction"),
          new User("u2", Map.of(), "I bake bread and cook pasta")));
    }
    Run train = tandem(home, "train", "--models", "pop,semantic,bm25", "--json");
    assertThat(train.code()).as(train.err()).isZero();

    Run alone = tandem(home, "recommend", "--user", "newcomer", "--n", "4", "--json");
    assertThat(alone.code()).as(alone.err()).isZero();
    assertThat(alone.err()).isEmpty(); // no fallback warning
    JsonNode a = new ObjectMapper().readTree(alone.out());
    assertThat(a.get("model").asText()).isEqualTo("semantic");
    assertThat(a.get("fallback").asBoolean()).isFalse();
    assertThat(ids(alone)).containsExactlyInAnyOrder("t0_0", "t0_1", "t0_2", "t0_3");
    Run blend = tandem(home, "recommend", "--user", "u2", "--model", "semantic", "--n", "12", "--json");
    assertThat(blend.code()).as(blend.err()).isZero();
    assertThat(ids(blend)).hasSize(9).doesNotContain("t2_2", "t2_3", "t2_0");
    assertThat(ids(blend).subList(0, 5)).contains("t2_1", "t1_0", "t1_1");

    try (Tandem tandem = Tandem.open(home);
        TandemServer server = TandemServer.start(tandem, "127.0.0.1", 0, TinyHome.config(1 << 20))) {
      HttpClient http = HttpClient.newHttpClient();
      JsonNode ra = get(http, server.port(), "/recommend/newcomer?n=4");
      assertThat(ra.get("model").asText()).isEqualTo("semantic");
      assertThat(ra.get("fallback").asBoolean()).isFalse();
      assertThat(restIds(ra)).isEqualTo(ids(alone));
      JsonNode rb = get(http, server.port(), "/recommend/u2?n=12&model=semantic&explain=true");
      assertThat(restIds(rb)).isEqualTo(ids(blend));
      // the stored profile's share shows in the explanations, as a request profile's does
      assertThat(rb.get("items").get(ids(blend).indexOf("t1_1")).get("profileShare").asDouble()).isGreaterThan(0.5);
    }
  }

  private static JsonNode get(HttpClient http, int port, String path) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + TinyHome.READ_KEY).build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body());
  }

  private static List<String> restIds(JsonNode body) {
    List<String> ids = new ArrayList<>();
    body.get("items").forEach(i -> ids.add(i.get("item").asText()));
    return ids;
  }
}

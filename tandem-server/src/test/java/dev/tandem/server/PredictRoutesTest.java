package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.client.Prediction;
import dev.tandem.client.TandemApiException;
import dev.tandem.client.TandemClient;
import dev.tandem.engine.PredictResult;
import dev.tandem.engine.Tandem;
import dev.tandem.testkit.RatingHome;
import dev.tandem.testkit.TinyHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /predict/{user}/{item}} on a real server (port 0) over the {@link RatingHome} ratings. */
class PredictRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path home;
  static Tandem tandem;
  static TandemServer server;
  static TandemClient client;

  @BeforeAll
  static void start() throws Exception {
    tandem = Tandem.open(home);
    RatingHome.fill(tandem, List.of("biasedmf", "baseline"));
    server = TandemServer.start(tandem, "127.0.0.1", 0, TinyHome.config(64 * 1024));
    client = TandemClient.builder(URI.create("http://127.0.0.1:" + server.port())).apiKey(TinyHome.READ_KEY).build();
  }

  @AfterAll
  static void stop() {
    server.close();
    tandem.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + path)).header("Authorization", "Bearer " + TinyHome.READ_KEY).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void predict_answers_the_engines_prediction() throws Exception {
    PredictResult a = tandem.predict("tA", "a2", Optional.empty());
    PredictResult b = tandem.predict("tA", "b2", Optional.of("baseline"));
    HttpResponse<String> r = get("/predict/tA/a2");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode n = JSON.readTree(r.body());
    assertThat(n.get("rating").asDouble()).isEqualTo(a.rating());
    assertThat(n.get("model").asText()).isEqualTo("biasedmf");
    assertThat(n.get("ratingsUsed").asInt()).isEqualTo(4);
    assertThat(n.get("fallback").asBoolean()).isFalse();
    JsonNode nb = JSON.readTree(get("/predict/tA/b2?model=baseline").body());
    assertThat(nb.get("rating").asDouble()).isEqualTo(b.rating());
    assertThat(nb.get("model").asText()).isEqualTo("baseline");
    assertThat(a.rating()).isGreaterThan(tandem.predict("tA", "b2", Optional.empty()).rating());

    Prediction p = client.predict("tA", "a2", "");
    assertThat(p).isEqualTo(new Prediction("tA", "a2", a.rating(), "biasedmf", 4, false, "", a.snapshotVersion()));
    Prediction fallback = client.predict("clicker", "a2", "baseline");
    assertThat(fallback.fallback()).isTrue();
    assertThat(fallback.ratingsUsed()).isZero();
    assertThat(fallback.fallbackReason()).startsWith("user \"clicker\" has no ratings");
  }

  @Test
  void unknown_users_and_items_are_404_and_a_model_that_is_not_a_rating_model_is_400() throws Exception {
    HttpResponse<String> user = get("/predict/nobody/a2");
    assertThat(user.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(user.body()).get("detail").asText()).isEqualTo("user 'nobody' not found");
    HttpResponse<String> item = get("/predict/tA/zz");
    assertThat(item.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(item.body()).get("detail").asText()).isEqualTo("item 'zz' not found");
    HttpResponse<String> model = get("/predict/tA/a2?model=pop");
    assertThat(model.statusCode()).isEqualTo(400);
    JsonNode m = JSON.readTree(model.body());
    assertThat(m.get("field").asText()).isEqualTo("model");
    assertThat(m.get("expected").asText()).isEqualTo("a trained model [biasedmf, baseline]");
    assertThatThrownBy(() -> client.predict("tA", "zz", ""))
        .isInstanceOfSatisfying(TandemApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }
}

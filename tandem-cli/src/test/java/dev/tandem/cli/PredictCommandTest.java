package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.PredictResult;
import dev.tandem.engine.Tandem;
import dev.tandem.server.TandemServer;
import dev.tandem.testkit.RatingHome;
import dev.tandem.testkit.TinyHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {
  @TempDir Path home;

  @Test
  void predict_prints_the_engines_prediction_as_text_and_json() throws Exception {
    PredictResult a;
    PredictResult b;
    try (Tandem tandem = Tandem.open(home)) {
      RatingHome.fill(tandem, List.of("biasedmf"));
      a = tandem.predict("tA", "a2", Optional.empty());
      b = tandem.predict("tA", "b2", Optional.empty());
    }
    assertThat(a.rating()).isGreaterThan(b.rating());
    Run text = Run.in(home, "predict", "--user", "tA", "--item", "a2");
    assertThat(text.code()).isZero();
    assertThat(text.out()).isEqualTo(String.format(Locale.ROOT,
        "tA would rate a2 %.3f (biasedmf, 4 of their ratings, snapshot 1)%n", a.rating()));
    Run json = Run.in(home, "predict", "--user", "tA", "--item", "b2", "--model", "biasedmf", "--json");
    assertThat(json.code()).as(json.err()).isZero();
    JsonNode n = new ObjectMapper().readTree(json.out());
    assertThat(n.get("user").asText()).isEqualTo("tA");
    assertThat(n.get("item").asText()).isEqualTo("b2");
    assertThat(n.get("rating").asDouble()).isEqualTo(b.rating());
    assertThat(n.get("model").asText()).isEqualTo("biasedmf");
    assertThat(n.get("ratingsUsed").asInt()).isEqualTo(4);
    assertThat(n.get("fallback").asBoolean()).isFalse();
    assertThat(n.has("fallbackReason")).isFalse();
    assertThat(n.get("snapshotVersion").asLong()).isEqualTo(1);
  }

  @Test
  void rest_cli_and_engine_give_the_same_prediction_for_the_same_pair() throws Exception {
    try (Tandem tandem = Tandem.open(home)) {
      RatingHome.fill(tandem, List.of("biasedmf", "baseline"));
    }
    ObjectMapper json = new ObjectMapper();
    for (String[] pair : new String[][] {{"tA", "a3", ""}, {"tB", "a3", "baseline"}, {"clicker", "b2", ""}}) {
      List<String> args = new ArrayList<>(List.of("predict", "--user", pair[0], "--item", pair[1], "--json"));
      if (!pair[2].isEmpty()) {
        args.addAll(List.of("--model", pair[2]));
      }
      Run cli = Run.in(home, args.toArray(String[]::new));
      assertThat(cli.code()).as(cli.err()).isZero();
      try (Tandem tandem = Tandem.open(home);
          TandemServer server = TandemServer.start(tandem, "127.0.0.1", 0, TinyHome.config(64 * 1024))) {
        PredictResult engine = tandem.predict(pair[0], pair[1], pair[2].isEmpty() ? Optional.empty()
            : Optional.of(pair[2]));
        HttpResponse<String> rest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + server.port() + "/predict/" + pair[0] + "/" + pair[1]
                + (pair[2].isEmpty() ? "" : "?model=" + pair[2])))
            .header("Authorization", "Bearer " + TinyHome.READ_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
        JsonNode r = json.readTree(rest.body());
        assertThat(r).isEqualTo(json.readTree(cli.out()));
        assertThat(r.get("rating").asDouble()).isEqualTo(engine.rating());
        assertThat(r.get("ratingsUsed").asInt()).isEqualTo(engine.ratingsUsed());
        assertThat(r.get("model").asText()).isEqualTo(engine.model());
      }
    }
  }

  @Test
  void a_user_without_ratings_is_a_fallback_with_a_note() throws Exception {
    try (Tandem tandem = Tandem.open(home)) {
      RatingHome.fill(tandem, List.of("baseline"));
    }
    Run r = Run.in(home, "predict", "--user", "clicker", "--item", "a2", "--json");
    assertThat(r.code()).isZero();
    JsonNode n = new ObjectMapper().readTree(r.out());
    assertThat(n.get("fallback").asBoolean()).isTrue();
    assertThat(n.get("ratingsUsed").asInt()).isZero();
    assertThat(n.get("fallbackReason").asText()).startsWith("user \"clicker\" has no ratings");
    Run t = Run.in(home, "predict", "--user", "clicker", "--item", "a2");
    assertThat(t.err()).startsWith("note: user \"clicker\" has no ratings, so baseline predicted its baseline");
  }

  @Test
  void caller_mistakes_exit_2_with_the_reason() throws Exception {
    try (Tandem tandem = Tandem.open(home)) {
      RatingHome.fill(tandem, List.of("biasedmf"));
    }
    Run user = Run.in(home, "predict", "--user", "nobody", "--item", "a2");
    assertThat(user.code()).isEqualTo(2);
    assertThat(user.err()).isEqualTo(String.format("error: user 'nobody' not found%n"));
    Run item = Run.in(home, "predict", "--user", "tA", "--item", "zz");
    assertThat(item.code()).isEqualTo(2);
    assertThat(item.err()).isEqualTo(String.format("error: item 'zz' not found%n"));
    Run model = Run.in(home, "predict", "--user", "tA", "--item", "a2", "--model", "ease");
    assertThat(model.code()).isEqualTo(2);
    assertThat(model.err()).contains("model: got \"ease\"; expected a rating model of snapshot 1: one of [biasedmf]");
    Run missing = Run.in(home, "predict", "--user", "tA");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required option: '--item=<item>'");
  }

  @Test
  void train_fits_a_rating_model_named_as_evaluate_names_it() throws Exception {
    try (Tandem tandem = Tandem.open(home)) {
      RatingHome.fill(tandem, List.of());
    }
    Run train = Run.in(home, "train", "--models", "pop,svdpp", "--param", "svdpp.factors=4");
    assertThat(train.code()).as(train.err()).isZero();
    Run r = Run.in(home, "predict", "--user", "tB", "--item", "b3", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode n = new ObjectMapper().readTree(r.out());
    assertThat(n.get("model").asText()).isEqualTo("svdpp");
    assertThat(n.get("snapshotVersion").asLong()).isEqualTo(2);
    assertThat(n.get("ratingsUsed").asInt()).isEqualTo(3);
  }
}

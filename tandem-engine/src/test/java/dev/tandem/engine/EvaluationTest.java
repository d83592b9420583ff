package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.core.eval.EvalOptions;
import dev.tandem.core.eval.EvalReport;
import dev.tandem.core.eval.Events;
import dev.tandem.core.eval.Protocol;
import dev.tandem.core.eval.SplitData;
import dev.tandem.core.eval.SplitOptions;
import dev.tandem.engine.report.EvalJson;
import dev.tandem.engine.report.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splitting a home's feedback and evaluating the registered models on it. */
class EvaluationTest {
  @TempDir Path dir;

  /** 60 users in three taste groups over 30 items (genre g0..g2), rated 1..5, plus clicks. */
  static void fill(Tandem t) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      items.add(new Item("i" + i, "Item " + i, "", List.of("g" + i % 3), List.of(), Map.of(), 0, true));
    }
    t.store().items().upsert(items);
    Random r = new Random(3);
    List<Feedback> fb = new ArrayList<>();
    for (int u = 0; u < 60; u++) {
      for (int i = 0; i < 30; i++) {
        boolean taste = i % 3 == u % 3;
        if (r.nextDouble() < (taste ? 0.6 : 0.1)) {
          fb.add(new Feedback("u" + u, "i" + i, "rating", taste ? 4 + r.nextInt(2) : 1 + r.nextInt(3), 1000 + r.nextInt(500)));
        }
      }
      fb.add(new Feedback("u" + u, "i" + (u % 3), "click", 1, 5000)); // a click on a rated item: one positive
      fb.add(new Feedback("u" + u, "disliked", "dislike", 1, 5001)); // negative weight: never a positive
    }
    t.store().feedback().append(fb);
  }

  @Test
  void events_keep_one_positive_per_pair_and_ratings_only_for_ratings() {
    try (Tandem t = Tandem.open(dir.resolve("home"))) {
      fill(t);
      Events pos = t.events(Protocol.HOLDOUT_USERS, 4);
      java.util.Set<String> pairs = new java.util.HashSet<>();
      for (int i = 0; i < pos.size(); i++) {
        assertThat(pairs.add(pos.user(i) + "/" + pos.item(i))).as("duplicate pair").isTrue();
        assertThat(pos.rating(i)).isGreaterThanOrEqualTo(4);
        assertThat(pos.item(i)).isNotEqualTo("disliked");
      }
      Events ratings = t.events(Protocol.RATINGS, 4);
      assertThat(ratings.size()).isGreaterThan(pos.size() - 60);
      for (int i = 0; i < ratings.size(); i++) {
        assertThat(ratings.rating(i)).isBetween(1.0, 5.0);
      }
    }
  }

  @Test
  void evaluates_configured_models_with_effective_params_and_writes_json_and_html() throws Exception {
    try (Tandem t = Tandem.open(dir.resolve("home"))) {
      fill(t);
      SplitData split = t.split(SplitOptions.defaults(Protocol.HOLDOUT_USERS).withTestUsers(20));
      assertThat(t.split(SplitOptions.defaults(Protocol.HOLDOUT_USERS).withTestUsers(20)).target()).isEqualTo(split.target());
      EvalOptions eval = new EvalOptions(List.of(5, 10), 100, 500, 1, EvalOptions.Progress.NONE);
      EvalReport r = t.evaluate(split, new EvaluateOptions(List.of("pop", "ease"),
          TrainOptions.parseParams(Map.of("ease", Map.of("lambda", "20"))), eval));
      assertThat(r.results()).extracting(m -> m.model()).containsExactly("pop", "ease");
      assertThat(r.results().get(1).params()).containsEntry("lambda", "20.0");
      // taste groups are learnable: EASE beats popularity clearly
      assertThat(r.results().get(1).metric("ndcg@10")).isGreaterThan(r.results().get(0).metric("ndcg@10") + 0.1);
      assertThat(r.results().get(0).metrics()).containsKey("ild@10"); // categories from the catalogue
      assertThat(r.comparisons()).singleElement().satisfies(c -> assertThat(c.model()).isEqualTo("pop"));
      JsonNode json = EvalJson.toJson(r, "home", eval);
      assertThat(json.at("/split/protocol").asText()).isEqualTo("holdout-users");
      assertThat(json.at("/split/test_users").asInt()).isEqualTo(split.target().distinctUsers());
      assertThat(json.at("/k").toString()).isEqualTo("[5,10]");
      assertThat(json.at("/results/1/metrics/ndcg@10").asDouble()).isEqualTo(r.results().get(1).metric("ndcg@10"));
      assertThat(json.at("/results/1/ci95/ndcg@10").size()).isEqualTo(2);
      assertThat(json.at("/results/1/peak_memory_bytes").isIntegralNumber()).isTrue();
      assertThat(json.at("/comparisons/0/p_value").asDouble()).isBetween(0.0, 1.0);
      Path html = dir.resolve("report.html");
      HtmlReport.write(json, html);
      assertThat(Files.readString(html)).contains("holdout-users");
    }
  }

  @Test
  void unknown_models_and_stray_params_are_rejected_before_any_fit() {
    try (Tandem t = Tandem.open(dir.resolve("home"))) {
      fill(t);
      SplitData split = t.split(SplitOptions.defaults(Protocol.LEAVE_LAST_OUT));
      assertThatThrownBy(() -> t.evaluate(split, new EvaluateOptions(List.of("pop"), TrainOptions.parseParams(Map.of("ease", Map.of("lambda", "1"))),
          EvalOptions.defaults()))).hasMessage("--param names model 'ease', which is not being evaluated [pop]");
      assertThatThrownBy(() -> t.evaluate(split, new EvaluateOptions(List.of("pop", "nope"), Map.of(),
          EvalOptions.defaults()))).hasMessageStartingWith("model (\"nope\") is not known");
    }
  }
}

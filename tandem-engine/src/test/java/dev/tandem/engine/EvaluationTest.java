package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.eval.EvalOptions;
import dev.tandem.core.eval.EvalReport;
import dev.tandem.core.eval.Events;
import dev.tandem.core.eval.Protocol;
import dev.tandem.core.eval.SplitData;
import dev.tandem.core.eval.SplitOptions;
import dev.tandem.testkit.TasteGroups;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splitting a home's feedback and evaluating the registered models on it. */
class EvaluationTest {
  @TempDir Path dir;


  @Test
  void events_keep_one_positive_per_pair_and_ratings_only_for_ratings() {
    try (Tandem t = Tandem.open(dir.resolve("home"))) {
      TasteGroups.fill(t);
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
  void evaluates_configured_models_with_effective_params() throws Exception {
    try (Tandem t = Tandem.open(dir.resolve("home"))) {
      TasteGroups.fill(t);
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
    }
  }

  @Test
  void unknown_models_and_stray_params_are_rejected_before_any_fit() {
    try (Tandem t = Tandem.open(dir.resolve("home"))) {
      TasteGroups.fill(t);
      SplitData split = t.split(SplitOptions.defaults(Protocol.LEAVE_LAST_OUT));
      assertThatThrownBy(() -> t.evaluate(split, new EvaluateOptions(List.of("pop"), TrainOptions.parseParams(Map.of("ease", Map.of("lambda", "1"))),
          EvalOptions.defaults()))).hasMessage("--param names model 'ease', which is not being evaluated [pop]");
      assertThatThrownBy(() -> t.evaluate(split, new EvaluateOptions(List.of("pop", "nope"), Map.of(),
          EvalOptions.defaults()))).hasMessageStartingWith("model (\"nope\") is not known");
    }
  }
}

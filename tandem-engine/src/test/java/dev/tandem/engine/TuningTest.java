package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.eval.Events;
import dev.tandem.core.eval.Protocol;
import dev.tandem.core.eval.SplitData;
import dev.tandem.core.eval.SplitOptions;
import dev.tandem.core.eval.Splitter;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.retrieval.Ease;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TuningTest {

  /** 300 users in 3 taste groups of 20 items each, with some noise; seeded. */
  private static SplitData outerSplit() {
    Events.Builder b = Events.builder();
    SplittableRandom rnd = new SplittableRandom(5);
    for (int u = 0; u < 300; u++) {
      int g = u % 3;
      for (int i = 0; i < 60; i++) {
        boolean inGroup = i / 20 == g;
        if (rnd.nextDouble() < (inGroup ? 0.5 : 0.03)) {
          b.add("u" + u, "i" + i, 5, 0);
        }
      }
    }
    return Splitter.split(b.build(), SplitOptions.defaults(Protocol.HOLDOUT_USERS).withTestUsers(60), "synthetic");
  }

  @Test
  void validation_is_carved_from_training_users_only_and_the_best_is_no_worse_than_the_defaults() {
    SplitData outer = outerSplit();
    SplitData validation = Tuning.validationSplit(outer, 4.0, 0, 11);
    Set<String> outerTest = new HashSet<>(List.of(outer.target().users()));
    Set<String> seen = new HashSet<>(List.of(validation.train().users()));
    seen.addAll(List.of(validation.history().users()));
    seen.addAll(List.of(validation.target().users()));
    assertThat(seen).doesNotContainAnyElementsOf(outerTest);
    // auto size: a fifth of the ~240 eligible training users
    assertThat(validation.target().distinctUsers()).isBetween(40, 48);

    List<Tuning.Trial> progress = new ArrayList<>();
    Tuning.Result r = Tuning.tune(Ease.PARAMETERS.defaults(), dev.tandem.core.eval.EvalData.of(validation), 6, 3, "ndcg@20", (t, n) -> progress.add(t));
    assertThat(r.trials()).hasSize(6).isEqualTo(progress);
    assertThat(r.trials().get(0).overrides()).isEmpty();
    assertThat(r.trials().get(0).params()).isEqualTo(ModelTypes.effectiveParams(new Ease.Type(), Map.of()));
    assertThat(r.best().score()).isGreaterThanOrEqualTo(r.trials().get(0).score());
    assertThat(r.trials()).allMatch(t -> t.score() <= r.best().score());
    assertThat(r.best().score()).isGreaterThan(0.3); // group structure is easy to find
    // deterministic
    Tuning.Result again = Tuning.tune(Ease.PARAMETERS.defaults(), dev.tandem.core.eval.EvalData.of(validation), 6, 3, "ndcg@20", (t, n) -> { });
    assertThat(again.best().params()).isEqualTo(r.best().params());
    assertThat(again.best().score()).isEqualTo(r.best().score());
  }

  @Test
  void bad_metric_and_sizes_are_clear_errors() {
    SplitData outer = outerSplit();
    SplitData validation = Tuning.validationSplit(outer, 4.0, 30, 11);
    assertThat(validation.target().distinctUsers()).isEqualTo(30);
    assertThatThrownBy(() -> Tuning.tune(Ease.PARAMETERS.defaults(), dev.tandem.core.eval.EvalData.of(validation), 2, 1, "ndcg", (t, n) -> { }))
        .hasMessage("metric (ndcg) must look like name@K, e.g. ndcg@100 or recall@20");
    assertThatThrownBy(() -> Tuning.validationSplit(outer, 4.0, -1, 1))
        .hasMessage("validation users (-1) must be >= 0 (0 chooses automatically)");
  }
}

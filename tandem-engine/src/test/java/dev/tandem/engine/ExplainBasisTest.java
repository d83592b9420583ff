package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Feedback;
import dev.tandem.llm.explain.Language;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result carries the history and snapshot it was computed from, so explaining it reads neither
 * the store nor a newer snapshot (issue 13: {@code GET /recommend?explain=true} read the history a
 * second time, possibly against a snapshot swapped in meanwhile). On {@link ExplainTest}'s books
 * and readers, where item-kNN recommends b3 to "fan" because of b1 and b2.
 */
class ExplainBasisTest {
  @TempDir Path home;

  @Test
  void explaining_from_the_basis_equals_explaining_with_the_history_and_survives_a_retrain_and_new_feedback()
      throws Exception {
    try (Tandem t = Tandem.open(home)) {
      ExplainTest.fill(t);
      RecommendResult r = t.recommend("fan", RecommendOptions.top(3).withModel("itemknn"));
      assertThat(r.basis().snapshotVersion().orElseThrow()).isEqualTo(1);
      assertThat(r.basis().history().orElseThrow().size()).isEqualTo(2);
      RecommendResult withHistory = t.explain(r, t.historyOf("fan"), Language.EN, List.of());
      RecommendResult fromBasis = t.explain(r, Language.EN, List.of(), Deadline.NONE);
      assertThat(fromBasis).isEqualTo(withHistory);
      assertThat(fromBasis.items().get(0).itemId()).isEqualTo("b3");
      assertThat(fromBasis.items().get(0).explanation().because()).extracting(c -> c.itemId())
          .containsExactlyInAnyOrder("b1", "b2");

      // the fan likes more, and a retrain swaps in version 2: the list of version 1 is still explained
      // from version 1 and the fan's history then, not from the store and snapshot of now
      t.store().feedback().append(List.of(new Feedback("fan", "b4", "rating", 5, 3)));
      t.train(new TrainOptions(List.of("pop", "itemknn"), Map.of(), (m, s) -> { }));
      assertThat(t.servingVersion().orElseThrow()).isEqualTo(2);
      assertThat(t.explain(r, Language.EN, List.of(), Deadline.NONE)).isEqualTo(fromBasis);
      // explaining with a history re-read now finds the model of version 1 gone: no history item is cited
      assertThat(t.explain(r, t.historyOf("fan"), Language.EN, List.of()).items().get(0).explanation().because())
          .isEmpty();
    }
  }

  @Test
  void a_result_built_by_hand_has_no_basis_and_says_how_to_explain_it() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      ExplainTest.fill(t);
      RecommendResult byHand = new RecommendResult(List.of(new Recommendation("b3", "Foundation", 1.0)), "itemknn", 2,
          false, 1);
      assertThatThrownBy(() -> t.explain(byHand, Language.EN, List.of(), Deadline.NONE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("result (1 items of model itemknn) carries no basis; explain it with explain(result, history,"
              + " lang, terms, deadline)");
    }
  }
}

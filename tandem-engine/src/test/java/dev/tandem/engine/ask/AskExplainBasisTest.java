package dev.tandem.engine.ask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Feedback;
import dev.tandem.engine.Deadline;
import dev.tandem.engine.Explanation;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Recommendation;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import dev.tandem.llm.explain.Cited;
import dev.tandem.llm.intent.Goal;
import dev.tandem.llm.intent.Intent;
import dev.tandem.testkit.AskBooks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code ask} answer carries the history (stored events plus the conversation's liked items) and
 * the snapshot it was computed from, so explaining it reads neither the user's history again nor a
 * newer snapshot (issue 13: {@code POST /ask?explain=true} read the history a second time, after the
 * turn's own feedback was committed). On {@link AskBooks}' twelve books, where user fan read m1.
 */
class AskExplainBasisTest {
  @TempDir Path home;

  private static final Intent MYSTERIES = new Intent(Goal.RECOMMEND, List.of("mystery"), List.of(), List.of(), 0,
      List.of(), "", "en");

  private static AskResult askMysteries(Tandem t) throws Exception {
    return t.ask(new AskRequest("fan", Session.NEW, "(explicit intent)", 3), (text, catalogue, shown) -> MYSTERIES);
  }

  private static List<String> cited(RecommendResult explained) {
    return explained.items().stream().map(Recommendation::explanation).map(Explanation::because)
        .flatMap(List::stream).map(Cited::itemId).distinct().toList();
  }

  @Test
  void an_answer_is_explained_from_its_own_history_after_new_feedback_and_a_retrain() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      AskBooks.fill(t, false);
      AskResult r = askMysteries(t);
      assertThat(r.basis().snapshotVersion().orElseThrow()).isEqualTo(1);
      assertThat(r.basis().history().orElseThrow().size()).isEqualTo(1); // fan's m1
      RecommendResult explained = t.explain(r, Deadline.NONE);
      assertThat(explained.items()).extracting(Recommendation::itemId)
          .containsExactlyElementsOf(r.items().stream().map(AskItem::itemId).toList());
      assertThat(cited(explained)).containsExactly("m1");

      // fan reads two more mysteries and a retrain swaps in version 2: a new answer sees three events,
      // the old one is still explained from fan's one event on version 1
      t.store().feedback().append(List.of(new Feedback("fan", "m3", "purchase", 1, 2),
          new Feedback("fan", "m4", "purchase", 1, 3)));
      t.train(new TrainOptions(List.of("pop", "ease", "bm25"), Map.of(), (m, s) -> { }));
      assertThat(t.servingVersion().orElseThrow()).isEqualTo(2);
      assertThat(askMysteries(t).basis().history().orElseThrow().size()).isEqualTo(3);
      assertThat(t.explain(r, Deadline.NONE)).isEqualTo(explained);
      assertThat(cited(t.explain(r, Deadline.NONE))).containsExactly("m1");
    }
  }

  @Test
  void an_answer_built_by_hand_has_no_basis_and_says_so() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      AskBooks.fill(t, false);
      AskResult r = askMysteries(t);
      AskResult byHand = new AskResult(r.intent(), r.effective(), r.items(), r.session(), r.feedback(),
          r.personalModel(), r.matchModel(), r.fallback(), r.snapshotVersion(), r.titles(), r.relaxed(), r.asked(),
          r.matching(), r.shortfall(), r.reranked(), r.rerankProblem(), r.fallbackReason(), r.cutShort(),
          r.intentSource(), r.intentProblems());
      assertThat(byHand).isEqualTo(r); // the basis is not part of the value
      assertThatThrownBy(() -> t.explain(byHand, Deadline.NONE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("answer (" + r.items().size() + " items, snapshot 1) carries no basis; explain an answer of"
              + " ask(request) as it was returned");
    }
  }
}

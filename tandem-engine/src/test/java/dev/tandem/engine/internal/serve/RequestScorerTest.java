package dev.tandem.engine.internal.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.History;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.Request;
import dev.tandem.core.model.ScoredItems;
import org.junit.jupiter.api.Test;

/** A request scorer ranks exactly as the model does, with scratch reused across requests. */
class RequestScorerTest {
  /** Scores item i as (i * 7 + sum of history items) mod 10: ties and history-dependent scores. */
  private static final Model MODEL = new Model() {
    @Override
    public String type() {
      return "mod";
    }

    @Override
    public int numItems() {
      return 12;
    }

    @Override
    public void score(History history, float[] out) {
      Model.checkOut(out, numItems());
      int sum = 0;
      for (int k = 0; k < history.size(); k++) {
        sum += history.items(k);
      }
      for (int i = 0; i < numItems(); i++) {
        out[i] = (i * 7 + sum) % 10;
      }
    }
  };

  private static void assertSame(ScoredItems a, ScoredItems b) {
    assertThat(a.items()).containsExactly(b.items());
    assertThat(a.scores()).containsExactly(b.scores());
  }

  @Test
  void pooled_scratch_gives_the_models_own_ranking_request_after_request() {
    RequestScorer.Pool pool = new RequestScorer.Pool(12);
    History[] histories = {History.of(3), History.of(1, 5), History.EMPTY, History.of(11)};
    for (int round = 0; round < 3; round++) {
      for (History h : histories) {
        try (RequestScorer scorer = pool.scorer()) {
          assertSame(scorer.top(MODEL, h, Request.top(5)), MODEL.recommend(h, Request.top(5)));
          assertSame(scorer.top(MODEL, h, new Request(12, item -> item % 2 == 0, false)),
              MODEL.recommend(h, new Request(12, item -> item % 2 == 0, false)));
        }
      }
    }
  }

  @Test
  void a_pool_smaller_than_the_model_falls_back_to_the_models_own_space_and_a_closed_scorer_refuses() {
    RequestScorer scorer = new RequestScorer.Pool(4).scorer();
    assertSame(scorer.top(MODEL, History.of(2), Request.top(3)), MODEL.recommend(History.of(2), Request.top(3)));
    scorer.close();
    scorer.close(); // idempotent
    assertThatThrownBy(() -> scorer.top(MODEL, History.EMPTY, Request.top(3)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("request scorer is closed: take a new one with ServingSnapshot.scorer()");
  }
}

package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.testkit.RatingHome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictTest {
  @TempDir Path home;

  @Test
  void a_user_who_rates_genre_a_high_gets_a_higher_prediction_for_an_unseen_a_item_than_for_a_b_item() throws Exception {
    try (Tandem tandem = Tandem.open(home)) {
      RatingHome.fill(tandem, List.of("biasedmf", "baseline"));
      for (String model : List.of("biasedmf")) {
        PredictResult a = tandem.predict("tA", "a2", Optional.of(model));
        PredictResult b = tandem.predict("tA", "b2", Optional.of(model));
        assertThat(a.rating()).as(model).isGreaterThan(b.rating() + 1.5);
        assertThat(a.ratingsUsed()).isEqualTo(4);
        assertThat(a.fallback()).isFalse();
        assertThat(a.model()).isEqualTo(model);
        PredictResult ba = tandem.predict("tB", "a3", Optional.of(model));
        PredictResult bb = tandem.predict("tB", "b3", Optional.of(model));
        assertThat(bb.rating()).isGreaterThan(ba.rating() + 1.5);
        assertThat(bb.ratingsUsed()).isEqualTo(3);
      }
      // every prediction on the rating scale seen in training, [1, 5]
      for (String item : List.of("a0", "a1", "a2", "a3", "b0", "b1", "b2", "b3")) {
        assertThat(tandem.predict("tA", item, Optional.empty()).rating()).isBetween(1.0, 5.0);
      }
    }
  }

  @Test
  void the_default_model_is_the_snapshots_first_rating_model() throws Exception {
    try (Tandem tandem = Tandem.open(home)) {
      RatingHome.fill(tandem, List.of("biasedmf", "baseline"));
      PredictResult r = tandem.predict("tA", "a2", Optional.empty());
      assertThat(r.model()).isEqualTo("biasedmf");
      assertThat(r.rating()).isEqualTo(tandem.predict("tA", "a2", Optional.of("biasedmf")).rating());
      assertThat(r.snapshotVersion()).isEqualTo(tandem.servingVersion().getAsLong());
    }
  }

  @Test
  void a_user_without_ratings_gets_the_baseline_with_a_reason() throws Exception {
    try (Tandem tandem = Tandem.open(home)) {
      RatingHome.fill(tandem, List.of("baseline", "biasedmf"));
      PredictResult r = tandem.predict("clicker", "a2", Optional.of("baseline"));
      assertThat(r.ratingsUsed()).isZero();
      assertThat(r.fallback()).isTrue();
      assertThat(r.reason()).isEqualTo("user \"clicker\" has no ratings, so baseline predicted its baseline"
          + " (global mean + item bias)");
      // 48 fan ratings of 5 and 48 of 1, tA's and tB's: mean (48*6 + 5+4+1+2 + 1+5+4) / 103
      double mu = (48 * 6 + 5 + 4 + 1 + 2 + 1 + 5 + 4) / 103.0;
      // a2: six 5s and six 1s, damped by reg_item 10 (after the user biases, which are small): near mu
      assertThat(r.rating()).isCloseTo(mu, within(0.2));
      PredictResult mf = tandem.predict("clicker", "a2", Optional.of("biasedmf"));
      assertThat(mf.fallback()).isTrue();
      assertThat(mf.rating()).isCloseTo(mu, within(0.3));
    }
  }

  @Test
  void predictions_are_equal_after_reopening_the_snapshot() throws Exception {
    double[] before = new double[4];
    List<String> items = List.of("a2", "a3", "b2", "b3");
    try (Tandem tandem = Tandem.open(home)) {
      RatingHome.fill(tandem, List.of("biasedmf"));
      for (int k = 0; k < 4; k++) {
        before[k] = tandem.predict("tA", items.get(k), Optional.empty()).rating();
      }
    }
    try (Tandem tandem = Tandem.open(home)) {
      for (int k = 0; k < 4; k++) {
        assertThat(tandem.predict("tA", items.get(k), Optional.empty()).rating()).isEqualTo(before[k]);
      }
    }
  }

  @Test
  void unknown_users_items_and_models_are_refused() throws Exception {
    try (Tandem tandem = Tandem.open(home)) {
      RatingHome.fill(tandem, List.of("biasedmf"));
      assertThatThrownBy(() -> tandem.predict("nobody", "a2", Optional.empty()))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404))
          .hasMessage("user 'nobody' not found");
      assertThatThrownBy(() -> tandem.predict("tA", "zz", Optional.empty()))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404))
          .hasMessage("item 'zz' not found");
      assertThatThrownBy(() -> tandem.predict("tA", "a2", Optional.of("pop")))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
          .hasMessage("model: got \"pop\"; expected a rating model of snapshot 1: one of [biasedmf]");
    }
  }

  @Test
  void a_snapshot_without_a_rating_model_is_refused() throws Exception {
    try (Tandem tandem = Tandem.open(home)) {
      RatingHome.fill(tandem, List.of());
      assertThatThrownBy(() -> tandem.predict("tA", "a2", Optional.empty()))
          .isInstanceOf(ApiException.class)
          .hasMessageStartingWith("model: snapshot 1 has no rating model; expected a snapshot trained with one");
    }
  }

  @Test
  void rating_model_parameters_are_validated_before_training() throws Exception {
    try (Tandem tandem = Tandem.open(home)) {
      assertThatThrownBy(() -> tandem.trainParams(new TrainOptions(List.of("biasedmf"),
          TrainOptions.parseParams(List.of("biasedmf.factors=0")), (m, s) -> {})))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("factors");
      assertThat(tandem.trainParams(new TrainOptions(List.of("svdpp"), Map.of(), (m, s) -> {})).get("svdpp")
          .describe()).containsEntry("factors", "50");
    }
  }
}

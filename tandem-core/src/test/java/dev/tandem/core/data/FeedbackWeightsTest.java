package dev.tandem.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedbackWeightsTest {
  private static final FeedbackWeights W = FeedbackWeights.DEFAULT;

  @Test
  void default_ranges_are_0_to_100_for_ratings_and_plus_minus_1000_otherwise() {
    assertThat(W.range("rating")).isEqualTo(new ValueRange(0, 100));
    assertThat(W.range("click")).isEqualTo(new ValueRange(-1000, 1000));
    assertThat(W.range("unconfigured")).isEqualTo(new ValueRange(-1000, 1000));
    assertThat(W.valueProblem("rating", 100)).isNull();
    assertThat(W.valueProblem("click", -1000)).isNull();
    assertThat(W.valueProblem("rating", 101)).isEqualTo("value (101.0) must be in [0, 100] (feedback.value_ranges.rating)");
  }

  @Test
  void check_names_the_event_its_index_and_the_key() {
    assertThatThrownBy(() -> W.check(3, new Feedback("u1", "i9", "click", 1e308, 0)))
        .hasMessage("feedback[3] (user \"u1\", item \"i9\", type click): value (1.0E308) must be in [-1000, 1000]"
            + " (feedback.value_ranges.click)");
    assertThatThrownBy(() -> W.check(0, new Feedback("u1", "i9", "rating", -0.5, 0)))
        .hasMessage("feedback[0] (user \"u1\", item \"i9\", type rating): value (-0.5) must be in [0, 100]"
            + " (feedback.value_ranges.rating)");
    W.check(0, new Feedback("u1", "i9", "rating", 5, 0));
    assertThat(W.valueProblem("click", Double.NaN))
        .isEqualTo("value (NaN) must be finite and in [-1000, 1000] (feedback.value_ranges.click)");
  }

  @Test
  void configured_ranges_replace_the_defaults_and_must_name_configured_types() {
    Map<String, Double> w = new LinkedHashMap<>(Map.of("rating", 1.0, "stars", 1.0));
    FeedbackWeights custom = new FeedbackWeights(w, 4, Map.of("stars", new ValueRange(1, 5)), new ValueRange(0, 10));
    assertThat(custom.range("stars")).isEqualTo(new ValueRange(1, 5));
    assertThat(custom.range("rating")).isEqualTo(new ValueRange(0, 10));
    assertThat(custom.valueProblem("stars", 6)).isEqualTo("value (6.0) must be in [1, 5] (feedback.value_ranges.stars)");
    assertThatThrownBy(() -> new FeedbackWeights(w, 4, Map.of("likes", new ValueRange(0, 1)), FeedbackWeights.DEFAULT_RANGE))
        .hasMessageStartingWith("feedback.value_ranges.likes names a type that is not in feedback.weights");
    assertThatThrownBy(() -> new ValueRange(5, 1))
        .hasMessage("value range [5.0, 1.0] must have finite bounds, min <= max, within [-1000000, 1000000]");
    assertThatThrownBy(() -> new ValueRange(0, Double.POSITIVE_INFINITY))
        .hasMessageStartingWith("value range [0.0, Infinity] must have finite bounds");
    assertThatThrownBy(() -> new ValueRange(0, 2e6)).hasMessageStartingWith("value range [0.0, 2000000.0] must");
  }

  @Test
  void weights_are_finite_and_at_most_1000_in_magnitude() {
    assertThatThrownBy(() -> new FeedbackWeights(Map.of("click", 1001.0), 4))
        .hasMessage("feedback.weights.click (1001.0) must be a finite number in [-1000, 1000]");
    assertThatThrownBy(() -> new FeedbackWeights(Map.of("click", Double.NaN), 4))
        .hasMessage("feedback.weights.click (NaN) must be a finite number in [-1000, 1000]");
    assertThatThrownBy(() -> new FeedbackWeights(Map.of("Click", 1.0), 4))
        .hasMessage("feedback type (\"Click\") must match [a-z][a-z0-9_-]* and have at most 64 characters");
  }

  @Test
  void one_events_strength_is_clamped_and_non_finite_values_refused() {
    FeedbackWeights big = new FeedbackWeights(Map.of("purchase", 1000.0), 4, Map.of(), new ValueRange(-1e6, 1e6));
    assertThat(big.weight("purchase", 1e6)).isEqualTo(1e6f);
    assertThat(big.weight("purchase", -1e6)).isEqualTo(-1e6f);
    assertThat(W.weight("like", 3)).isEqualTo(6f);
    assertThatThrownBy(() -> W.weight("click", Double.POSITIVE_INFINITY)).hasMessage("feedback value (Infinity) must be finite");
    assertThat(FeedbackWeights.clamp(1e308)).isEqualTo(1e6);
  }

  @Test
  void problem_of_a_stored_event_names_the_first_rule_it_breaks() {
    assertThat(W.problemOf("u", "i", "click", 1, 0)).isNull();
    assertThat(W.problemOf("u\u0000", "i", "click", 1, 0)).isEqualTo(FeedbackProblem.USER_ID);
    assertThat(W.problemOf("u", "sur\ud800", "click", 1, 0)).isEqualTo(FeedbackProblem.ITEM_ID);
    assertThat(W.problemOf("u", "i", "teleport", 1, 0)).isEqualTo(FeedbackProblem.UNKNOWN_TYPE);
    assertThat(W.problemOf("u", "i", "click", Double.POSITIVE_INFINITY, 0)).isEqualTo(FeedbackProblem.VALUE_NOT_FINITE);
    assertThat(W.problemOf("u", "i", "click", 1e308, 0)).isEqualTo(FeedbackProblem.VALUE_OUT_OF_RANGE);
    assertThat(W.problemOf("u", "i", "click", 1, -1)).isEqualTo(FeedbackProblem.TIMESTAMP_OUT_OF_RANGE);
    assertThat(W.explain("u", "sur\ud800", "click", 1, 0))
        .isEqualTo("item (\"sur\\uD800\") has a lone surrogate U+D800 at index 3");
    assertThat(W.explain("u", "i", "click", 1e308, 0))
        .isEqualTo("value (1.0E308) must be in [-1000, 1000] (feedback.value_ranges.click)");
    assertThat(W.explain("u", "i", "teleport", 1, 0))
        .isEqualTo("type (\"teleport\") is not configured in feedback.weights [purchase, like, rating, click, view, dislike]");
    assertThat(W.explain("u", "i", "click", 1, 0)).isNull();
    assertThat(W.accepts("click", 1)).isTrue();
    assertThat(W.accepts("click", 1e308)).isFalse();
    assertThat(W.accepts("teleport", 1)).isFalse();
  }
}

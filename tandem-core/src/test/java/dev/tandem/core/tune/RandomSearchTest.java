package dev.tandem.core.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.ModelTypes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RandomSearchTest {

  @Test
  void first_trial_is_the_defaults_then_seeded_draws_within_range() {
    List<Dimension> space = List.of(Dimension.logDecimal("lambda", 10, 10_000), Dimension.logInteger("k", 10, 1000));
    List<Map<String, String>> t = RandomSearch.trials(space, 30, 7);
    assertThat(t).hasSize(30);
    assertThat(t.get(0)).isEmpty();
    assertThat(RandomSearch.trials(space, 30, 7)).isEqualTo(t);
    assertThat(RandomSearch.trials(space, 30, 8)).isNotEqualTo(t);
    int below100 = 0;
    for (Map<String, String> p : t.subList(1, t.size())) {
      double lambda = Double.parseDouble(p.get("lambda"));
      long k = Long.parseLong(p.get("k"));
      assertThat(lambda).isBetween(10.0 * 0.999, 10_000.0 * 1.001);
      assertThat(k).isBetween(10L, 1000L);
      below100 += lambda < 100 ? 1 : 0;
    }
    // log scale: about a third of draws fall in the first decade of three
    assertThat(below100).isBetween(4, 17);
  }

  @Test
  void small_integer_ranges_give_distinct_trials_only() {
    List<Map<String, String>> t = RandomSearch.trials(List.of(Dimension.logInteger("k", 1, 3)), 10, 1);
    assertThat(t).hasSize(4).doesNotHaveDuplicates(); // defaults + {1, 2, 3}
  }

  @Test
  void every_model_search_space_is_accepted_by_its_own_parameter_reader() {
    for (String name : ModelTypes.names()) {
      var type = ModelTypes.byName(name);
      for (Map<String, String> p : RandomSearch.trials(type.searchSpace(), 20, 3)) {
        assertThat(ModelTypes.effectiveParams(type, p)).as(name + " " + p).isNotEmpty();
      }
    }
    assertThatThrownBy(() -> RandomSearch.trials(List.of(), 0, 1)).hasMessage("budget (0) must be >= 1");
    assertThatThrownBy(() -> Dimension.logDecimal("x", 0, 1)).hasMessage("dimension x low (0.0) must be > 0 on a log scale");
  }
}

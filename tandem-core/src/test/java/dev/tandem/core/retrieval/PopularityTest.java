package dev.tandem.core.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PopularityTest {
  private static final long DAY = 86_400;

  private static Interactions data() {
    return Interactions.builder(IdIndex.of(List.of("i0", "i1", "i2")))
        .add("a", 0, 1f, 10 * DAY).add("b", 0, 3f, 0).add("a", 1, 1f, 10 * DAY).add("c", 2, 1f, 9 * DAY)
        .add("d", 2, 1f, 8 * DAY)
        .build();
  }

  @Test
  void counts_users_not_weights() {
    Popularity pop = new Popularity.Trainer(new Popularity.Params(0)).fit(data());
    float[] s = new float[3];
    pop.score(History.EMPTY, s);
    assertThat(s).containsExactly(2f, 1f, 2f);
    // ties (i0 and i2) rank the smaller id first; the seen item goes
    assertThat(pop.recommend(History.of(1), Request.top(3)).items()).containsExactly(0, 2);
  }

  @Test
  void decays_from_the_newest_interaction() {
    Popularity pop = new Popularity.Trainer(new Popularity.Params(1)).fit(data());
    float[] s = new float[3];
    pop.score(History.EMPTY, s);
    // i0: now (1) + 10 days old (2^-10); i1: now (1); i2: 1 and 2 days old (0.5 + 0.25)
    assertThat(s[0]).isCloseTo((float) (1 + Math.pow(2, -10)), within(1e-6f));
    assertThat(s[1]).isCloseTo(1f, within(1e-6f));
    assertThat(s[2]).isCloseTo(0.75f, within(1e-6f));
  }

  @Test
  void params_are_validated_with_the_key_named() {
    var type = ModelTypes.byName("pop");
    assertThatThrownBy(() -> ModelTypes.effectiveParams(type, Map.of("half_life_days", "-1")))
        .hasMessage("pop.half_life_days (-1.0) must be >= 0.0 and finite");
    assertThatThrownBy(() -> ModelTypes.effectiveParams(type, Map.of("halflife", "1")))
        .hasMessage("unknown parameter pop.halflife; pop takes [half_life_days]");
    assertThatThrownBy(() -> ModelTypes.byName("nope")).hasMessageStartingWith("model (\"nope\") is not known; expected one of [pop");
  }
}

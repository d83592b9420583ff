package dev.tandem.core.fusion;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelContractTest;
import dev.tandem.core.model.ModelTypes;
import java.util.Map;

class RrfContractTest extends ModelContractTest {
  @Override
  protected Model fit(Interactions data) {
    return ModelTypes.fit(Rrf.PARAMETERS.parse(Map.of("channels", "ease,itemknn,pop", "ease.lambda", "10")), data);
  }

  @Override
  protected Map<Adaptation, String> adaptations() {
    return Map.of(Adaptation.NO_TIES_ON_THE_BOARD,
        "pop ranks the board's items apart, so the sums of 1/(60 + rank) over the three channels all differ;"
            + " RrfTest.hand_worked_three_channels_exact_scores_and_ties_to_the_smaller_id checks ties by hand");
  }
}

package dev.tandem.core.fusion;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelContractTest;
import dev.tandem.core.model.ModelTypes;
import java.util.Map;

class LearnedFusionContractTest extends ModelContractTest {
  @Override
  protected Model fit(Interactions data) {
    return ModelTypes.fit(LearnedFusion.PARAMETERS.parse(Map.of("channels", "ease,pop", "ease.lambda", "10",
        "min_data_in_leaf", "5", "rounds", "30", "threads", "1")), data);
  }
}

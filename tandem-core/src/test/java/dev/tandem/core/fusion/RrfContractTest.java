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
}

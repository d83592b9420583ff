package dev.tandem.core.retrieval;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelContractTest;
import dev.tandem.core.model.ModelTypes;
import java.util.Map;

class ImplicitAlsContractTest extends ModelContractTest {
  @Override
  protected Model fit(Interactions data) {
    return ModelTypes.fit(new ImplicitAls.Type(), Map.of("factors", "8", "iterations", "10"), data);
  }
}

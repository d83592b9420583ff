package dev.tandem.core.retrieval;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelContractTest;
import dev.tandem.core.model.ModelTypes;
import java.util.Map;

/** iALS with few factors, as the contract's small checkerboard needs: with 4 or more factors on this 12-item board it learns the sub-group of users who skip each item (and so, rightly, predicts 0 for it). */
class ImplicitAlsContractTest extends ModelContractTest {
  @Override
  protected Model fit(Interactions data) {
    return ModelTypes.fit(ImplicitAls.PARAMETERS.parse(Map.of("factors", "2", "iterations", "15", "regularization", "0.1", "alpha", "2")), data);
  }
}

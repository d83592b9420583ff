package dev.tandem.core.retrieval;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelContractTest;
import dev.tandem.core.model.ModelTypes;
import java.util.Map;

/** iALS with few factors, as the contract's small checkerboard needs: with as many factors as items it learns to predict 0 for each user's withheld item. */
class ImplicitAlsContractTest extends ModelContractTest {
  @Override
  protected Model fit(Interactions data) {
    return ModelTypes.fit(new ImplicitAls.Type(), Map.of("factors", "4", "iterations", "15", "regularization", "0.1", "alpha", "2"), data);
  }
}

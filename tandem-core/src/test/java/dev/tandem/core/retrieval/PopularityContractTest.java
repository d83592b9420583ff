package dev.tandem.core.retrieval;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelContractTest;

class PopularityContractTest extends ModelContractTest {
  @Override
  protected Model fit(Interactions data) {
    return new Popularity.Trainer(new Popularity.Params(0)).fit(data);
  }

  @Override
  protected boolean personalised() {
    return false;
  }
}

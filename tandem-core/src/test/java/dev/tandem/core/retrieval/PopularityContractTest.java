package dev.tandem.core.retrieval;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelContractTest;
import java.util.Map;

class PopularityContractTest extends ModelContractTest {
  @Override
  protected Model fit(Interactions data) {
    return new Popularity.Trainer(new Popularity.Params(0)).fit(data);
  }

  @Override
  protected Map<Adaptation, String> adaptations() {
    return Map.of(Adaptation.NOT_PERSONALISED,
        "popularity ranks every history by the same interaction counts, so no group's item can rank first");
  }
}

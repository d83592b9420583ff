package dev.tandem.core.retrieval;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelContractTest;
import dev.tandem.core.model.ModelTypes;
import java.util.BitSet;
import java.util.Map;
import java.util.Random;

/** The shared contract, with group A (items 0..5) and group B (6..11) embedded along two axes plus noise. */
class HybridContractTest extends ModelContractTest {
  @Override
  protected Model fit(Interactions data) {
    int m = data.numItems();
    int d = 4;
    float[] v = new float[m * d];
    Random r = new Random(23);
    for (int i = 0; i < m; i++) {
      for (int k = 0; k < d; k++) {
        v[i * d + k] = (float) (0.05 * r.nextGaussian());
      }
      v[i * d + (i < 6 ? 0 : 1)] += 1;
    }
    BitSet present = new BitSet();
    present.set(0, m);
    Interactions x = data.withItemVectors(new ItemVectors(data.items(), d, v, present));
    return ModelTypes.fit(Hybrid.PARAMETERS.parse(Map.of("factors", "2", "iterations", "15", "regularization", "0.1",
        "alpha", "2", "semantic_weight", "0.5", "threads", "1")), x);
  }
}

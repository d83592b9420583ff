package dev.tandem.core.retrieval;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelContractTest;
import java.util.BitSet;
import java.util.Random;

class SemanticContractTest extends ModelContractTest {
  /** Group A (items 0..5) along the first axis, group B (6..11) along the second, each with small noise. */
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
    return new Semantic.Trainer(params()).fit(x);
  }

  protected Semantic.Params params() {
    return new Semantic.Params(0, true, false);
  }
}

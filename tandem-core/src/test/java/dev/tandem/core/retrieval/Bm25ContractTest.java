package dev.tandem.core.retrieval;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.ItemTexts;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelContractTest;

class Bm25ContractTest extends ModelContractTest {
  private static final String[] SPACE = {"rocket", "orbit", "galaxy", "planet", "starship", "comet"};
  private static final String[] FOOD = {"recipe", "kitchen", "baking", "spice", "dinner", "soup"};

  /**
   * Group A (items 0..5) share space words, group B (6..11) cooking words; each document has two
   * group words, so a group's other items all share terms with it and no item of the other group does.
   */
  @Override
  protected Model fit(Interactions data) {
    String[] texts = new String[data.numItems()];
    for (int i = 0; i < texts.length; i++) {
      String[] words = i < 6 ? SPACE : FOOD;
      int k = i % 6;
      texts[i] = "story " + words[k] + " " + words[(k + 1) % 6] + " " + words[(k + 3) % 6] + " item" + i;
    }
    Interactions x = data.withItemTexts(new ItemTexts(data.items(), texts));
    return new Bm25.Trainer(Bm25.Params.defaults()).fit(x);
  }
}

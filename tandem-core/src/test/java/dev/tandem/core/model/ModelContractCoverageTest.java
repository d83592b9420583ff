package dev.tandem.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every model type registered with {@link ModelTypes} has a subclass of {@link ModelContractTest}:
 * a new model that is registered without one fails here, naming the type.
 */
class ModelContractCoverageTest {
  /** The contract tests, one or more per registered type. */
  private static final List<String> CONTRACTS = List.of(
      "dev.tandem.core.retrieval.PopularityContractTest",
      "dev.tandem.core.retrieval.ItemKnnTest",
      "dev.tandem.core.retrieval.EaseTest",
      "dev.tandem.core.retrieval.ImplicitAlsContractTest",
      "dev.tandem.core.retrieval.SemanticContractTest",
      "dev.tandem.core.retrieval.SemanticHnswContractTest",
      "dev.tandem.core.retrieval.Bm25ContractTest",
      "dev.tandem.core.retrieval.HybridContractTest",
      "dev.tandem.core.fusion.RrfContractTest",
      "dev.tandem.core.fusion.LearnedFusionContractTest");

  @Test
  void every_registered_model_type_passes_the_model_contract() throws Exception {
    Set<String> covered = new TreeSet<>();
    for (String name : CONTRACTS) {
      Class<?> c = Class.forName(name);
      assertThat(ModelContractTest.class).as(name).isAssignableFrom(c);
      Constructor<?> ctor = c.getDeclaredConstructor();
      ctor.setAccessible(true);
      ModelContractTest test = (ModelContractTest) ctor.newInstance();
      covered.add(test.fit(ModelContractTest.checkerboard()).type());
    }
    assertThat(covered).containsExactlyInAnyOrderElementsOf(ModelTypes.names());
  }
}

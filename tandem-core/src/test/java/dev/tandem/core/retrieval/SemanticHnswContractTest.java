package dev.tandem.core.retrieval;

/** The model contract with recommendations from the HNSW graph. */
class SemanticHnswContractTest extends SemanticContractTest {
  @Override
  protected Semantic.Params params() {
    return new Semantic.Params(0, true, false).withSearch(Semantic.Search.HNSW);
  }
}

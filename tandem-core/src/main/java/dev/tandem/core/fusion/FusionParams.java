package dev.tandem.core.fusion;

import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.Param;
import dev.tandem.core.model.ParamSet;

/** The parameters that the fused models ({@link Rrf}, {@link LearnedFusion}) share, declared once. Stateless. */
final class FusionParams {
  static final Param<Integer> DEPTH = Param.integer("depth", 100, 1, 100_000,
      "How many of each channel's top items take part (at least the longest list you evaluate).");
  static final Param<Double> MMR_LAMBDA = Param.decimal("mmr_lambda", 1, 0, true, 1,
      "Diversity: MMR over item embeddings on the top `mmr_depth` items; 1 = off, lower = more diverse.");
  static final Param<Integer> MMR_DEPTH = Param.integer("mmr_depth", 100, 1, 10_000,
      "How many of the top fused items MMR reorders.");

  private FusionParams() {}

  /** The declared parameters of channel model {@code name}. */
  static ParamSet channelSet(String name) {
    return ModelTypes.byName(name).parameters();
  }
}

package dev.tandem.core.rating;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.kernel.SparseMatrix;
import dev.tandem.core.model.ParamSet;
import dev.tandem.core.model.ParamValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The explicit-rating models by name ({@code baseline}, {@code biasedmf}, {@code svdpp},
 * {@code blend} of biased MF and SVD++ with their defaults), for {@code tandem evaluate
 * --protocol ratings}. Stateless.
 */
public final class RatingModels {
  private static final Map<String, ParamSet> PARAMS = new LinkedHashMap<>();
  private static final Map<String, Function<ParamValues, RatingTrainer<?>>> TRAINERS = new LinkedHashMap<>();

  static {
    register(BiasBaseline.PARAMETERS, v -> new BiasBaseline.Trainer(BiasBaseline.Params.bind(v)));
    register(BiasedMf.PARAMETERS, v -> new BiasedMf.Trainer(BiasedMf.Params.bind(v)));
    register(SvdPlusPlus.PARAMETERS, v -> new SvdPlusPlus.Trainer(SvdPlusPlus.Params.bind(v)));
    // the blend of biased MF and SVD++, each with its default (validation-tuned) parameters
    register(Blend.PARAMETERS, v -> new Blend.Trainer(Blend.Params.bind(v),
        List.of(new BiasedMf.Trainer(BiasedMf.Params.defaults()), new SvdPlusPlus.Trainer(SvdPlusPlus.Params.defaults()))));
  }

  private RatingModels() {}

  private static void register(ParamSet params, Function<ParamValues, RatingTrainer<?>> trainer) {
    PARAMS.put(params.model(), params);
    TRAINERS.put(params.model(), trainer);
  }

  /** The names, in a stable order. */
  public static List<String> names() {
    return List.copyOf(TRAINERS.keySet());
  }

  /** Whether {@code name} is a rating model. */
  public static boolean has(String name) {
    return TRAINERS.containsKey(name);
  }

  /**
   * The declared parameters of rating model {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static ParamSet parameters(String name) {
    require(name);
    return PARAMS.get(name);
  }

  /**
   * A trainer for the rating model of {@code values}.
   *
   * @throws IllegalArgumentException for an unknown model or values that break a rule spanning several keys
   */
  public static RatingTrainer<?> trainer(ParamValues values) {
    return require(values.model()).apply(values);
  }

  private static Function<ParamValues, RatingTrainer<?>> require(String name) {
    Function<ParamValues, RatingTrainer<?>> t = TRAINERS.get(name);
    if (t == null) {
      throw new IllegalArgumentException("rating model (" + name + ") is not known; expected one of " + TRAINERS.keySet());
    }
    return t;
  }

  /** The ratings held in an interaction matrix whose values are rating values (as {@code EvalData.ratings()}). */
  public static Ratings ratingsOf(Interactions x) {
    SparseMatrix m = x.userItem();
    int[] userOf = new int[m.nnz()];
    for (int u = 0; u < m.rows(); u++) {
      for (int k = m.rowPtr()[u]; k < m.rowPtr()[u + 1]; k++) {
        userOf[k] = u;
      }
    }
    return Ratings.of(x.users(), x.items(), userOf, m.colIdx().clone(), m.values().clone());
  }
}

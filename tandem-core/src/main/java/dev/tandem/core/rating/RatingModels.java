package dev.tandem.core.rating;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.kernel.SparseMatrix;
import java.lang.reflect.RecordComponent;
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
  private static final Map<String, Function<Map<String, String>, RatingTrainer<?>>> TRAINERS = new LinkedHashMap<>();
  private static final Map<String, Function<Map<String, String>, Record>> PARAMS = new LinkedHashMap<>();

  static {
    register(BiasBaseline.NAME, BiasBaseline.Params::from, p -> new BiasBaseline.Trainer((BiasBaseline.Params) p));
    register(BiasedMf.NAME, BiasedMf.Params::from, p -> new BiasedMf.Trainer((BiasedMf.Params) p));
    register(SvdPlusPlus.NAME, SvdPlusPlus.Params::from, p -> new SvdPlusPlus.Trainer((SvdPlusPlus.Params) p));
    // the blend of biased MF and SVD++, each with its default (validation-tuned) parameters
    register(Blend.NAME, Blend.Params::from, p -> new Blend.Trainer((Blend.Params) p,
        List.of(new BiasedMf.Trainer(BiasedMf.Params.defaults()), new SvdPlusPlus.Trainer(SvdPlusPlus.Params.defaults()))));
  }

  private RatingModels() {}

  private static void register(String name, Function<Map<String, String>, Record> params,
      Function<Record, RatingTrainer<?>> trainer) {
    PARAMS.put(name, params);
    TRAINERS.put(name, overrides -> trainer.apply(params.apply(overrides)));
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
   * A trainer for {@code name} with defaults overridden by {@code overrides}.
   *
   * @throws IllegalArgumentException for an unknown name, key or value (the message names it)
   */
  public static RatingTrainer<?> trainer(String name, Map<String, String> overrides) {
    return require(name).apply(overrides);
  }

  /** The effective parameters of {@code name} with {@code overrides}, as strings, for reports. */
  public static Map<String, String> effectiveParams(String name, Map<String, String> overrides) {
    require(name);
    Record p = PARAMS.get(name).apply(overrides);
    Map<String, String> out = new LinkedHashMap<>();
    for (RecordComponent c : p.getClass().getRecordComponents()) {
      try {
        out.put(c.getName(), String.valueOf(c.getAccessor().invoke(p)));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read parameter " + c.getName() + " of " + name, e);
      }
    }
    return out;
  }

  private static Function<Map<String, String>, RatingTrainer<?>> require(String name) {
    Function<Map<String, String>, RatingTrainer<?>> t = TRAINERS.get(name);
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

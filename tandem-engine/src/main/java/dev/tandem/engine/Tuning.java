package dev.tandem.engine;

import dev.tandem.core.eval.EvalData;
import dev.tandem.core.eval.EvalOptions;
import dev.tandem.core.eval.Evaluator;
import dev.tandem.core.eval.Events;
import dev.tandem.core.eval.ModelResult;
import dev.tandem.core.eval.Pairs;
import dev.tandem.core.eval.Protocol;
import dev.tandem.core.eval.SplitData;
import dev.tandem.core.eval.SplitOptions;
import dev.tandem.core.eval.SplitStats;
import dev.tandem.core.eval.Splitter;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.ParamValues;
import dev.tandem.core.tune.RandomSearch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hyper-parameter search on a validation split carved from training data only: the training
 * pairs are split again by {@code holdout-users} (validation users' positives 80% fold-in, 20%
 * targets), every trial is fitted on the remaining users and scored on the validation users, and
 * the best trial by one metric wins. Test users of the outer split are never seen. Seeded random
 * search whose first trial is the current defaults, so the result is never worse than the
 * defaults on the validation data.
 */
public final class Tuning {
  private static final Pattern METRIC = Pattern.compile("([a-z_]+)@(\\d+)");

  private Tuning() {}

  /**
   * One evaluated parameter set.
   *
   * @param number 1-based trial number (1 = the defaults)
   * @param overrides what the trial changed from the base parameters
   * @param params the effective parameters
   * @param score the target metric on the validation users
   * @param fitSeconds time to fit
   */
  public record Trial(int number, Map<String, String> overrides, Map<String, String> params, double score,
      double fitSeconds) {}

  /**
   * A search's outcome.
   *
   * @param model the model tuned
   * @param metric the metric maximised, e.g. {@code ndcg@100}
   * @param validation statistics of the validation split
   * @param trials every trial, in the order run
   * @param best the trial with the highest score (the earliest on ties)
   */
  public record Result(String model, String metric, SplitStats validation, List<Trial> trials, Trial best) {
    public Result {
      trials = List.copyOf(trials);
    }
  }

  /** Progress: told after every trial. */
  @FunctionalInterface
  public interface Listener {
    void trialDone(Trial trial, int budget);
  }

  /**
   * Carves the validation split from the training pairs of {@code outer} (never its test users):
   * {@code holdout-users} with {@code users} validation users, or, when {@code users} is 0, with
   * {@code min(600, a fifth of the training users with at least 5 positives)}.
   *
   * @param positiveRating rated pairs at or above it are positives; in an unrated split every pair is
   * @throws IllegalArgumentException if {@code users} is negative or more than the eligible users
   */
  public static SplitData validationSplit(SplitData outer, double positiveRating, int users, long seed) {
    if (users < 0) {
      throw new IllegalArgumentException("validation users (" + users + ") must be >= 0 (0 chooses automatically)");
    }
    Pairs train = outer.train();
    Events.Builder b = Events.builder();
    Map<String, Integer> positives = new HashMap<>();
    for (int i = 0; i < train.size(); i++) {
      double r = outer.rated() ? train.rating(i) : positiveRating;
      b.add(train.user(i), train.item(i), r, 0);
      if (r >= positiveRating) {
        positives.merge(train.user(i), 1, Integer::sum);
      }
    }
    if (users == 0) {
      long eligible = positives.values().stream().filter(c -> c >= 5).count();
      users = (int) Math.max(1, Math.min(600, eligible / 5));
    }
    SplitOptions o = SplitOptions.defaults(Protocol.HOLDOUT_USERS).withSeed(seed).withTestUsers(users);
    o = new SplitOptions(o.protocol(), o.seed(), positiveRating, o.minUserPositives(), o.testUsers(),
        o.targetFraction(), o.coldFraction(), o.timeQuantile());
    return Splitter.split(b.build(), o, "validation carved from training data");
  }

  /**
   * Runs {@code budget} trials of the model of {@code base} on {@code validation} ({@link EvalData#of} a
   * {@link #validationSplit}, with the item content the model {@linkplain ModelType#needs needs}),
   * over the search space its declaration gives.
   *
   * @param base parameters the trials start from (e.g. the home's configuration); trial 1 uses them as they are
   * @param metric what to maximise: {@code name@K} of a ranking metric, e.g. {@code ndcg@100}
   * @throws IllegalArgumentException for an unknown metric, a model without a search space, or budget < 1
   */
  public static Result tune(ParamValues base, EvalData validation, int budget, long seed, String metric,
      Listener listener) {
    ModelType<?, ?> type = ModelTypes.byName(base.model());
    Matcher m = METRIC.matcher(metric);
    if (!m.matches()) {
      throw new IllegalArgumentException("metric (" + metric + ") must look like name@K, e.g. ndcg@100 or recall@20");
    }
    int k = Integer.parseInt(m.group(2));
    if (type.searchSpace().isEmpty()) {
      throw new IllegalArgumentException("model " + type.name() + " has no hyper-parameters to tune");
    }
    EvalData data = validation;
    Evaluator evaluator = new Evaluator(new EvalOptions(List.of(k), 1, 1, seed, EvalOptions.Progress.NONE));
    List<Trial> trials = new ArrayList<>();
    Trial best = null;
    int number = 0;
    for (Map<String, String> overrides : RandomSearch.trials(type.searchSpace(), budget, seed)) {
      ParamValues p = base.with(base.declaration().parse(overrides));
      Map<String, String> effective = p.describe();
      ModelResult r = evaluator.evaluate(type.name(), effective, x -> ModelTypes.fit(p, x), false, data);
      if (!r.metrics().containsKey(metric)) {
        throw new IllegalArgumentException("metric (" + metric + ") is not reported; known: " + r.metrics().keySet());
      }
      Trial t = new Trial(++number, overrides, effective, r.metric(metric), r.fitSeconds());
      trials.add(t);
      if (best == null || t.score() > best.score()) {
        best = t;
      }
      listener.trialDone(t, budget);
    }
    return new Result(type.name(), metric, data.stats(), trials, best);
  }
}

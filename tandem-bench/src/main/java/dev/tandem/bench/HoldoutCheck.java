package dev.tandem.bench;

import dev.tandem.core.eval.EvalData;
import dev.tandem.core.eval.EvalOptions;
import dev.tandem.core.eval.EvalReport;
import dev.tandem.core.eval.ModelResult;
import dev.tandem.core.eval.SplitFolder;
import dev.tandem.engine.EvaluateOptions;
import dev.tandem.engine.Evaluation;
import dev.tandem.engine.TandemConfig;
import dev.tandem.engine.TrainOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A one-line cross-check against {@code refrec.py score}: evaluates one model on a split folder
 * with the evaluator ({@link Evaluation}, the same code as {@code tandem evaluate --split}) and
 * prints refrec's headline numbers as one JSON line. Prefer {@code tandem evaluate}; this stays
 * for scripts that want a single line.
 *
 * <pre>
 * java -cp tandem-bench/target/benchmarks.jar dev.tandem.bench.HoldoutCheck /tmp/ref/gb-holdout ease lambda=500
 * </pre>
 */
public final class HoldoutCheck {
  private HoldoutCheck() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: HoldoutCheck SPLIT_DIR MODEL [key=value ...]");
      System.exit(2);
    }
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int a = 2; a < args.length; a++) {
      int eq = args[a].indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("parameter (" + args[a] + ") must look like key=value");
      }
      overrides.put(args[a].substring(0, eq), args[a].substring(eq + 1));
    }
    EvalData data = EvalData.of(SplitFolder.read(Path.of(args[0])));
    EvalOptions eval = new EvalOptions(List.of(10, 20, 50, 100), 1, 1, 1, EvalOptions.Progress.NONE);
    EvalReport report = Evaluation.run(data, new EvaluateOptions(List.of(args[1]),
        TrainOptions.parseParams(Map.of(args[1], overrides)), eval),
        TandemConfig.DEFAULTS);
    ModelResult r = report.results().get(0);
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("model", r.model());
    line.put("params", r.params());
    line.put("users", r.users());
    line.put("items", data.items().size());
    for (String m : List.of("recall@20", "recall@50", "ndcg@10", "ndcg@100")) {
      line.put(m, r.metric(m));
    }
    line.put("fit_seconds", r.fitSeconds());
    line.put("score_seconds", r.scoreSeconds());
    try {
      System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(line));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.tandem.cli;

import dev.tandem.core.eval.EvalData;
import dev.tandem.core.eval.SplitData;
import dev.tandem.core.eval.SplitFolder;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.ParamValues;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TandemConfig;
import dev.tandem.engine.Tuning;
import dev.tandem.wire.CommandJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "tune", description = "Search hyper-parameters on a validation split carved from training data only, "
    + "print the trials, and save the best values to tandem.toml for `train`.")
final class TuneCommand implements Callable<Integer> {
  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--models", split = ",", required = true, paramLabel = "M[,M...]",
      completionCandidates = ModelHelp.Tunable.class,
      description = "Models to tune, e.g. ease,ials. Known: ${COMPLETION-CANDIDATES}.")
  List<String> models = new ArrayList<>();

  @Option(names = "--budget", defaultValue = "20", description = "Trials per model, the first being the current values (default: ${DEFAULT-VALUE}).")
  int budget;

  @Option(names = "--split", paramLabel = "DIR", required = true,
      description = "A split folder (from `tandem split` or refrec.py); only its train.csv is used, never its test users.")
  Path split;

  @Option(names = "--metric", defaultValue = "ndcg@100", description = "Metric to maximise (default: ${DEFAULT-VALUE}).")
  String metric;

  @Option(names = "--validation-users", defaultValue = "0",
      description = "Validation users carved from training; 0 (default) takes min(600, a fifth of the training users).")
  int validationUsers;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the validation split and the search (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--no-save", description = "Only print; leave tandem.toml as it is.")
  boolean noSave;

  @Option(names = "--json", description = "Print the trials as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    for (String m : models) {
      ModelTypes.byName(m);
    }
    try (Tandem tandem = cli.open()) {
      SplitData outer = SplitFolder.read(split);
      SplitData validation = Tuning.validationSplit(outer, tandem.config().feedback().positiveRating(),
          validationUsers, seed);
      List<Object> all = new ArrayList<>();
      ProgressBar bar = new ProgressBar(!json);
      for (String name : models) {
        ModelType<?, ?> type = ModelTypes.byName(name);
        Tuning.Result r;
        try {
          ParamValues base = tandem.config().paramsOf(name);
          EvalData data = tandem.withContent(EvalData.of(validation), ModelTypes.needs(base));
          r = Tuning.tune(base, data, budget, seed, metric, (t, n) -> bar.update("tune " + type.name(), t.number(), n));
        } finally {
          bar.finish();
        }
        boolean saved = false;
        if (!noSave) {
          TandemConfig.writeModelParams(tandem.home().resolve("tandem.toml"), name, r.best().params());
          saved = true;
        }
        if (json) {
          all.add(CommandJson.tuning(r, saved));
        } else {
          print(out, r, saved, tandem.home().resolve("tandem.toml"));
        }
      }
      if (json) {
        Json.print(out, all);
      }
    }
    return 0;
  }

  private void print(PrintWriter out, Tuning.Result r, boolean saved, Path config) {
    out.printf(Locale.ROOT, "%s: %d trials on %,d validation users (%,d training users), maximising %s%n", r.model(),
        r.trials().size(), r.validation().testUsers(), r.validation().trainUsers(), r.metric());
    out.printf(Locale.ROOT, "  %5s  %-10s  %8s  %s%n", "trial", r.metric(), "fit s", "parameters");
    for (Tuning.Trial t : r.trials()) {
      out.printf(Locale.ROOT, "  %5d  %-10.5f  %8.2f  %s%s%n", t.number(), t.score(), t.fitSeconds(),
          t.overrides().isEmpty() ? "(current values) " + t.params() : t.overrides(), t == r.best() ? "  <- best" : "");
    }
    out.printf(Locale.ROOT, "  best: %s = %.5f with %s%s%n%n", r.metric(), r.best().score(), r.best().params(),
        saved ? "; saved to " + config : " (not saved)");
  }
}

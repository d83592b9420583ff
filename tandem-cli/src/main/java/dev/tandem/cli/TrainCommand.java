package dev.tandem.cli;

import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import dev.tandem.engine.TrainReport;
import dev.tandem.wire.TrainJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "train", description = "Fit models on all feedback in the store and publish a new snapshot.")
final class TrainCommand implements Callable<Integer> {
  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--models", split = ",", paramLabel = "M[,M...]",
      completionCandidates = ModelHelp.Names.class,
      description = "Models to fit (default: train.models in tandem.toml). Known: ${COMPLETION-CANDIDATES}."
          + " Rating models, for `tandem predict`: baseline, biasedmf, svdpp, blend.")
  List<String> models = new ArrayList<>();

  @Option(names = "--param", paramLabel = "MODEL.KEY=VALUE",
      description = "Override a hyper-parameter for this run, e.g. --param ease.lambda=300 (repeatable).")
  List<String> params = new ArrayList<>();

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    try (Tandem tandem = cli.open()) {
      TrainOptions options = new TrainOptions(models, TrainOptions.parseParams(params), (m, s) -> {
        if (!json) {
          out.printf(Locale.ROOT, "  %-8s fitted in %.2f s%n", m, s);
          out.flush();
        }
      });
      if (!json) {
        out.println("Training on " + tandem.home().toAbsolutePath().normalize() + " ...");
      }
      TrainReport r = tandem.train(options);
      if (json) {
        Json.print(out, TrainJson.report(r));
      } else {
        out.printf(Locale.ROOT, "Snapshot %d written to %s (%.1f MB)%n", r.version(), r.file(), r.snapshotBytes() / 1e6);
        out.printf(Locale.ROOT, "  %,d users x %,d items, %,d positive pairs from %,d events%s%n", r.users(), r.items(),
            r.interactions(), r.events(), r.skippedEvents() > 0 ? " (" + r.skippedEvents() + " of unconfigured types skipped)" : "");
        out.printf(Locale.ROOT, "  load %.2f s, write %.2f s%n", r.loadSeconds(), r.writeSeconds());
        if (r.invalid().invalid() > 0) {
          var err = spec.commandLine().getErr();
          err.println("warning: " + r.invalid().describe() + "; `tandem doctor` lists them, `tandem doctor --fix`"
              + " removes them");
          err.flush();
        }
      }
    }
    return 0;
  }
}

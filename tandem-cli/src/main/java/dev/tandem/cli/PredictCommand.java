package dev.tandem.cli;

import dev.tandem.engine.ApiException;
import dev.tandem.engine.PredictResult;
import dev.tandem.engine.Tandem;
import dev.tandem.wire.PredictJson;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "predict", description = {"Predict the rating a user would give an item.",
    "The user's stored ratings are folded into a rating model of the snapshot (train one with"
        + " `tandem train --models pop,biasedmf`; rating models: baseline, biasedmf, svdpp, blend)."
        + " A user without ratings gets the model's baseline (global mean + item bias), marked as a fallback."})
final class PredictCommand implements Callable<Integer> {
  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--user", required = true, description = "External user id.")
  String user;

  @Option(names = "--item", required = true, description = "External item id.")
  String item;

  @Option(names = "--model", description = "Rating model of the snapshot (default: the first one trained).")
  String model;

  @Option(names = "--json", description = "Print JSON (the body of GET /predict/{user}/{item}).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (Tandem tandem = cli.open()) {
      PredictResult r;
      try {
        r = tandem.predict(user, item, Optional.ofNullable(model));
      } catch (ApiException e) {
        if (e.status() == 404) { // an unknown user or item is the caller's mistake: exit 2
          throw new IllegalArgumentException(e.getMessage(), e);
        }
        throw e;
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Json.print(out, PredictJson.result(r));
      } else {
        out.printf(Locale.ROOT, "%s would rate %s %.3f (%s, %d of their ratings, snapshot %d)%n", r.user(), r.item(),
            r.rating(), r.model(), r.ratingsUsed(), r.snapshotVersion());
        if (r.fallback()) {
          spec.commandLine().getErr().println("note: " + r.reason());
        }
      }
    }
    return 0;
  }
}

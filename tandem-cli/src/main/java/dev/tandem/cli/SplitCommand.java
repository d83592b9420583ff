package dev.tandem.cli;

import dev.tandem.core.eval.FlatJson;
import dev.tandem.core.eval.SplitData;
import dev.tandem.core.eval.SplitFolder;
import dev.tandem.core.eval.SplitOptions;
import dev.tandem.engine.Tandem;
import dev.tandem.wire.CommandJson;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "split", description = {
    "Split the home's feedback by a protocol into a refrec-compatible folder.",
    "Writes train.csv, test_history.csv, test_target.csv and meta.json (cold_items.csv for cold-items;",
    "a rating column for ratings).",
    "Ratings >= --min-rating are positives; other configured feedback types with a positive weight count as positives."})
final class SplitCommand implements Callable<Integer> {
  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Mixin SplitOptionsMixin split;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (created; split files replaced).")
  Path out;

  @Option(names = "--json", description = "Print the meta data as JSON.")
  boolean json;

  @Override
  public Integer call() {
    var o = spec.commandLine().getOut();
    SplitOptions options = split.options(); // a bad option is reported before the home is looked at
    try (Tandem tandem = cli.open()) {
      SplitData s = tandem.split(options);
      SplitFolder.write(s, out);
      if (json) {
        Json.print(o, CommandJson.split(out.toString(), FlatJson.write(s.meta())));
      } else {
        o.printf("Split %s (seed %d) written to %s%n", s.protocol(), s.seed(), out);
        o.printf("  train %,d rows; %,d test users, %,d history rows, %,d target rows%s%n", s.train().size(),
            s.target().distinctUsers(), s.history().size(), s.target().size(),
            s.hasColdItems() ? "; " + s.coldItems().size() + " cold items" : "");
      }
    }
    return 0;
  }
}

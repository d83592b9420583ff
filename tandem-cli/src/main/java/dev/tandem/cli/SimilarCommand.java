package dev.tandem.cli;

import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Tandem;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "similar", description = "List the items most similar to an item.")
final class SimilarCommand implements Callable<Integer> {
  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--item", required = true, description = "External item id.")
  String item;

  @Mixin ListOptions list;

  @Override
  public Integer call() throws Exception {
    try (Tandem tandem = cli.open()) {
      long t0 = System.nanoTime();
      RecommendResult r = tandem.similar(item, list.options());
      double ms = (System.nanoTime() - t0) / 1e6;
      Lists.print(spec.commandLine().getOut(), list.json, "item", item, r, ms);
      Lists.warnFallback(spec.commandLine().getErr(), r);
    }
    return 0;
  }
}

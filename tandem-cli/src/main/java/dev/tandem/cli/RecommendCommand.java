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

@Command(name = "recommend", description = "Recommend items for a user, from the user's history in the store.")
final class RecommendCommand implements Callable<Integer> {
  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--user", required = true, description = "External user id.")
  String user;

  @Mixin ListOptions list;

  @Override
  public Integer call() throws Exception {
    try (Tandem tandem = cli.open()) {
      long t0 = System.nanoTime();
      RecommendResult r = tandem.recommend(user, list.options());
      double ms = (System.nanoTime() - t0) / 1e6;
      Lists.print(spec.commandLine().getOut(), list.json, "user", user, r, ms);
    }
    return 0;
  }
}

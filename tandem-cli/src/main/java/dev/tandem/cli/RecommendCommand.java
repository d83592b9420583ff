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

@Command(name = "recommend", description = {"Recommend items for a user, from the user's history in the store,",
    "and/or from a profile text (what the user says they like; semantic and bm25 read it)."})
final class RecommendCommand implements Callable<Integer> {
  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--user", description = "External user id (optional with --profile).")
  String user = "";

  @Option(names = "--profile", paramLabel = "TEXT",
      description = "What the user likes in words, e.g. \"I like space opera\"; embedded with the [embed] model.")
  String profile = "";

  @Mixin ListOptions list;

  @Override
  public Integer call() throws Exception {
    if (user.isBlank() && profile.isBlank()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "give --user, --profile or both (e.g. --profile \"I like space opera\")");
    }
    try (Tandem tandem = cli.open()) {
      long t0 = System.nanoTime();
      RecommendResult r = profile.isBlank() ? tandem.recommend(user, list.options())
          : tandem.recommend(user.strip(), profile, list.options());
      double ms = (System.nanoTime() - t0) / 1e6;
      Lists.print(spec.commandLine().getOut(), list.json, "user", user.strip(), profile, r, ms);
    }
    return 0;
  }
}

package dev.tandem.cli;

import dev.tandem.engine.RecommendOptions;
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

  @Option(names = "--explain", description = "Show each channel's contribution (fused models rrf and fusion).")
  boolean explain;

  @Option(names = "--mmr-lambda", paramLabel = "L",
      description = "Diversity reranking of a fused model's list by MMR over item embeddings, in [0, 1] (1 = none).")
  Double mmrLambda;

  @Override
  public Integer call() throws Exception {
    try (Tandem tandem = cli.open()) {
      long t0 = System.nanoTime();
      RecommendOptions options = list.options();
      if (mmrLambda != null) {
        options = options.withMmr(mmrLambda);
      }
      RecommendResult r = tandem.recommend(user, options);
      double ms = (System.nanoTime() - t0) / 1e6;
      Lists.print(spec.commandLine().getOut(), list.json, "user", user, r, ms, explain);
    }
    return 0;
  }
}

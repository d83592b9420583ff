package dev.tandem.cli;

import dev.tandem.engine.RecommendOptions;
import picocli.CommandLine.Option;

/** Options shared by the commands that print a ranked list (recommend, similar). */
final class ListOptions {
  @Option(names = "--n", defaultValue = "10", description = "How many items (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--model", completionCandidates = ModelHelp.Names.class,
      description = "Model to ask (default: recommend.model in tandem.toml); it must be in the snapshot. Known: ${COMPLETION-CANDIDATES}.")
  String model;

  @Option(names = "--category", description = "Only items with this category or tag.")
  String category;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  RecommendOptions options() {
    return new RecommendOptions(n, model, category);
  }
}

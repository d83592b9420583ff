package dev.tandem.cli;

import dev.tandem.core.data.Quote;
import dev.tandem.engine.Deadline;
import dev.tandem.engine.RecommendOptions;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Tandem;
import dev.tandem.llm.explain.Language;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "recommend", description = {
    "Recommend items for a user from their stored history, from a profile text, or both.",
    "A profile text is what the user says they like; semantic and bm25 read it. A --user's stored profile counts",
    "as one when --profile is not given; --profile wins over it.",
    "An unknown --user is an error (as GET /recommend/{user} answers 404); an answer from another model than",
    "the one asked for or configured says why on standard error (and in --json: fallback, fallback_reason)."})
final class RecommendCommand implements Callable<Integer> {
  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--user", description = "External user id (optional with --profile).")
  String user = "";

  @Option(names = "--profile", paramLabel = "TEXT",
      description = "What the user likes in words, e.g. \"I like space opera\"; embedded with the [embed] model.")
  String profile = "";

  @Mixin ListOptions list;

  @Option(names = "--explain", description = {"Explain each item: a sentence from the history items that led to it,",
      "shared categories/tags and (fused models rrf and fusion) each channel's contribution."})
  boolean explain;

  @Option(names = "--lang", paramLabel = "LANG", description = "Language of the explanations: en (default) or zh.")
  String lang = "en";

  @Option(names = "--mmr-lambda", paramLabel = "L",
      description = "Diversity reranking of a fused model's list by MMR over item embeddings, in [0, 1] (1 = none).")
  Double mmrLambda;

  @Override
  public Integer call() throws Exception {
    if (user.isBlank() && profile.isBlank()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "give --user, --profile or both (e.g. --profile \"I like space opera\")");
    }
    Language language;
    try {
      language = Language.parse(lang);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--lang (" + lang + ") must be en or zh");
    }
    try (Tandem tandem = cli.open()) {
      String id = user.strip();
      if (!id.isEmpty() && tandem.store().users().get(id).isEmpty()) {
        // as GET /recommend/{user} answers 404: an unknown id is a mistake, not a new user to give popularity to
        throw new IllegalArgumentException("user (" + Quote.of(id) + ") is not in the store of "
            + tandem.home().toAbsolutePath().normalize() + " (" + String.format(Locale.ROOT, "%,d",
            tandem.store().users().count()) + " users); check the id, or recommend for a new visitor with --profile"
            + " TEXT and no --user");
      }
      long t0 = System.nanoTime();
      RecommendOptions options = list.options();
      if (mmrLambda != null) {
        options = options.withMmr(mmrLambda);
      }
      RecommendResult r = profile.isBlank() ? tandem.recommend(user, options)
          : tandem.recommend(user.strip(), profile, options);
      if (explain) { // from the history and snapshot the list was computed from: no second read or embedding
        r = tandem.explain(r, language, List.of(), Deadline.NONE);
      }
      double ms = (System.nanoTime() - t0) / 1e6;
      Lists.print(spec.commandLine().getOut(), list.json, "user", id, profile, r, ms, explain);
      Lists.warnFallback(spec.commandLine().getErr(), r);
    }
    return 0;
  }
}

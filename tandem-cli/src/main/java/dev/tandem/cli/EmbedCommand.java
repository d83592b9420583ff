package dev.tandem.cli;

import dev.tandem.engine.Tandem;
import dev.tandem.engine.embed.EmbedReport;
import dev.tandem.wire.CommandJson;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "embed", description = {
    "Embed every item's document ([embed] template in tandem.toml) with the configured in-process model.",
    "Vectors are cached in the store by model and text: only new or changed documents are embedded."})
final class EmbedCommand implements Callable<Integer> {
  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Tandem tandem = cli.open()) {
      if (!json) {
        out.println("Embedding items of " + tandem.home().toAbsolutePath().normalize() + " with "
            + tandem.config().embed().model() + " ...");
        out.flush();
      }
      ProgressBar bar = new ProgressBar(!json);
      EmbedReport r;
      try {
        r = tandem.embedItems((done, total) -> bar.update("embed", done, total));
      } finally {
        bar.finish();
      }
      if (json) {
        Json.print(out, CommandJson.embed(r));
      } else {
        out.printf(Locale.ROOT, "  %,d items: %,d cached, %,d texts embedded%s%n", r.items(), r.cached(), r.embedded(),
            r.empty() > 0 ? ", " + r.empty() + " without text (zero vector)" : "");
        out.printf(Locale.ROOT, "  model %s (%d dims), %.1f docs/s, %.2f s in total%n", r.model(), r.dimension(),
            r.docsPerSecond(), r.seconds());
      }
    }
    return 0;
  }
}

package dev.tandem.cli;

import dev.tandem.engine.TandemConfig;
import dev.tandem.wire.CommandJson;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "config", description = {"Validate the home's configuration and print every key with its effective"
    + " value and source: default, tandem.toml, or env TANDEM_<SECTION>_<KEY> (which wins over the file)."
    + " Secrets (store password, a password in store.url, server API keys) are masked. Exits 2 with the error"
    + " when the configuration is invalid."})
final class ConfigCommand implements Callable<Integer> {
  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    Path file = cli.requireHome().resolve("tandem.toml").toAbsolutePath().normalize();
    TandemConfig.Loaded loaded = TandemConfig.loadWithSources(file, cli.env);
    if (json) {
      Json.print(out, CommandJson.config(file.toString(), loaded.settings()));
      return 0;
    }
    out.printf(Locale.ROOT, "# %s: valid%n", file);
    for (TandemConfig.Setting s : loaded.settings()) {
      out.printf(Locale.ROOT, "%-44s # %s%n", s.key() + " = " + s.value(), s.source());
    }
    return 0;
  }
}

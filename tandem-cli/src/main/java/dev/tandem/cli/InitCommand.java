package dev.tandem.cli;

import dev.tandem.engine.Tandem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "init", description = {
    "Create an empty Tandem home (tandem.toml with the documented defaults, the store).",
    "Only init, import and demo create a home; every other command refuses a folder that is not one."})
final class InitCommand implements Callable<Integer> {
  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    boolean existed = Tandem.isHome(cli.home("tandem-home"));
    try (Tandem tandem = cli.openOrCreate()) {
      Path home = tandem.home().toAbsolutePath().normalize();
      out.println(existed ? "Tandem home " + home + " exists already; left as it is."
          : "Created Tandem home " + home + " (configuration: " + home.resolve("tandem.toml") + ").");
      if (!existed) {
        out.println("Next: `tandem --home " + home + " import ...` (see `tandem import --help`), then `tandem --home "
            + home + " train`.");
      }
    }
    return 0;
  }
}

package dev.tandem.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "completion", description = {
    "Print a bash/zsh completion script for tandem, generated from its commands.",
    "Load it with `source <(./tandem completion)` (zsh: run `autoload -U +X bashcompinit && bashcompinit` first),",
    "or save it, e.g. `./tandem completion > /etc/bash_completion.d/tandem`."})
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    out.print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
    out.flush();
    return 0;
  }
}

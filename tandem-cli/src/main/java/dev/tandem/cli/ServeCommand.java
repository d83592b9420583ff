package dev.tandem.cli;

import dev.tandem.engine.RetrainConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.server.TandemServer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "serve", description = "Serve the home's REST API (items, users, feedback, recommend; "
    + "GET /openapi.json describes it) until stopped.")
final class ServeCommand implements Callable<Integer> {
  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", description = "TCP port (0: any free port; default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Override
  public Integer call() throws Exception {
    try (Tandem tandem = cli.open(); TandemServer server = TandemServer.start(tandem, host, port)) {
      spec.commandLine().getOut().println("tandem: serving " + tandem.home() + " on http://" + host + ":"
          + server.port() + "/ (API: /openapi.json; Ctrl-C to stop)");
      for (String line : schedule(tandem.config().retrain())) {
        spec.commandLine().getOut().println("tandem: " + line);
      }
      spec.commandLine().getOut().flush();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      server.join();
    }
    return 0;
  }

  /** The retraining schedule and snapshot retention of {@code c}, as printed at start. */
  static List<String> schedule(RetrainConfig c) {
    String models = c.models().isEmpty() ? "the [train] models" : String.join(", ", c.models());
    String training = c.scheduled()
        ? "retraining " + models + " every " + RetrainConfig.format(c.every())
            + " in the background (skipped while feedback and items are unchanged); POST /admin/train retrains now"
        : "retraining on demand only (POST /admin/train); set [server] retrain_every to schedule it";
    String snapshots = "keeping the newest " + c.keepSnapshots() + " snapshots; "
        + (c.reloadEvery().isZero() ? "not checking for snapshots of other processes"
            : "checking for snapshots written by `tandem train` every " + RetrainConfig.format(c.reloadEvery()));
    return List.of(training, snapshots);
  }
}

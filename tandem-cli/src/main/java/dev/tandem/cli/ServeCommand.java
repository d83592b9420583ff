package dev.tandem.cli;

import dev.tandem.engine.Tandem;
import dev.tandem.server.TandemServer;
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
    try (Tandem tandem = cli.open()) {
      spec.commandLine().getOut().println("tandem: " + tandem.warm());
      serve(tandem);
    }
    return 0;
  }

  private void serve(Tandem tandem) throws Exception {
    try (TandemServer server = TandemServer.start(tandem, host, port)) {
      spec.commandLine().getOut().println("tandem: serving " + tandem.home() + " on http://" + host + ":"
          + server.port() + "/ (API: /openapi.json; Ctrl-C to stop)");
      spec.commandLine().getOut().flush();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      server.join();
    }
  }
}

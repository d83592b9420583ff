package dev.tandem.cli;

import dev.tandem.engine.RetrainConfig;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.server.TandemServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "serve", description = {"Serve the home's REST API (items, users, feedback, recommend) until stopped.",
    "GET /openapi.json describes it. Requests need 'Authorization: Bearer KEY' with a key "
    + "from [server] api_keys in tandem.toml or TANDEM_API_KEYS (name:key:scope, scope read|write|admin)."})
final class ServeCommand implements Callable<Integer> {
  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", description = "TCP port (0: any free port; default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to bind (default ${DEFAULT-VALUE}).")
  String host;

  /** The environment TANDEM_API_KEYS is read from. */
  Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws Exception {
    TandemServer.requirePort(port);
    try (Tandem tandem = cli.open()) {
      ServerConfig server = tandem.config().server().withEnv(env);
      requireKeys(server, tandem.home().resolve("tandem.toml").toString());
      spec.commandLine().getOut().println("tandem: " + tandem.warm());
      try (TandemServer s = TandemServer.start(tandem, host, port, server)) {
        var out = spec.commandLine().getOut();
        out.println("tandem: serving " + tandem.home() + " on http://" + host + ":" + s.port()
            + "/ (API: /openapi.json; Ctrl-C to stop)");
        out.println("tandem: " + describeAccess(server));
        for (String line : schedule(tandem.config().retrain())) {
          out.println("tandem: " + line);
        }
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        s.join();
      }
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

  /**
   * Refuses a server nobody could use: no key and reads closed.
   *
   * @throws IllegalArgumentException telling where keys go
   */
  static void requireKeys(ServerConfig server, String configFile) {
    if (server.apiKeys().isEmpty() && !server.openReads()) {
      throw new IllegalArgumentException("no API key is configured, so every request would be refused; add one to "
          + "[server] api_keys in " + configFile + " (\"name:KEY:scope\", scope read, write or admin, KEY at least "
          + ServerConfig.MIN_KEY_LENGTH + " characters, e.g. from `openssl rand -hex 24`) or set "
          + ServerConfig.KEYS_ENV + "=name:KEY:scope[,...]; or set [server] open_reads = true for a read-only server");
    }
  }

  /** One line naming the loaded keys (names and scopes, never the keys) and whether reads are open. */
  static String describeAccess(ServerConfig server) {
    List<String> keys = new ArrayList<>();
    for (ServerConfig.ApiKey k : server.apiKeys()) {
      keys.add(k.name() + " (" + k.scope().label() + ")");
    }
    String who = keys.isEmpty() ? "no API keys, so every write is refused"
        : keys.size() + " API key" + (keys.size() == 1 ? "" : "s") + ": " + String.join(", ", keys);
    String reads = server.openReads() ? "reads are open (no key needed)" : "reads need a key";
    String rate = server.rateLimit() > 0 ? "rate limit " + server.rateLimit() + " tokens/s per key (burst "
        + server.rateBurst() + ")" : "no rate limit";
    return who + "; " + reads + "; " + rate + "; bodies up to " + server.maxBodyBytes() + " bytes";
  }
}

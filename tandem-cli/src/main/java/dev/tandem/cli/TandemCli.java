package dev.tandem.cli;

import dev.tandem.engine.ApiException;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TandemConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/** The {@code tandem} command: parses, calls the library, renders. */
@Command(name = "tandem", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
    versionProvider = TandemCli.Version.class,
    description = "Recommender engine for the JVM: import data, train, recommend, evaluate, tune.",
    subcommands = {InitCommand.class, ImportCommand.class, TrainCommand.class, RecommendCommand.class,
        SimilarCommand.class, PredictCommand.class, SplitCommand.class, EvaluateCommand.class, TuneCommand.class, EmbedCommand.class, InfoCommand.class,
        ConfigCommand.class,
        DemoCommand.class, ServeCommand.class, AskCommand.class, DoctorCommand.class,
        CompletionCommand.class, CommandLine.HelpCommand.class})
public final class TandemCli {

  @Option(names = "--home", scope = ScopeType.INHERIT, paramLabel = "DIR",
      description = "Tandem home folder (default: $TANDEM_HOME, else ./tandem-home).")
  Path home;

  /** The home chosen by --home, then TANDEM_HOME, then {@code fallback}. */
  Path home(String fallback) {
    if (home != null) {
      return home;
    }
    String env = System.getenv("TANDEM_HOME");
    return Path.of(env != null && !env.isBlank() ? env : fallback);
  }

  boolean homeGiven() {
    return home != null || (System.getenv("TANDEM_HOME") != null && !System.getenv("TANDEM_HOME").isBlank());
  }

  /**
   * Opens the chosen home, which must be one ({@link Tandem#isHome}): a mistyped {@code --home} is
   * refused instead of becoming a new empty home.
   *
   * @throws IllegalArgumentException naming the folder and how to create a home there (exit code 2)
   */
  Tandem open() {
    return Tandem.open(requireHome());
  }

  /**
   * The chosen home, which must be one ({@link Tandem#isHome}).
   *
   * @throws IllegalArgumentException naming the folder and how to create a home there (exit code 2)
   */
  Path requireHome() {
    Path dir = home("tandem-home");
    if (!Tandem.isHome(dir)) {
      String abs = dir.toAbsolutePath().normalize().toString();
      throw new IllegalArgumentException("not a Tandem home: " + abs + " (" + (Files.isDirectory(dir)
          ? "no tandem.toml or tandem.db in it" : "no such folder") + "); create one with `tandem --home " + abs
          + " init`, `tandem --home " + abs + " import ...` or `tandem --home " + abs + " demo`, or give the"
          + " home's folder with --home or TANDEM_HOME");
    }
    return dir;
  }

  /** Opens the chosen home, creating it when it is none yet (for {@code init}, {@code import}, {@code demo}). */
  Tandem openOrCreate() {
    return Tandem.open(home("tandem-home"));
  }

  /** {@code --version}: the project's version, filtered into {@value #VERSION_RESOURCE} by Maven. */
  static final class Version implements CommandLine.IVersionProvider {
    static final String VERSION_RESOURCE = "/dev/tandem/cli/version.properties";

    @Override
    public String[] getVersion() throws IOException {
      return new String[] {"tandem " + version()};
    }

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    static String version() throws IOException {
      try (InputStream in = TandemCli.class.getResourceAsStream(VERSION_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(VERSION_RESOURCE + " is missing from the build");
        }
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version");
      }
    }
  }

  /**
   * Applies {@code [log]} of the home's {@code tandem.toml} (format and level of the logs on standard
   * error) when the file exists and is valid; otherwise the defaults stay, and the command reports
   * an invalid file itself when it opens the home.
   */
  void applyLogging() {
    Path toml = home("tandem-home").resolve("tandem.toml");
    if (!Files.isRegularFile(toml)) {
      return;
    }
    try {
      Logging.apply(TandemConfig.load(toml, env).log());
    } catch (RuntimeException e) {
      // the command that opens the home reports what is wrong with the file
    }
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Standard input, for commands that read it ({@code ask --interactive}). */
  BufferedReader stdin;

  /** The environment the configuration's {@code TANDEM_<SECTION>_<KEY>} overrides come from ({@code config}). */
  Map<String, String> env = System.getenv();

  /** Runs the command line with {@code env} as the environment {@code config} reads; for tests. */
  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return run(args, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), env, out, err);
  }

  /** Runs the command line with the given streams; returns the exit code. For tests too. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8)), out, err);
  }

  /** The command tree of {@code root}, with the model lists of train, evaluate and tune in their help. */
  static CommandLine commandLine(TandemCli root) {
    CommandLine cl = new CommandLine(root);
    for (String c : new String[] {"train", "evaluate", "tune"}) {
      cl.getSubcommands().get(c).getCommandSpec().usageMessage().footer(ModelHelp.footer(c.equals("evaluate")));
    }
    return cl;
  }

  /** Runs the command line with the given streams, {@code in} as standard input; returns the exit code. */
  public static int run(String[] args, BufferedReader in, PrintWriter out, PrintWriter err) {
    return run(args, in, System.getenv(), out, err);
  }

  private static int run(String[] args, BufferedReader in, Map<String, String> env, PrintWriter out, PrintWriter err) {
    TandemCli root = new TandemCli();
    root.stdin = in;
    root.env = Map.copyOf(env);
    CommandLine cl = commandLine(root);
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      Throwable t = e;
      if (t instanceof UncheckedIOException && t.getCause() != null) {
        t = t.getCause();
      }
      String msg = t.getMessage() == null ? t.toString() : t.getMessage();
      err.println("error: " + msg);
      if (System.getenv("TANDEM_DEBUG") != null) {
        e.printStackTrace(err);
      }
      err.flush();
      // a caller's mistake exits 2: a bad argument, or a request refused as invalid (an ApiException 400)
      boolean invalid = t instanceof IllegalArgumentException || t instanceof ApiException a && a.status() == 400;
      return invalid ? 2 : 1;
    });
    cl.setExecutionStrategy(parsed -> {
      root.applyLogging();
      return new CommandLine.RunLast().execute(parsed);
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}

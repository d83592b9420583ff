package dev.tandem.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A private PostgreSQL cluster for the tests: {@code initdb} into a temporary folder, then
 * {@code pg_ctl start} listening on 127.0.0.1 only, on a random free port, with trust
 * authentication for user {@value #USER}. Started once per test JVM, stopped (and its folder
 * deleted) when the JVM exits.
 *
 * <p>The binaries are looked up in {@code /usr/lib/postgresql/<version>/bin} (newest first), then
 * on PATH; the environment variable {@value #BIN_ENV} names the folder instead (a folder without
 * the binaries counts as absent). When they are absent the tests are skipped, unless the environment variable
 * {@code CI} is set: then they fail, so CI never silently skips. initdb refuses to run as root,
 * so as root both binaries run through {@code runuser -u postgres}.
 *
 * <p>Fault tests that stop and restart PostgreSQL take a {@linkplain #startPrivate() private
 * cluster} of their own, so that the shared one never goes down under other tests.
 */
public final class PostgresCluster implements AutoCloseable {
  /** The superuser of the cluster (trust authentication, no password). */
  public static final String USER = "tandem";
  static final String BIN_ENV = "TANDEM_TEST_PG_BIN";
  private static PostgresCluster shared;
  private static RuntimeException failure;

  private final Path bin;
  private final Path base;
  private final int port;
  private final List<String> asUser;

  private PostgresCluster(Path bin, Path base, int port, List<String> asUser) {
    this.bin = bin;
    this.base = base;
    this.port = port;
    this.asUser = asUser;
  }

  /**
   * A cluster of its own (own folder, own port), started now; {@link #close()} stops and deletes it
   * (so does the JVM's exit). Skips the test when PostgreSQL is absent, unless env {@code CI} is set.
   */
  public static PostgresCluster startPrivate() {
    Path bin = requireBin();
    try {
      PostgresCluster c = start(bin);
      Thread hook = new Thread(c::stopAndDelete, "stop-private-test-postgres");
      c.hook = hook;
      Runtime.getRuntime().addShutdownHook(hook);
      return c;
    } catch (IOException | InterruptedException | RuntimeException e) {
      throw new IllegalStateException("cannot start a private PostgreSQL cluster with " + bin + ": " + e.getMessage(),
          e);
    }
  }

  private Thread hook;

  /** The binaries' folder; skips (or under CI fails) when absent. */
  private static Path requireBin() {
    Path bin = findBin();
    if (bin == null) {
      String msg = "PostgreSQL binaries (initdb, pg_ctl) not found under " + (System.getenv(BIN_ENV) != null ? BIN_ENV
          + "=" + System.getenv(BIN_ENV) : "/usr/lib/postgresql/*/bin or on PATH");
      if (System.getenv("CI") != null) {
        throw new IllegalStateException(msg + "; CI is set, so PostgreSQL tests must not be skipped"
            + " (install the postgresql package)");
      }
      Assumptions.abort(msg + ": PostgreSQL tests skipped (with env CI set they fail instead)");
    }
    return bin;
  }

  /** Creates an empty database {@code name} and returns its JDBC URL. */
  public String createDatabase(String name) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url("postgres"), USER, null);
        java.sql.Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
    }
    return url(name);
  }

  /**
   * Stops the server with {@code pg_ctl stop -m MODE} ({@code fast}: open sessions are terminated
   * with SQLSTATE 57P01; {@code immediate}: the postmaster quits at once, like a crash) and waits
   * until it is down.
   */
  public void stopServer(String mode) throws IOException, InterruptedException {
    run(60, bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-m", mode, "-w", "stop");
  }

  /** Starts the stopped server again on the same port and waits until it accepts connections. */
  public void startServer() throws IOException, InterruptedException {
    run(120, bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-l",
        base.resolve("server.log").toString(), "-w", "-t", "60", "-o",
        "-c listen_addresses=127.0.0.1 -p " + port + " -k " + base, "start");
  }

  /** The TCP port the server listens on (the same after a restart). */
  public int port() {
    return port;
  }

  /** Stops a private cluster and deletes its folder. */
  @Override
  public void close() {
    if (this == shared) {
      throw new IllegalStateException("the shared cluster is stopped when the JVM exits");
    }
    stopAndDelete();
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is exiting: the hook runs (and finds the folder gone)
      }
    }
  }

  /** The cluster, started on first use. */
  static synchronized PostgresCluster shared() {
    if (shared != null) {
      return shared;
    }
    if (failure != null) {
      throw failure;
    }
    Path bin = findBin();
    if (bin == null) {
      String msg = "PostgreSQL binaries (initdb, pg_ctl) not found under " + (System.getenv(BIN_ENV) != null ? BIN_ENV + "=" + System.getenv(BIN_ENV) : "/usr/lib/postgresql/*/bin or on PATH");
      if (System.getenv("CI") != null) {
        failure = new IllegalStateException(msg + "; CI is set, so PostgreSQL store tests must not be skipped"
            + " (install the postgresql package)");
        throw failure;
      }
      Assumptions.abort(msg + ": PostgreSQL store tests skipped (with env CI set they fail instead)");
    }
    try {
      shared = start(bin);
    } catch (IOException | InterruptedException | RuntimeException e) {
      failure = new IllegalStateException("cannot start a private PostgreSQL cluster with " + bin + ": "
          + e.getMessage(), e);
      throw failure;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(shared::stopAndDelete, "stop-test-postgres"));
    return shared;
  }

  /** The JDBC URL of {@code database} in this cluster. */
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private static Path findBin() {
    String forced = System.getenv(BIN_ENV);
    if (forced != null && !forced.isEmpty()) {
      Path b = Path.of(forced);
      return Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")) ? b : null;
    }
    Path lib = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> versions = Files.list(lib)) {
        Path found = versions.map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
            .max(Comparator.comparing(PostgresCluster::majorVersion))
            .orElse(null);
        if (found != null) {
          return found;
        }
      } catch (IOException e) {
        // fall through to PATH
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb")) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
        return Path.of(dir);
      }
    }
    return null;
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static PostgresCluster start(Path bin) throws IOException, InterruptedException {
    Path base = Files.createTempDirectory("tandem-pg-");
    List<String> asUser = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      // initdb refuses root: hand the folder to the postgres user and run the binaries as it
      UserPrincipal owner = base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(base, owner);
      asUser = List.of("runuser", "-u", "postgres", "--");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    PostgresCluster cluster = new PostgresCluster(bin, base, port, asUser);
    cluster.run(120, bin.resolve("initdb").toString(), "-D", base.resolve("data").toString(), "-U", USER, "-A",
        "trust", "-E", "UTF8", "--no-sync", "--locale=C");
    cluster.run(120, bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-l",
        base.resolve("server.log").toString(), "-w", "-t", "60", "-o",
        "-c listen_addresses=127.0.0.1 -p " + port + " -k " + base, "start");
    return cluster;
  }

  private void run(int timeoutSeconds, String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(asUser);
    cmd.addAll(List.of(command));
    Path log = base.resolve("cmd-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + ": " + Files.readString(log));
    }
  }

  private void stopAndDelete() {
    if (!Files.isDirectory(base)) {
      return;
    }
    try {
      if (Files.exists(base.resolve("data").resolve("postmaster.pid"))) {
        stopServer("fast");
      }
    } catch (IOException | InterruptedException e) {
      System.err.println("cannot stop the test PostgreSQL cluster in " + base + ": " + e.getMessage());
      return;
    }
    try (Stream<Path> all = Files.walk(base)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("cannot delete " + base + ": " + e.getMessage());
    }
  }
}

package dev.tandem.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tandem --home HOME serve --port 0} as a separate JVM (the test's own {@code java} and
 * classpath), for tests that must kill a real server process. Its URI is read from the line
 * {@code ServeCommand} prints once it listens; stderr goes to a file next to the home.
 */
final class ServerProcess implements AutoCloseable {
  /** The API key the child gets through {@code TANDEM_API_KEYS} (harmless while serve ignores it). */
  static final String API_KEY = "0123456789abcdef0123";
  private static final Pattern LISTENING = Pattern.compile("serving .* on (http://[^/ ]+)/");

  private final Process process;
  private final URI uri;
  private final Path stderr;

  private ServerProcess(Process process, URI uri, Path stderr) {
    this.process = process;
    this.uri = uri;
    this.stderr = stderr;
  }

  /** Starts serving {@code home}; returns once it listens (or fails after 60 s with its output). */
  static ServerProcess start(Path home, Path logDir) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Surefire may put a manifest-only booter jar on java.class.path; its Class-Path works for the child too.
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // the classpath goes through the environment, not the command line: with a command line of more than
    // about 4-6 KB (the test classpath is ~8 KB) the process dies with SIGSEGV, no hs_err file, as soon as the
    // in-process encoder loads (ONNX Runtime / DJL tokenizers; reproduced outside tests with a long -D option),
    // which `tandem serve` does at start since it prepares requests in words
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-Dai.djl.offline=true",
        TandemCli.class.getName(), "--home", home.toString(), "serve", "--port", "0"));
    Files.createDirectories(logDir);
    Path err = Files.createTempFile(logDir, "serve-", ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
    pb.environment().put("TANDEM_API_KEYS", "ci:" + API_KEY + ":admin");
    pb.environment().put("OPT_OUT_TRACKING", "true");
    pb.environment().put("CLASSPATH", classpath);
    pb.environment().remove("TANDEM_HOME");
    pb.environment().remove("TANDEM_STORE_URL"); // the home's tandem.toml says where the store is
    pb.environment().remove("TANDEM_STORE_USER");
    pb.environment().remove("TANDEM_STORE_PASSWORD");
    Process p = pb.start();
    CompletableFuture<URI> listening = new CompletableFuture<>();
    StringBuffer out = new StringBuffer();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          out.append(line).append('\n');
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            listening.complete(URI.create(m.group(1)));
          }
        }
      } catch (IOException e) {
        listening.completeExceptionally(e);
      }
      listening.completeExceptionally(new IllegalStateException("serve exited before listening"));
    }, "serve-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      return new ServerProcess(p, listening.get(60, TimeUnit.SECONDS), err);
    } catch (ExecutionException | TimeoutException e) {
      String exit = p.isAlive() ? "still running" : "exit status " + p.exitValue();
      p.destroyForcibly().waitFor();
      throw new IllegalStateException("tandem serve did not start (" + exit + "): " + e.getMessage() + "\ncommand: "
          + String.join(" ", cmd) + "\nstdout:\n" + out + "\nstderr:\n" + Files.readString(err), e);
    }
  }

  URI uri() {
    return uri;
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL on Linux: no shutdown hook, no close, whatever was in flight is cut off. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    return process.waitFor();
  }

  /** The child's stderr so far, for failure messages. */
  String log() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(cannot read " + stderr + ": " + e.getMessage() + ")";
    }
  }

  /** SIGTERM (shutdown hook closes the server), then waits. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}

package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules of design.md and style.md, checked on the source tree: packages name
 * what they hold (no util/common/impl/manager/helper), modules depend one way, and core has no
 * HTTP, JDBC or JSON dependencies; the Java client depends on no other Tandem module; the CLI
 * writes JSON through tandem-wire and uses the server only to start it.
 */
class ArchitectureTest {
  private static final Set<String> BANNED_SEGMENTS = Set.of("util", "utils", "common", "impl", "manager", "helper", "helpers", "misc");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

  /** module -> package prefixes it must not import. */
  private static final Map<String, List<String>> FORBIDDEN = Map.of(
      "tandem-core", List.of("dev.tandem.store", "dev.tandem.engine", "dev.tandem.cli", "dev.tandem.llm", "dev.tandem.server",
          "java.sql", "java.net.http", "com.fasterxml", "javax.sql", "org.flywaydb", "org.sqlite"),
      "tandem-store", List.of("dev.tandem.engine", "dev.tandem.cli", "dev.tandem.server"),
      "tandem-engine", List.of("dev.tandem.cli", "dev.tandem.server", "picocli", "io.javalin"),
      "tandem-server", List.of("dev.tandem.cli", "picocli", "dev.tandem.client"),
      // the wire format is shared by the server and the CLI: it knows neither, nor their frameworks
      "tandem-wire", List.of("dev.tandem.server", "dev.tandem.cli", "dev.tandem.client", "io.javalin", "picocli",
          "org.eclipse.jetty"),
      // the client is taken alone by applications: the JDK's HTTP client and Jackson only
      "tandem-client", List.of("dev.tandem.core", "dev.tandem.store", "dev.tandem.engine", "dev.tandem.llm",
          "dev.tandem.server", "dev.tandem.cli", "io.javalin", "picocli", "java.sql", "org.slf4j"));

  private static Path repo() {
    return Path.of(System.getProperty("tandem.repo", ".."));
  }

  private static List<Path> sources(String module) throws IOException {
    Path src = repo().resolve(module).resolve("src/main/java");
    if (!Files.isDirectory(src)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(src)) {
      return s.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  @Test
  void packages_and_classes_name_what_they_hold() throws IOException {
    List<String> bad = new ArrayList<>();
    int files = 0;
    try (Stream<Path> modules = Files.list(repo())) {
      for (Path m : modules.filter(p -> p.getFileName().toString().startsWith("tandem-")).toList()) {
        for (Path f : sources(m.getFileName().toString())) {
          files++;
          String text = Files.readString(f);
          Matcher pm = PACKAGE.matcher(text);
          if (pm.find()) {
            for (String seg : pm.group(1).split("\\.")) {
              if (BANNED_SEGMENTS.contains(seg)) {
                bad.add(f + ": package segment '" + seg + "'");
              }
            }
          }
          String name = f.getFileName().toString();
          if (name.matches(".*(Manager|Helper|Utils|Util)\\.java")) {
            bad.add(f + ": class name " + name);
          }
        }
      }
    }
    assertThat(files).as("source files found under " + repo()).isGreaterThan(20);
    assertThat(bad).isEmpty();
  }

  @Test
  void modules_depend_one_way_and_core_stays_free_of_io_frameworks() throws IOException {
    List<String> bad = new ArrayList<>();
    for (var e : FORBIDDEN.entrySet()) {
      List<Path> files = sources(e.getKey());
      assertThat(files).as(e.getKey() + " sources").isNotEmpty();
      for (Path f : files) {
        Matcher im = IMPORT.matcher(Files.readString(f));
        while (im.find()) {
          for (String banned : e.getValue()) {
            if (im.group(1).startsWith(banned)) {
              bad.add(f + " imports " + im.group(1));
            }
          }
        }
      }
    }
    assertThat(bad).isEmpty();
  }

  /** The server classes the CLI may name: the one it starts ({@code tandem serve}, {@code tandem demo}). */
  private static final Set<String> CLI_SERVER_USES = Set.of("dev.tandem.server.TandemServer");
  private static final Pattern SERVER_NAME = Pattern.compile("\\bdev\\.tandem\\.server\\.[\\w.]+");
  /** What the CLI may call on {@code TandemServer}: starting it (JSON helpers are tandem-wire's). */
  private static final Set<String> CLI_SERVER_CALLS = Set.of("start", "requirePort");
  private static final Pattern SERVER_CALL = Pattern.compile("\\bTandemServer\\.(\\w+)");

  @Test
  void cli_writes_json_through_the_wire_module_and_uses_the_server_only_to_start_it() throws IOException {
    List<String> bad = new ArrayList<>();
    List<Path> files = sources("tandem-cli");
    assertThat(files).as("tandem-cli sources").isNotEmpty();
    for (Path f : files) {
      String text = Files.readString(f);
      Matcher m = SERVER_NAME.matcher(text);
      while (m.find()) {
        if (!CLI_SERVER_USES.contains(m.group())) {
          bad.add(f + " names " + m.group());
        }
      }
      Matcher call = SERVER_CALL.matcher(text);
      while (call.find()) {
        if (!CLI_SERVER_CALLS.contains(call.group(1))) {
          bad.add(f + " calls TandemServer." + call.group(1));
        }
      }
    }
    assertThat(bad).isEmpty();
  }
}

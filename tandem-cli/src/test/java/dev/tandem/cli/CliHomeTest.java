package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only {@code init}, {@code import} and {@code demo} create a home (issue 14, requirement 2): every
 * other command refuses a folder that is not one with exit code 2, naming the folder and the fix,
 * and leaves nothing behind, so a mistyped {@code --home} no longer becomes a new empty home.
 */
class CliHomeTest {
  @TempDir Path dir;

  private static String refusal(Path home, String why) {
    String abs = home.toAbsolutePath().normalize().toString();
    return "error: not a Tandem home: " + abs + " (" + why + "); create one with `tandem --home " + abs + " init`,"
        + " `tandem --home " + abs + " import ...` or `tandem --home " + abs + " demo`, or give the home's folder"
        + " with --home or TANDEM_HOME" + System.lineSeparator();
  }

  @Test
  void commands_that_read_a_home_refuse_a_missing_folder_and_create_nothing() {
    Path typo = dir.resolve("tandem-hmoe");
    for (List<String> args : List.of(List.of("info"), List.of("train"), List.of("recommend", "--user", "u1"),
        List.of("similar", "--item", "a"), List.of("embed"), List.of("doctor"), List.of("serve", "--port", "0"),
        List.of("ask", "a funny book"), List.of("split", "--protocol", "random", "--out", dir.resolve("s").toString()),
        List.of("evaluate", "--protocol", "random"), List.of("info", "--json"))) {
      Run r = Run.in(typo, args.toArray(String[]::new));
      assertThat(r.code()).as(args.toString()).isEqualTo(2);
      assertThat(r.err()).as(args.toString()).isEqualTo(refusal(typo, "no such folder"));
      assertThat(r.out()).as(args.toString()).isEmpty();
      assertThat(typo).as(args.toString()).doesNotExist();
    }
  }

  @Test
  void an_existing_folder_without_a_home_in_it_is_refused_too() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Run r = Run.in(empty, "train");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo(refusal(empty, "no tandem.toml or tandem.db in it"));
    try (var files = Files.list(empty)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void init_creates_a_home_that_the_other_commands_then_open() {
    Path home = dir.resolve("new-home");
    String abs = home.toAbsolutePath().normalize().toString();
    Run init = Run.in(home, "init");
    assertThat(init.code()).as(init.err()).isZero();
    assertThat(init.out()).isEqualTo("Created Tandem home " + abs + " (configuration: " + abs
        + "/tandem.toml)." + System.lineSeparator() + "Next: `tandem --home " + abs + " import ...` (see `tandem"
        + " import --help`), then `tandem --home " + abs + " train`." + System.lineSeparator());
    assertThat(home.resolve("tandem.toml")).isRegularFile();
    assertThat(home.resolve("tandem.db")).isRegularFile();

    Run info = Run.in(home, "info");
    assertThat(info.code()).as(info.err()).isZero();
    assertThat(info.out()).contains("Items     0", "Snapshots none yet (run `tandem train`)");

    Run again = Run.in(home, "init");
    assertThat(again.code()).isZero();
    assertThat(again.out()).isEqualTo("Tandem home " + abs + " exists already; left as it is." + System.lineSeparator());
  }

  @Test
  void import_creates_the_home_it_imports_into() throws Exception {
    Path feedback = Files.writeString(dir.resolve("feedback.csv"), "user,item\nu1,a\nu2,a\n");
    Path home = dir.resolve("imported");
    Run r = Run.in(home, "import", "csv", "--feedback", feedback.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(home.resolve("tandem.toml")).isRegularFile();
    Run info = Run.in(home, "info");
    assertThat(info.code()).as(info.err()).isZero();
    assertThat(info.out()).contains("Feedback  2");
  }
}

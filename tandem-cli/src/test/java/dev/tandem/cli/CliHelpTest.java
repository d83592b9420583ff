package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The CLI helps (issue 14, requirement 2): {@code --help} and {@code -h} on every command and
 * subcommand, found recursively from the command tree, print the usage on standard output with exit
 * code 0 and no picocli warning (picocli's tracer writes those to {@code System.err}, captured here);
 * every command's summary is a sentence; {@code --version} names the project's version;
 * {@code tandem completion} prints a completion script that knows every command.
 */
class CliHelpTest {

  /** Every command's path below {@code tandem}, e.g. [], [train], [import, csv]; depth first, in declared order. */
  static List<List<String>> commandPaths() {
    List<List<String>> all = new ArrayList<>();
    collect(TandemCli.commandLine(new TandemCli()), new ArrayList<>(), all);
    return all;
  }

  private static void collect(CommandLine cl, List<String> path, List<List<String>> all) {
    all.add(List.copyOf(path));
    for (var e : cl.getSubcommands().entrySet()) {
      if (!e.getValue().getCommandSpec().name().equals(e.getKey())) {
        continue; // an alias
      }
      path.add(e.getKey());
      collect(e.getValue(), path, all);
      path.remove(path.size() - 1);
    }
  }

  /** {@code tandem path... flag}, with what picocli wrote to {@code System.err} appended to the run's errors. */
  private static Run withSystemErr(List<String> path, String flag) {
    List<String> args = new ArrayList<>(path);
    args.add(flag);
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Run r = Run.tandem(args.toArray(String[]::new));
      return new Run(r.code(), r.out(), r.err() + captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(saved);
    }
  }

  @Test
  void every_command_and_subcommand_answers_help_and_h_with_its_usage_and_no_warning() {
    List<List<String>> paths = commandPaths();
    assertThat(paths).contains(List.of(), List.of("train"), List.of("import", "csv"), List.of("import", "movielens"),
        List.of("completion"), List.of("init"), List.of("help"), List.of("config"),
        List.of("predict"));
    assertThat(paths).hasSize(1 + 18 + 5);
    for (List<String> path : paths) {
      String usage = "Usage: " + String.join(" ", prepend("tandem", path)) + " ";
      for (String flag : List.of("--help", "-h")) {
        Run r = withSystemErr(path, flag);
        String what = "tandem " + String.join(" ", path) + " " + flag;
        assertThat(r.code()).as(what + "\n" + r.err()).isZero();
        assertThat(r.err()).as(what).doesNotContain("[picocli WARN]").isEmpty();
        // picocli's help command prints its header line first
        assertThat(r.out().lines().limit(3)).as(what).anyMatch(line -> line.startsWith(usage));
      }
    }
  }

  @Test
  void similar_help_is_not_refused_for_its_missing_required_item() {
    Run r = withSystemErr(List.of("similar"), "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("Usage: tandem similar [-hV]").contains("--item=<item>");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void every_summary_is_a_sentence() {
    for (List<String> path : commandPaths()) {
      CommandLine cl = TandemCli.commandLine(new TandemCli());
      for (String name : path) {
        cl = cl.getSubcommands().get(name);
      }
      // the command list shows the header when there is one (picocli's help command), else the description
      String[] header = cl.getCommandSpec().usageMessage().header();
      String[] description = cl.getCommandSpec().usageMessage().description();
      assertThat(header.length + description.length).as(String.join(" ", path)).isPositive();
      String summary = header.length > 0 ? header[0] : description[0];
      assertThat(summary).as(String.join(" ", path)).matches("[A-Z].*\\.");
    }
  }

  @Test
  void the_model_lists_of_the_help_come_from_the_model_registry() {
    String names = String.join(", ", dev.tandem.core.model.ModelTypes.names());
    assertThat(Run.tandem("train", "--help").out().replaceAll("\\s+", " ")).contains("Known: " + names + ".");
    assertThat(Run.tandem("recommend", "--help").out().replaceAll("\\s+", " ")).contains("Known: " + names + ".");
  }

  @Test
  void version_is_the_projects_version_on_every_command() throws Exception {
    // the version this module's pom inherits from tandem-parent
    Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
        .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(m.find()).isTrue();
    for (String[] args : List.of(new String[] {"--version"}, new String[] {"-V"}, new String[] {"train", "--version"},
        new String[] {"import", "csv", "-V"})) {
      Run r = Run.tandem(args);
      assertThat(r.code()).isZero();
      assertThat(r.out()).isEqualTo("tandem " + m.group(1) + System.lineSeparator());
      assertThat(r.err()).isEmpty();
    }
  }

  @Test
  void completion_prints_a_bash_and_zsh_script_that_knows_every_command() {
    Run r = Run.tandem("completion");
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_tandem")
        .contains("bashcompinit"); // zsh loads it through bashcompinit
    for (List<String> path : commandPaths()) {
      if (!path.isEmpty()) {
        assertThat(r.out()).as(String.join(" ", path)).contains(path.get(path.size() - 1));
      }
    }
    assertThat(r.out()).contains("--max-bad-rows", "--models", "--profile", "--home");
  }

  private static List<String> prepend(String head, List<String> tail) {
    List<String> all = new ArrayList<>();
    all.add(head);
    all.addAll(tail);
    return all;
  }
}

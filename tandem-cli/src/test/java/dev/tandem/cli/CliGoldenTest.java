package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.testkit.Golden;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden output of the {@code tandem} command (issue 13, requirement 8): {@code tandem demo
 * --no-serve} on a temporary home (the bundled 600-book goodbooks sample, imported, trained with pop,
 * itemknn, ease, semantic and rrf, then its lists, evidence, profile recommendations and similar
 * books), and then, on that home, the {@code --json} output of {@code recommend}, {@code similar},
 * {@code ask} and {@code info}, some of their text output and typical errors, and last (it publishes a
 * new snapshot) {@code train --json} and {@code evaluate --json -}. The CLI runs in
 * process ({@link TandemCli#run}). Each case is one file under
 * {@code src/test/resources/golden/cli/}: the arguments, the exit code, standard output (parsed
 * JSON for {@code --json}, else its lines) and standard error's lines.
 *
 * <p><b>Normalised</b>: the temporary home's path becomes {@code <home>}; the demo's per-model fit
 * times ({@code pop 0.02 s}) and import time become {@code <seconds>}, {@code ask}'s time taken
 * ({@code 1480.7 ms)}) {@code <millis>}, session ids in text (24 hex digits) {@code <session>};
 * in JSON, the fields {@link #VARYING} (timestamps, durations, file sizes, peak memory, session
 * ids) become {@code "<field>"}, and the
 * fields of each object are compared in ascending order of name (arrays keep their order); numbers
 * keep {@value Golden#DIGITS} significant digits. {@code -Dgolden.update=true} rewrites the files
 * instead of comparing ({@link Golden}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliGoldenTest {
  /** JSON fields whose values vary between runs, replaced by placeholders. */
  static final Set<String> VARYING = Set.of("created", "createdAt", "createdAtMillis", "at", "fit_seconds",
      "fitSeconds", "fit_seconds.*", "load_seconds", "write_seconds", "score_seconds", "millis", "bytes",
      "snapshot_bytes", "peak_memory_bytes", "session",
      // tandem train --json in the wire format's camelCase (issue 13: one TrainReport format)
      "loadSeconds", "writeSeconds", "snapshotBytes");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The demo's fit times ({@code "     pop      0.02 s"}) and import time ({@code "0 bad rows skipped, 3.62 s"}). */
  private static final Pattern FIT_TIME = Pattern.compile("(?m)^(     \\S+\\s+)\\d+\\.\\d\\d s$");
  private static final Pattern IMPORT_TIME = Pattern.compile("(?m)(bad rows skipped, )\\d+\\.\\d+ s$");
  /** {@code ask}'s time taken in its text output: {@code "snapshot 1, 1480.7 ms)"}. */
  private static final Pattern MILLIS = Pattern.compile("\\d+(\\.\\d+)? ms\\)");
  /** A conversation id in text output ({@code "Session: 8e7a04d4f4c2a99b02ebc237 (new; ..."}). */
  private static final Pattern SESSION = Pattern.compile("\\b[0-9a-f]{24}\\b");

  @TempDir static Path dir;

  /** Reports every golden file this test found different (see {@link Golden#check}). */
  @AfterEach
  void verifyGoldenFiles() {
    Golden.verify();
  }
  static String demo;

  static Run tandem(String... args) {
    return Run.in(dir.resolve("home"), args);
  }

  @BeforeAll
  static void runDemo() {
    Run r = tandem("demo", "--no-serve", "--users", "3", "--n", "5");
    demo = r.out();
    assertThat(r.code()).as(r.err()).isZero();
  }

  /** {@code text} with the home's path replaced. */
  static String paths(String text) {
    String home = dir.resolve("home").toString();
    return text.replace(home.replace("\\", "/"), "<home>").replace(home, "<home>")
        .replace(dir.resolve("home").toAbsolutePath().normalize().toString(), "<home>");
  }

  static ArrayNode lines(String text) {
    ArrayNode a = Golden.array();
    if (!text.isEmpty()) {
      String normal = SESSION.matcher(MILLIS.matcher(paths(text)).replaceAll("<millis> ms)")).replaceAll("<session>");
      for (String line : normal.split("\n", -1)) {
        a.add(line);
      }
    }
    return a;
  }

  /** One run as a case: arguments, exit code, output (JSON when {@code --json}), errors. */
  static ObjectNode run(String... args) throws Exception {
    Run r = tandem(args);
    ObjectNode o = Golden.object();
    ArrayNode a = o.putArray("args");
    for (String arg : args) {
      a.add(arg);
    }
    o.put("exit", r.code());
    boolean json = List.of(args).contains("--json") && r.code() == 0;
    if (json) {
      String out = r.out().strip();
      if (out.contains("\n{")) { // ask prints one document per turn
        ArrayNode docs = o.putArray("json");
        var parser = JSON.getFactory().createParser(out);
        var it = JSON.readValues(parser, JsonNode.class);
        while (it.hasNext()) {
          docs.add(it.next());
        }
      } else {
        o.set("json", JSON.readTree(out));
      }
    } else {
      o.set("out", lines(r.out()));
    }
    o.set("err", lines(r.err()));
    return o;
  }

  static void check(String name, ObjectNode... runs) {
    ArrayNode all = Golden.array();
    for (ObjectNode r : runs) {
      all.add(r);
    }
    String text = Golden.pretty(Golden.sortedFields(Golden.rounded(Golden.normalised(all, VARYING))));
    Golden.check("cli/" + name + ".json", paths(text));
  }

  @Test
  @Order(1)
  void the_demo_prints_the_same_lists_and_evidence() {
    String text = paths(IMPORT_TIME.matcher(FIT_TIME.matcher(demo).replaceAll("$1<seconds> s"))
        .replaceAll("$1<seconds> s"));
    Golden.check("cli/demo.txt", text);
  }

  @Test
  @Order(1)
  void recommend_json_is_the_same() throws Exception {
    check("recommend-json", run("recommend", "--user", "35", "--n", "5", "--json"),
        run("recommend", "--user", "11927", "--n", "5", "--model", "rrf", "--json"),
        run("recommend", "--user", "75", "--n", "5", "--model", "itemknn", "--json"),
        run("recommend", "--user", "75", "--n", "5", "--model", "semantic", "--json"),
        run("recommend", "--user", "nobody", "--n", "3", "--json"),
        run("recommend", "--user", "35", "--n", "3", "--category", "fantasy", "--json"),
        run("recommend", "--user", "11927", "--n", "5", "--model", "rrf", "--mmr-lambda", "0.5", "--json"));
    check("recommend-explain-json", run("recommend", "--user", "35", "--n", "3", "--explain", "--json"),
        run("recommend", "--user", "11927", "--n", "3", "--model", "rrf", "--explain", "--lang", "zh", "--json"),
        run("recommend", "--user", "nobody", "--n", "2", "--explain", "--json"));
    check("recommend-profile-json",
        run("recommend", "--profile", "I love epic fantasy with dragons and magic", "--n", "5", "--json"),
        run("recommend", "--user", "75", "--profile", "short funny novels about friendship", "--n", "5", "--json"),
        run("recommend", "--profile", "space opera", "--n", "3", "--model", "rrf", "--explain", "--json"));
  }

  @Test
  @Order(1)
  void recommend_and_similar_text_is_the_same() throws Exception {
    check("lists-text", run("recommend", "--user", "35", "--n", "5"),
        run("recommend", "--user", "11927", "--n", "3", "--model", "rrf", "--explain"),
        run("recommend", "--profile", "a gothic romance", "--n", "3", "--explain", "--lang", "zh"),
        run("similar", "--item", "2", "--n", "5"),
        run("similar", "--item", "1", "--n", "3", "--model", "rrf"));
  }

  @Test
  @Order(1)
  void similar_json_is_the_same() throws Exception {
    check("similar-json", run("similar", "--item", "2", "--n", "5", "--json"),
        run("similar", "--item", "2", "--n", "5", "--model", "itemknn", "--json"),
        run("similar", "--item", "5", "--n", "5", "--model", "semantic", "--json"),
        run("similar", "--item", "1", "--n", "5", "--model", "rrf", "--json"),
        run("similar", "--item", "1", "--n", "3", "--category", "classics", "--json"));
  }

  @Test
  @Order(1)
  void ask_json_is_the_same_in_english_and_chinese() throws Exception {
    check("ask-json", run("ask", "epic fantasy with dragons, not young adult", "--n", "5", "--json"),
        run("ask", "something like Harry Potter", "--user", "35", "--no-record", "--n", "3", "--json"),
        run("ask", "3 classics about war", "--json"),
        run("ask", "推荐几本关于龙和魔法的奇幻小说", "--n", "3", "--json"),
        run("ask", "我想看经典小说，不要爱情", "--user", "75", "--no-record", "--n", "3", "--json"));
    check("ask-text", run("ask", "a funny book", "--n", "3"), run("ask", "推荐两本历史小说"));
  }

  /** Training publishes snapshot 2 and evaluating reads the store: after every case that reads snapshot 1. */
  @Test
  @Order(2)
  void train_and_evaluate_json_are_the_same() throws Exception {
    check("train-json", run("train", "--models", "pop,ease", "--param", "ease.lambda=250", "--json"),
        run("train", "--models", "pop,nope", "--json"));
    check("evaluate-json", run("evaluate", "--models", "pop,itemknn,ease", "--protocol", "holdout-users",
        "--test-users", "200", "--k", "10,20", "--bootstrap", "50", "--json", "-"));
  }

  @Test
  @Order(1)
  void info_and_errors_are_the_same() throws Exception {
    check("info-json", run("info", "--json"));
    check("errors", run("recommend", "--user", "35", "--model", "sasrec", "--json"),
        run("recommend", "--user", "35", "--n", "0"), run("similar", "--item", "no-such-book"),
        run("recommend", "--user", "35", "--category", "no-such-shelf"), run("ask", " "),
        run("recommend", "--user", "35", "--model", "ease", "--mmr-lambda", "0.5"));
  }
}

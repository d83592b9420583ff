package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Feedback;
import dev.tandem.store.imports.CsvImporter;
import dev.tandem.store.imports.ImportOptions;
import dev.tandem.store.imports.ImportSummary;
import dev.tandem.store.imports.TableFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example, verbatim (only the home folder differs), and a check that the README still shows it. */
class ReadmeExampleTest {
  @TempDir Path dir;

  @Test
  void readme_example_runs_and_recommends_what_bob_has_not_seen() throws Exception {
    Path home = dir.resolve("tandem-home");
    Path items = dir.resolve("items.csv");
    Path feedback = dir.resolve("feedback.csv");
    Files.writeString(items, "id,title,categories\ndune,Dune,scifi\nhyperion,Hyperion,scifi\nemma,Emma,classic\n");
    Files.writeString(feedback, "user,item,type,timestamp\nann,dune,like,1700000000\nann,hyperion,purchase,1700000100\n"
        + "cy,emma,like,1700000300\n");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      // --- README example begins ---
      try (Tandem tandem = Tandem.open(home)) {
        // items.csv: id,title,categories   feedback.csv: user,item,type,timestamp   (formats above)
        ImportSummary imported = new CsvImporter(TableFiles.of(items, null, feedback))
            .importInto(tandem.store(), ImportOptions.DEFAULT.withWeights(tandem.config().feedback()));
        System.out.println(imported.describe());
        tandem.train(TrainOptions.defaults());                           // pop, itemknn, ease, ials
        tandem.store().feedback().append(List.of(new Feedback("bob", "dune", "rating", 5, 1_700_000_200L)));
        RecommendResult forBob = tandem.recommend("bob", RecommendOptions.top(10));  // sees the new rating
        forBob.items().forEach(r -> System.out.println(r.itemId() + " " + r.title() + " " + r.score()));
      }
      // --- README example ends ---
    } finally {
      System.setOut(old);
    }
    String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).startsWith("csv items=").contains("3 items (3 new, 0 updated)").contains("3 feedback (3 new");
    assertThat(lines[1]).startsWith("hyperion Hyperion "); // co-liked with dune by ann
    assertThat(lines[2]).startsWith("emma Emma ");
  }

  @Test
  void readme_shows_this_example() throws Exception {
    Path readme = Path.of(System.getProperty("tandem.repo", "..")).resolve("README.md");
    String text = Files.readString(readme);
    Matcher m = Pattern.compile("try \\(Tandem tandem = Tandem.open\\(Path.of\\(\"tandem-home\"\\)\\)\\) \\{.*?\n}\n", Pattern.DOTALL)
        .matcher(text);
    assertThat(m.find()).as("README has the Java example").isTrue();
    String self = Files.readString(Path.of(System.getProperty("tandem.repo", ".."))
        .resolve("tandem-engine/src/test/java/dev/tandem/engine/ReadmeExampleTest.java"));
    for (String line : m.group().split("\n")) {
      String code = line.strip().replace("Path.of(\"tandem-home\")", "home").replace("Path.of(\"items.csv\")", "items")
          .replace("Path.of(\"feedback.csv\")", "feedback");
      assertThat(self).as("example line in this test: " + code).contains(code);
    }
  }
}

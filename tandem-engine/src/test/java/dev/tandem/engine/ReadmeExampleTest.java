package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
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
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      // --- README example begins ---
      try (Tandem tandem = Tandem.open(home)) {
        tandem.store().items().upsert(List.of(Item.of("dune", "Dune"), Item.of("hyperion", "Hyperion"),
            Item.of("emma", "Emma")));
        tandem.store().feedback().append(List.of(
            new Feedback("ann", "dune", "like", 1, 1_700_000_000L),
            new Feedback("ann", "hyperion", "purchase", 1, 1_700_000_100L),
            new Feedback("bob", "dune", "rating", 5, 1_700_000_200L)));
        tandem.train(TrainOptions.defaults());                           // pop, itemknn, ease, ials
        RecommendResult forBob = tandem.recommend("bob", RecommendOptions.top(10));
        forBob.items().forEach(r -> System.out.println(r.itemId() + " " + r.title() + " " + r.score()));
      }
      // --- README example ends ---
    } finally {
      System.setOut(old);
    }
    String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("hyperion Hyperion "); // co-liked with dune by ann
    assertThat(lines[1]).startsWith("emma Emma ");
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
      String code = line.strip().replace("Path.of(\"tandem-home\")", "home");
      assertThat(self).as("example line in this test: " + code).contains(code);
    }
  }
}

package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.client.AnonymousRequest;
import dev.tandem.client.FeedbackEvent;
import dev.tandem.client.FeedbackResult;
import dev.tandem.client.HistoryEvent;
import dev.tandem.client.Item;
import dev.tandem.client.RecommendQuery;
import dev.tandem.client.Recommendations;
import dev.tandem.client.TandemClient;
import dev.tandem.core.data.Feedback;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java client example, verbatim (only the server URI differs), against a real server. */
class ReadmeClientExampleTest {
  @TempDir Path dir;

  @Test
  void readme_client_example_runs_against_a_real_server() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (Tandem home = Tandem.open(dir.resolve("home"))) {
      home.store().items().upsert(List.of(
          new dev.tandem.core.data.Item("dune", "Dune", "", List.of(), List.of(), Map.of(), 0, true),
          new dev.tandem.core.data.Item("hyperion", "Hyperion", "", List.of(), List.of(), Map.of(), 0, true),
          new dev.tandem.core.data.Item("emma", "Emma", "", List.of(), List.of(), Map.of(), 0, true)));
      home.store().feedback().append(List.of(new Feedback("ann", "dune", "like", 1, 1),
          new Feedback("ann", "hyperion", "like", 1, 2), new Feedback("cy", "emma", "like", 1, 3)));
      home.train(new TrainOptions(List.of("pop", "itemknn", "rrf"), TrainOptions.parseParams(Map.of("rrf", Map.of("channels", "ease,itemknn"))),
          (m, s) -> {}));
      String apiKey = "readme-example-key-0001";
      ServerConfig keys = ServerConfig.DEFAULTS.withEnv(Map.of(ServerConfig.KEYS_ENV, "readme:" + apiKey + ":write"));
      try (TandemServer server = TandemServer.start(home, "127.0.0.1", 0, keys)) {
        URI base = URI.create("http://127.0.0.1:" + server.port());
        PrintStream old = System.out;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        Recommendations visitor;
        Optional<Item> item;
        FeedbackResult fb;
        try {
          // --- README example begins ---
          TandemClient tandem = TandemClient.builder(base)
              .apiKey(apiKey)                                  // sent as "Authorization: Bearer KEY"
              .timeout(Duration.ofSeconds(5))                  // per request; default 30 s
              .build();                                        // immutable, thread-safe: share one
          tandem.upsertItems(List.of(Item.of("dune", "Dune").withCategories("scifi").withAttribute("pages", 412)));
          fb = tandem.sendFeedback(List.of(FeedbackEvent.of("alice", "dune", "like", 1_700_000_000L)));
          Recommendations recs = tandem.recommend("alice", RecommendQuery.top(10).withModel("rrf").withExplain(true));
          recs.items().forEach(r -> System.out.println(r.item() + " " + r.title() + " " + r.score() + " " + r.evidence()));
          visitor = tandem.recommend(AnonymousRequest.ofHistory(List.of(HistoryEvent.of("dune", "like", 1))));
          item = tandem.getItem("dune");        // empty on 404
          // --- README example ends ---
        } finally {
          System.setOut(old);
        }
        assertThat(fb.accepted()).isEqualTo(1);
        assertThat(visitor.historySize()).isEqualTo(1);
        assertThat(visitor.itemIds()).containsExactlyInAnyOrder("hyperion", "emma"); // all but the seen dune
        assertThat(item.orElseThrow().categories()).containsExactly("scifi");
        assertThat(item.orElseThrow().attributes()).containsEntry("pages", 412.0);
      }
    }
    String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
    // alice liked dune, which ann liked with hyperion: hyperion first, in both channels
    assertThat(lines[0]).startsWith("hyperion Hyperion ").contains("channel=ease, rank=1")
        .contains("channel=itemknn, rank=1");
  }

  @Test
  void readme_shows_this_example() throws Exception {
    Path repo = Path.of(System.getProperty("tandem.repo", ".."));
    Matcher m = Pattern.compile("TandemClient tandem = TandemClient\\.builder.*?\n```", Pattern.DOTALL)
        .matcher(Files.readString(repo.resolve("README.md")));
    assertThat(m.find()).as("README has the Java client example").isTrue();
    String self = Files.readString(repo.resolve(
        "tandem-server/src/test/java/dev/tandem/server/ReadmeClientExampleTest.java"));
    for (String line : m.group().split("\n")) {
      String code = line.strip().replace("URI.create(\"http://127.0.0.1:8080\")", "base")
          .replace("Recommendations visitor =", "visitor =").replace("Optional<Item> item =", "item =")
          .replace("FeedbackResult fb =", "fb =").replace("```", "");
      assertThat(self).as("example line in this test: " + code).contains(code);
    }
  }
}

package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.data.Feedback;
import dev.tandem.engine.Tandem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tandem split` and `tandem evaluate` in process. */
class EvaluateCommandTest {
  @TempDir Path dir;

  private Path home() {
    Path home = dir.resolve("home");
    try (Tandem t = Tandem.open(home)) {
      Random r = new Random(9);
      List<Feedback> fb = new ArrayList<>();
      for (int u = 0; u < 50; u++) {
        for (int i = 0; i < 24; i++) {
          if (r.nextDouble() < (i % 2 == u % 2 ? 0.5 : 0.1)) {
            fb.add(new Feedback("u" + u, "i" + i, "rating", i % 2 == u % 2 ? 5 : 2, 100 + r.nextInt(1000)));
          }
        }
      }
      t.store().feedback().append(fb);
    }
    return home;
  }

  @Test
  void split_then_evaluate_the_folder_with_json_on_stdout() throws Exception {
    Path home = home();
    Path out = dir.resolve("split");
    Run s = Run.tandem("--home", home.toString(), "split", "--protocol", "holdout-users", "--test-users", "15", "--out", out.toString());
    assertThat(s.code()).as(s.err()).isZero();
    assertThat(s.out()).contains("Split holdout-users (seed 98765) written to " + out);
    assertThat(Files.readAllLines(out.resolve("train.csv")).get(0)).isEqualTo("user,item");
    byte[] first = Files.readAllBytes(out.resolve("test_target.csv"));
    assertThat(Run.tandem("--home", home.toString(), "split", "--protocol", "holdout-users", "--test-users", "15", "--out",
        out.toString()).code()).isZero();
    assertThat(Files.readAllBytes(out.resolve("test_target.csv"))).isEqualTo(first);

    Run e = Run.tandem("evaluate", "--split", out.toString(), "--models", "pop,ease", "--param", "ease.lambda=10", "--k", "5,10",
        "--bootstrap", "50", "--json", "-");
    assertThat(e.code()).as(e.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(e.out());
    assertThat(j.at("/split/protocol").asText()).isEqualTo("holdout-users");
    assertThat(j.at("/split/seed").asLong()).isEqualTo(98765);
    assertThat(j.at("/k").toString()).isEqualTo("[5,10]");
    assertThat(j.at("/results/0/model").asText()).isEqualTo("pop");
    assertThat(j.at("/results/1/params/lambda").asText()).isEqualTo("10.0");
    assertThat(j.at("/results/1/metrics/recall@10").asDouble()).isBetween(0.0, 1.0);
    assertThat(j.at("/results/1/ci95/recall@10/0").asDouble()).isLessThanOrEqualTo(j.at("/results/1/metrics/recall@10").asDouble());
    assertThat(j.at("/comparisons/0/metric").asText()).isEqualTo("ndcg@10");
  }

  @Test
  void evaluate_a_fresh_split_of_the_home_prints_a_table_and_writes_reports() throws Exception {
    Path home = home();
    Path json = dir.resolve("r.json");
    Path html = dir.resolve("r.html");
    Run e = Run.tandem("--home", home.toString(), "evaluate", "--protocol", "leave-last-out", "--models", "pop,itemknn", "--k",
        "10", "--bootstrap", "20", "--json", json.toString(), "--html", html.toString());
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(e.out()).contains("Split leave-last-out (seed 98765)").contains("recall@10").contains("itemknn")
        .contains("paired p =");
    JsonNode j = new ObjectMapper().readTree(Files.readString(json));
    assertThat(j.at("/results").size()).isEqualTo(2);
    assertThat(j.at("/results/0/metrics/hr@10").isNumber()).isTrue();
    assertThat(Files.readString(html)).contains("leave-last-out");
  }

  @Test
  void bad_options_name_the_option_and_rule() {
    Run e = Run.tandem("--home", dir.resolve("h").toString(), "split", "--protocol", "kfold", "--out", dir.resolve("o").toString());
    assertThat(e.code()).isEqualTo(2);
    assertThat(e.err()).contains("protocol (kfold) must be one of [holdout-users, leave-last-out, temporal, random, cold-items, ratings]");
    Run k = Run.tandem("evaluate", "--split", dir.toString(), "--k", "0");
    assertThat(k.code()).isEqualTo(2);
    assertThat(k.err()).contains("k (0) must be >= 1");
  }
}

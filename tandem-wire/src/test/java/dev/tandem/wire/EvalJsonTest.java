package dev.tandem.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.core.eval.EvalOptions;
import dev.tandem.core.eval.EvalReport;
import dev.tandem.core.eval.Protocol;
import dev.tandem.core.eval.SplitData;
import dev.tandem.core.eval.SplitOptions;
import dev.tandem.engine.EvaluateOptions;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import dev.tandem.engine.report.HtmlReport;
import dev.tandem.testkit.TasteGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem evaluate --json}: the report's JSON, and the HTML report drawn from it. */
class EvalJsonTest {
  @TempDir Path dir;

  @Test
  void writes_split_metrics_intervals_and_comparisons_that_the_html_report_reads() throws Exception {
    try (Tandem t = Tandem.open(dir.resolve("home"))) {
      TasteGroups.fill(t);
      SplitData split = t.split(SplitOptions.defaults(Protocol.HOLDOUT_USERS).withTestUsers(20));
      EvalOptions eval = new EvalOptions(List.of(5, 10), 100, 500, 1, EvalOptions.Progress.NONE);
      EvalReport r = t.evaluate(split, new EvaluateOptions(List.of("pop", "ease"),
          TrainOptions.parseParams(Map.of("ease", Map.of("lambda", "20"))), eval));
      JsonNode json = EvalJson.toJson(r, "home", eval);
      assertThat(json.at("/split/protocol").asText()).isEqualTo("holdout-users");
      assertThat(json.at("/split/test_users").asInt()).isEqualTo(split.target().distinctUsers());
      assertThat(json.at("/k").toString()).isEqualTo("[5,10]");
      assertThat(json.at("/results/1/metrics/ndcg@10").asDouble()).isEqualTo(r.results().get(1).metric("ndcg@10"));
      assertThat(json.at("/results/1/ci95/ndcg@10").size()).isEqualTo(2);
      assertThat(json.at("/results/1/peak_memory_bytes").isIntegralNumber()).isTrue();
      assertThat(json.at("/comparisons/0/p_value").asDouble()).isBetween(0.0, 1.0);
      Path html = dir.resolve("report.html");
      HtmlReport.write(json, html);
      assertThat(Files.readString(html)).contains("holdout-users");
    }
  }
}

package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.core.fusion.Contribution;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FusionEngineTest {
  @TempDir Path home;

  @Test
  void channel_sections_flow_into_a_fusion_as_nested_defaults_and_run_overrides_win() throws Exception {
    TandemConfig c = TandemConfig.parse(new ByteArrayInputStream("""
        [models.ease]
        lambda = 250
        [models.rrf]
        channels = "ease,pop"
        pop.half_life_days = 3
        """.getBytes(StandardCharsets.UTF_8)), "t.toml");
    // the dotted TOML key is read as the nested parameter
    assertThat(c.paramsOf("rrf").overrides()).containsEntry("pop.half_life_days", "3.0");
    assertThat(c.overridesOf("rrf", rrf(Map.of())).overrides()).containsEntry("ease.lambda", "250.0")
        .containsEntry("pop.half_life_days", "3.0");
    assertThat(c.overridesOf("rrf", rrf(Map.of("ease.lambda", "900"))).overrides()).containsEntry("ease.lambda", "900.0");
    // a run that changes the channels gets the configured sections of the new ones
    assertThat(c.overridesOf("rrf", rrf(Map.of("channels", "ease,pop,itemknn"))).overrides()).containsKey("ease.lambda")
        .doesNotContainKey("itemknn.k"); // itemknn has no section in this file
    // but may not drop a channel whose key the configuration sets (as training always refused)
    assertThatThrownBy(() -> c.overridesOf("rrf", rrf(Map.of("channels", "ease,itemknn"))))
        .hasMessage("unknown parameter rrf.pop.half_life_days: pop is not a channel of rrf (channels [ease, itemknn])");
    assertThat(c.overridesOf("ease", dev.tandem.core.retrieval.Ease.PARAMETERS.defaults()).overrides())
        .containsExactly(Map.entry("lambda", "250.0"));
    EvaluateOptions o = new EvaluateOptions(List.of("rrf"), TrainOptions.parseParams(Map.of("rrf", Map.of("k", "10"))),
        dev.tandem.core.eval.EvalOptions.defaults());
    assertThat(Evaluation.params(List.of("rrf"), o, c).get("rrf").describe()).containsEntry("ease.lambda", "250.0")
        .containsEntry("k", "10.0");
    assertThatThrownBy(() -> TandemConfig.parse(new ByteArrayInputStream("""
        [models.rrf]
        channels = "ease,pop"
        ease.lambda = -3
        """.getBytes(StandardCharsets.UTF_8)), "t.toml"))
        .hasMessageContaining("rrf channel ease: ease.lambda (-3.0) must be > 0.0");
  }

  @Test
  void trained_rrf_answers_with_evidence_and_the_snapshot_records_the_channel_params() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      Files.writeString(home.resolve("tandem.toml"), TandemConfig.defaultText()
          .replace("lambda = 500.0", "lambda = 20.0"));
    }
    try (Tandem t = Tandem.open(home)) {
      List<Item> items = new ArrayList<>();
      List<Feedback> fb = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        items.add(new Item("s" + i, "Space " + i, "", List.of("scifi"), List.of(), Map.of(), 0, true));
        items.add(new Item("r" + i, "Love " + i, "", List.of("romance"), List.of(), Map.of(), 0, true));
      }
      for (int u = 0; u < 30; u++) {
        String g = u % 2 == 0 ? "s" : "r";
        for (int i = 1; i <= 4; i++) {
          if (i != 1 + (u / 2) % 4) {
            fb.add(new Feedback("u" + u, g + i, "rating", 5, 1000 + u));
          }
        }
      }
      fb.add(new Feedback("fan", "s1", "rating", 5, 1));
      fb.add(new Feedback("fan", "s2", "rating", 5, 2));
      t.store().items().upsert(items);
      t.store().feedback().append(fb);
      t.train(new TrainOptions(List.of("pop", "rrf"), TrainOptions.parseParams(Map.of("rrf", Map.of("channels", "ease,itemknn"))), (m, s) -> {}));
      assertThat(t.snapshotHeader().params().get("rrf")).containsEntry("ease.lambda", "20.0").containsEntry("itemknn.k", "100");
      RecommendResult r = t.recommend("fan", RecommendOptions.top(3).withModel("rrf"));
      assertThat(r.model()).isEqualTo("rrf");
      assertThat(r.items().subList(0, 2)).extracting(Recommendation::itemId).containsExactlyInAnyOrder("s3", "s4");
      for (Recommendation rec : r.items()) {
        assertThat(rec.evidence()).extracting(Contribution::channel).containsExactly("ease", "itemknn");
        assertThat(rec.evidence().stream().mapToDouble(Contribution::contribution).sum()).isCloseTo(rec.score(),
            within(1e-6));
      }
      // the first item is each channel's first: 1/61 + 1/61
      assertThat(r.items().get(0).evidence()).extracting(Contribution::rank).containsExactly(1, 1);
      assertThatThrownBy(() -> t.recommend("fan", RecommendOptions.top(3).withModel("rrf").withMmr(0.5)))
          .hasMessageContaining("has no item embeddings for MMR");
      assertThatThrownBy(() -> t.recommend("fan", RecommendOptions.top(3).withModel("pop").withMmr(0.5)))
          .hasMessageContaining("reranks fused models only");
    }
  }

  private static dev.tandem.core.model.ParamValues rrf(Map<String, String> text) {
    return dev.tandem.core.fusion.Rrf.PARAMETERS.parse(text);
  }
}

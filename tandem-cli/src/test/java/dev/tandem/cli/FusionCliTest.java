package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FusionCliTest {
  @TempDir Path dir;

  private Run tandem(String... args) {
    return Run.in(dir.resolve("home"), args);
  }

  @Test
  void train_rrf_and_fusion_then_recommend_with_explain_as_text_and_json() throws Exception {
    assertThat(tandem("demo", "--no-serve", "--users", "1", "--n", "1").code()).isZero();
    Run train = tandem("train", "--models", "pop,rrf,fusion", "--param", "rrf.channels=ease,itemknn",
        "--param", "fusion.channels=ease,itemknn", "--param", "fusion.rounds=20", "--param", "fusion.ease.lambda=100");
    assertThat(train.code()).as(train.err()).isZero();

    Run text = tandem("recommend", "--user", "35", "--n", "3", "--model", "rrf", "--explain");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("model rrf").contains("Evidence").contains("ease: #").contains("itemknn: ")
        .contains("other: +0.0000");
    // under each item, its explanation sentence; above the list, the introduction
    assertThat(text.out()).containsPattern("\\n      Because you liked \\*[^\\n]+; ranked by (ease|itemknn) #")
        .contains("Picked for you from your love of");
    Run zh = tandem("recommend", "--user", "35", "--n", "3", "--model", "rrf", "--explain", "--lang", "zh");
    assertThat(zh.out()).containsPattern("\\n      因为你喜欢《[^\\n]+》[^\\n]*；(ease|itemknn) 排第");
    assertThat(tandem("recommend", "--user", "35", "--explain", "--lang", "fr").err()).contains("--lang (fr) must be en or zh");

    for (String model : new String[] {"rrf", "fusion"}) {
      Run json = tandem("recommend", "--user", "35", "--n", "5", "--model", model, "--explain", "--json");
      assertThat(json.code()).as(json.err()).isZero();
      JsonNode items = new ObjectMapper().readTree(json.out()).get("items");
      assertThat(items).hasSize(5);
      for (JsonNode item : items) {
        JsonNode ev = item.get("evidence");
        assertThat(ev).hasSize(2);
        assertThat(item.get("explanation").asText()).startsWith("Because you liked *");
        assertThat(item.get("explanation_source").asText()).isEqualTo("template");
        assertThat(item.get("because").size()).isBetween(1, 3);
        assertThat(ev.get(0).get("channel").asText()).isEqualTo("ease");
        assertThat(ev.get(1).get("channel").asText()).isEqualTo("itemknn");
        if (model.equals("rrf")) {
          double sum = 0;
          for (JsonNode e : ev) {
            sum += e.get("contribution").asDouble();
            if (!e.get("rank").isNull()) {
              assertThat(e.get("contribution").asDouble()).isCloseTo(1.0 / (60 + e.get("rank").asInt()), within(1e-9));
            }
          }
          assertThat(sum).isCloseTo(item.get("score").asDouble(), within(1e-6));
          assertThat(item.get("other").asDouble()).isCloseTo(0, within(1e-6));
        }
      }
    }
    Run plain = tandem("recommend", "--user", "35", "--n", "3", "--explain");
    assertThat(plain.out()).contains("no channel evidence: model");
  }
}

package dev.tandem.llm.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional built-in models (their jars are test dependencies of tandem-llm). */
class OtherBuiltInModelsTest {

  @Test
  void minilm_mean_pooling_embeds_sensibly() {
    try (OnnxEmbedder e = OnnxEmbedder.open(Embedders.spec("all-minilm-l6-v2-q"),
        OnnxEmbedder.Options.defaults().withThreads(1))) {
      assertThat(e.dimension()).isEqualTo(384);
      assertThat(e.modelId()).isEqualTo("all-minilm-l6-v2-q");
      float[][] v = e.embedDocuments(List.of("a cat sits on the mat", "a kitten is sitting on a rug",
          "quarterly tax filing deadline"));
      assertThat(Vectors.norm(v[0])).isCloseTo(1.0, within(1e-5));
      assertThat(Vectors.dot(v[0], v[1]) - Vectors.dot(v[0], v[2])).isGreaterThan(0.3f);
      // No query prefix for this model: a query is embedded like a document.
      assertThat(e.embedQuery("a cat sits on the mat")).isEqualTo(v[0]);
    }
  }

  @Test
  void bge_zh_embeds_chinese_with_its_query_instruction() {
    try (Embedder e = Embedders.builtIn("bge-small-zh-v15", OnnxEmbedder.Options.defaults().withThreads(2))) {
      assertThat(e.dimension()).isEqualTo(512);
      assertThat(e.modelId()).isEqualTo("bge-small-zh-v1.5");
      float[][] v = e.embedDocuments(List.of("一只猫坐在垫子上", "一只小猫坐在地毯上", "季度报税截止日期"));
      assertThat(Vectors.dot(v[0], v[1]) - Vectors.dot(v[0], v[2])).isGreaterThan(0.15f);
      float[] q = e.embedQuery("一只猫坐在垫子上");
      assertThat(q).isNotEqualTo(v[0]);
      assertThat(e.embedDocuments(List.of("为这个句子生成表示以用于检索相关文章：一只猫坐在垫子上"))[0]).isEqualTo(q);
    }
  }
}

package dev.tandem.llm.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxEmbedderTest {
  private static final List<String> TEXTS = List.of(
      "a cat sits on the mat",
      "a kitten is sitting on a rug",
      "quarterly tax filing deadline",
      "",
      "Laboratory centrifuge, 6 x 50 mL tubes, 4000 rpm, with safety lid lock and digital timer");

  /** One shared model instance: loading takes most of a test's time. */
  private static OnnxEmbedder bge;

  @BeforeAll
  static void open() {
    bge = OnnxEmbedder.open(Embedders.spec("bge-small-en-v15-q"), OnnxEmbedder.Options.defaults().withThreads(2));
  }

  @AfterAll
  static void close() {
    bge.close();
  }

  @Test
  void bge_has_384_dimensions_and_its_id() {
    assertThat(bge.dimension()).isEqualTo(384);
    assertThat(bge.modelId()).isEqualTo("bge-small-en-v1.5-q");
  }

  @Test
  void vectors_have_unit_norm() {
    for (float[] v : bge.embedDocuments(TEXTS)) {
      assertThat(v).hasSize(384);
      assertThat(Vectors.norm(v)).isCloseTo(1.0, within(1e-5));
    }
    assertThat(Vectors.norm(bge.embedQuery("lab equipment"))).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void embedding_is_deterministic() {
    float[][] a = bge.embedDocuments(TEXTS);
    float[][] b = bge.embedDocuments(TEXTS);
    assertThat(b).isDeepEqualTo(a);
  }

  @Test
  void exact_batching_equals_one_text_at_a_time() {
    float[][] all = bge.embedDocuments(TEXTS);
    for (int i = 0; i < TEXTS.size(); i++) {
      assertThat(bge.embedDocuments(List.of(TEXTS.get(i)))[0]).as("text %d", i).isEqualTo(all[i]);
    }
  }

  @Test
  void output_order_is_input_order() {
    List<String> reversed = new ArrayList<>(TEXTS);
    Collections.reverse(reversed);
    float[][] fwd = bge.embedDocuments(TEXTS);
    float[][] rev = bge.embedDocuments(reversed);
    for (int i = 0; i < TEXTS.size(); i++) {
      assertThat(rev[TEXTS.size() - 1 - i]).isEqualTo(fwd[i]);
    }
  }

  @Test
  void concurrent_calls_get_the_same_vectors() throws Exception {
    float[][] expected = bge.embedDocuments(TEXTS);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      List<java.util.concurrent.Future<float[][]>> futures = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        futures.add(pool.submit(() -> bge.embedDocuments(TEXTS)));
      }
      for (var f : futures) {
        assertThat(f.get()).isDeepEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void similar_sentences_are_closer_than_unrelated_ones() {
    float[][] v = bge.embedDocuments(TEXTS.subList(0, 3));
    float related = Vectors.dot(v[0], v[1]);
    float unrelated = Vectors.dot(v[0], v[2]);
    assertThat(related).isGreaterThan(0.75f);
    assertThat(related - unrelated).isGreaterThan(0.2f);
  }

  @Test
  void query_gets_the_instruction_prefix() {
    String t = "a cat sits on the mat";
    float[] q = bge.embedQuery(t);
    float[] d = bge.embedDocuments(List.of(t))[0];
    assertThat(q).isNotEqualTo(d);
    assertThat(q).isEqualTo(bge.embedDocuments(List.of(bge.spec().queryPrefix() + t))[0]);
    assertThat(Vectors.dot(q, d)).isGreaterThan(0.7f);
  }

  @Test
  void long_text_is_truncated_to_512_tokens() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      sb.append("word").append(i % 50).append(' ');
    }
    String longText = sb.toString();
    assertThat(bge.tokenCount(longText)).isEqualTo(512);
    float[] v = bge.embedDocuments(List.of(longText))[0];
    assertThat(Vectors.norm(v)).isCloseTo(1.0, within(1e-5));
    // Everything after token 512 is cut, so a different tail gives the same vector.
    assertThat(bge.embedDocuments(List.of(longText + " completely different ending"))[0]).isEqualTo(v);
  }

  @Test
  void padded_batches_are_close_to_exact_vectors() {
    try (OnnxEmbedder batched = OnnxEmbedder.open(bge.spec(),
        OnnxEmbedder.Options.defaults().withExactBatching(false).withBatchSize(4).withThreads(2))) {
      float[][] exact = bge.embedDocuments(TEXTS);
      float[][] padded = batched.embedDocuments(TEXTS);
      for (int i = 0; i < TEXTS.size(); i++) {
        assertThat(Vectors.dot(exact[i], padded[i])).as("text %d", i).isGreaterThan(0.97f);
      }
      assertThat(batched.embedDocuments(TEXTS)).isDeepEqualTo(padded);
    }
  }

  @Test
  void folder_model_gives_the_same_vectors(@TempDir Path dir) throws IOException {
    copyResource("bge-small-en-v1.5-q.onnx", dir.resolve("model.onnx"));
    copyResource("bge-small-en-v1.5-q-tokenizer.json", dir.resolve("tokenizer.json"));
    ModelSpec spec = ModelSpec.folder("bge-small-en-v1.5-q", dir, Pooling.CLS, bge.spec().queryPrefix());
    try (OnnxEmbedder fromFolder = OnnxEmbedder.open(spec, OnnxEmbedder.Options.defaults().withThreads(1))) {
      assertThat(fromFolder.dimension()).isEqualTo(384);
      assertThat(fromFolder.embedDocuments(TEXTS)).isDeepEqualTo(bge.embedDocuments(TEXTS));
      assertThat(fromFolder.embedQuery("cat")).isEqualTo(bge.embedQuery("cat"));
    }
  }

  @Test
  void folder_without_tokenizer_is_a_clear_error(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("model.onnx"), "not used");
    ModelSpec spec = ModelSpec.folder("mine", dir, Pooling.MEAN, "");
    assertThatThrownBy(() -> OnnxEmbedder.open(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model folder (" + dir + ") is missing tokenizer.json; it must hold model.onnx and tokenizer.json");
  }

  @Test
  void missing_folder_is_a_clear_error(@TempDir Path dir) {
    Path absent = dir.resolve("absent");
    assertThatThrownBy(() -> OnnxEmbedder.open(ModelSpec.folder("mine", absent, Pooling.MEAN, "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model folder (" + absent + ") must be an existing directory holding model.onnx and tokenizer.json");
  }

  @Test
  void unknown_built_in_name_lists_the_known_ones() {
    assertThatThrownBy(() -> Embedders.builtIn("bge-large"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("embedding model (bge-large) must be one of [bge-small-en-v15-q, bge-small-zh-v15, "
            + "all-minilm-l6-v2-q], or a folder with model.onnx and tokenizer.json (ModelSpec.folder)");
    assertThat(Embedders.spec("BGE-small-en-v1.5-q")).isSameAs(Embedders.spec(Embedders.DEFAULT));
  }

  @Test
  void null_text_and_closed_embedder_are_rejected() {
    assertThatThrownBy(() -> bge.embedDocuments(java.util.Arrays.asList("a", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("texts[1] is null; expected a string (empty is allowed)");
    assertThat(bge.embedDocuments(List.of())).isEmpty();
    OnnxEmbedder.Options bad = OnnxEmbedder.Options.defaults();
    assertThatThrownBy(() -> bad.withBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("batchSize (0) must be in [1, 4096]");
  }

  private static void copyResource(String name, Path target) throws IOException {
    try (InputStream in = OnnxEmbedderTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      Files.copy(in, target);
    }
  }
}

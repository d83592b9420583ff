package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.engine.embed.EmbedReport;
import dev.tandem.store.EmbeddingCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embeds a handful of items with the real default model (bge-small-en-v1.5-q, loaded once). */
class EmbedItemsTest {
  @TempDir Path home;

  private static Item book(String id, String title, String description, String genre) {
    return new Item(id, title, description, List.of(genre), List.of(), Map.of(), 0, true);
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void embeds_only_what_changed_and_aligns_vectors_to_an_index() throws Exception {
    Files.writeString(home.resolve("tandem.toml"), TandemConfig.defaultText().replace("batch_size = 32", "batch_size = 4")
        .replace("threads = 0\n", "threads = 2\n"));
    try (Tandem t = Tandem.open(home)) {
      assertThat(t.config().embed().batchSize()).isEqualTo(4);
      t.store().items().upsert(List.of(
          book("dune", "Dune", "A desert planet, spice and interstellar empires.", "Science fiction"),
          book("found", "Foundation", "A galactic empire falls; psychohistory predicts the future.", "Science fiction"),
          book("cook", "Salt Fat Acid Heat", "A cookbook on the elements of good cooking.", "Cooking"),
          book("copy1", "Twin", "", ""),
          book("copy2", "Twin", "", ""),
          new Item("bare", "", "", List.of(), List.of(), Map.of(), 0, true)));

      List<int[]> progress = new ArrayList<>();
      EmbedReport first = t.embedItems((done, total) -> progress.add(new int[] {done, total}));
      assertThat(first.items()).isEqualTo(6);
      assertThat(first.empty()).isEqualTo(1);
      assertThat(first.cached()).isZero();
      assertThat(first.embedded()).isEqualTo(4); // copy1 and copy2 share one text
      assertThat(first.model()).isEqualTo("bge-small-en-v1.5-q");
      assertThat(first.dimension()).isEqualTo(384);
      assertThat(first.docsPerSecond()).isPositive();
      assertThat(progress.get(0)).containsExactly(1, 6); // only the empty item is resolved before embedding
      assertThat(progress.get(progress.size() - 1)).containsExactly(6, 6);
      assertThat(t.store().embeddings().count("bge-small-en-v1.5-q")).isEqualTo(4);

      EmbedReport second = t.embedItems((done, total) -> { });
      assertThat(second.embedded()).isZero();
      assertThat(second.cached()).isEqualTo(5);
      assertThat(second.dimension()).isEqualTo(384);

      t.store().items().upsert(List.of(book("dune", "Dune Messiah", "A desert planet, spice and interstellar empires.",
          "Science fiction")));
      EmbedReport third = t.embedItems((done, total) -> { });
      assertThat(third.embedded()).isEqualTo(1);
      assertThat(third.cached()).isEqualTo(4);
      assertThat(t.store().embeddings().count("bge-small-en-v1.5-q")).isEqualTo(5);

      IdIndex index = IdIndex.of(List.of("cook", "dune", "found", "copy1", "copy2", "bare", "ghost"));
      ItemVectors v = t.itemVectors(index);
      assertThat(v.dimension()).isEqualTo(384);
      assertThat(v.data()).hasSize(index.size() * 384);
      int row = index.indexOf("dune");
      String duneText = "Dune Messiah. Science fiction. A desert planet, spice and interstellar empires.";
      assertThat(t.config().embed().documents().render(t.store().items().get("dune").orElseThrow())).isEqualTo(duneText);
      float[] cached = t.store().embeddings().get("bge-small-en-v1.5-q", List.of(EmbeddingCache.hash(duneText)))
          .get(EmbeddingCache.hash(duneText));
      assertThat(v.vector(row)).containsExactly(cached);
      assertThat(v.vector(index.indexOf("copy1"))).containsExactly(v.vector(index.indexOf("copy2")));
      assertThat(v.vector(index.indexOf("bare"))).containsOnly(0f);
      assertThat(v.vector(index.indexOf("ghost"))).containsOnly(0f);
      assertThat(v.present().cardinality()).isEqualTo(5);
      assertThat(v.present().get(index.indexOf("bare"))).isFalse();
      // unit vectors, and the two science-fiction books are closer to each other than to the cookbook
      assertThat(cosine(v.vector(row), v.vector(row))).isCloseTo(1.0, within(1e-5));
      double scifi = cosine(v.vector(row), v.vector(index.indexOf("found")));
      double cook = cosine(v.vector(row), v.vector(index.indexOf("cook")));
      assertThat(scifi).isGreaterThan(cook + 0.05);
    }
    // reopening: everything is cached, nothing is embedded
    try (Tandem t = Tandem.open(home)) {
      EmbedReport again = t.embedItems((done, total) -> { });
      assertThat(again.embedded()).isZero();
      assertThat(again.cached()).isEqualTo(5);
      assertThat(again.docsPerSecond()).isZero();
    }
  }
}

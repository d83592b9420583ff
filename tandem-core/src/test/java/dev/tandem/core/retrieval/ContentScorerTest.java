package dev.tandem.core.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import dev.tandem.core.data.ItemTexts;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.core.data.Profile;
import dev.tandem.core.model.ItemContentBatch;
import dev.tandem.core.model.Model;
import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.core.snapshot.SnapshotFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scoring items outside the trained index from their content ({@link dev.tandem.core.model.ContentScorer}). */
class ContentScorerTest {
  @TempDir Path dir;

  // ---- semantic ----

  @Test
  void semantic_scores_a_new_item_exactly_as_the_trained_item_with_the_same_vector_profile_included() {
    Semantic m = new Semantic.Trainer(new Semantic.Params(0, true, false)).fit(SemanticTest.data());
    // raw vectors of x2 (3,0) scaled differently, y2 (0,2), diag (1,1); a zero vector; the profile pulls towards y
    ItemContentBatch batch = new ItemContentBatch(2, new float[] {7, 0, 0, 0.5f, 2, 2, 0, 0},
        List.of("x2 again", "y2 again", "diag again", ""));
    History h = new History(new int[] {SemanticTest.X1, SemanticTest.Y1}, new float[] {2, 1}, new long[2])
        .withProfile(new Profile("y things", new float[] {1, 3}));
    float[] trained = SemanticTest.scores(m, h);
    float[] fresh = new float[4];
    m.scoreContent(h, batch, fresh);
    assertThat(fresh[0]).isEqualTo(trained[SemanticTest.X2]);
    assertThat(fresh[1]).isEqualTo(trained[SemanticTest.Y2]);
    assertThat(fresh[2]).isEqualTo(trained[SemanticTest.DIAG]);
    assertThat(fresh[3]).isZero();
    // u = 0.5 * (2*(1,0) + 1*(0,1)) / 3 + 0.5 * (1,3)/sqrt(10); x-item scores u_x, y-item u_y
    double ux = 0.5 * 2 / 3 + 0.5 / Math.sqrt(10);
    double uy = 0.5 * 1 / 3 + 0.5 * 3 / Math.sqrt(10);
    assertThat(fresh[0]).isCloseTo((float) ux, within(1e-6f));
    assertThat(fresh[1]).isCloseTo((float) uy, within(1e-6f));
    assertThat(fresh[2]).isCloseTo((float) ((ux + uy) / Math.sqrt(2)), within(1e-6f));
  }

  @Test
  void semantic_rejects_a_batch_of_another_dimension_and_a_short_buffer() {
    Semantic m = new Semantic.Trainer(new Semantic.Params(0, true, false)).fit(SemanticTest.data());
    ItemContentBatch three = new ItemContentBatch(3, new float[] {1, 2, 3}, List.of("a"));
    assertThatThrownBy(() -> m.scoreContent(History.of(0), three, new float[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch vector dimension (3) must equal the model's (2): embed new items with the model that"
            + " embedded the catalogue");
    ItemContentBatch two = new ItemContentBatch(2, new float[] {1, 2, 3, 4}, List.of("a", "b"));
    assertThatThrownBy(() -> m.scoreContent(History.of(0), two, new float[1]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("out.length (1) must be >= batch size (2)");
  }

  @Test
  void batch_normalises_rows_and_rejects_mismatched_lengths() {
    ItemContentBatch b = new ItemContentBatch(2, new float[] {3, 4, 0, 0}, List.of("a", ""));
    assertThat(b.vector(0)).containsExactly(0.6f, 0.8f);
    assertThat(b.hasVector(0)).isTrue();
    assertThat(b.hasVector(1)).isFalse();
    assertThatThrownBy(() -> new ItemContentBatch(2, new float[3], List.of("a", "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vectors.length (3) must equal items (2) * dimension (2)");
  }

  // ---- hybrid ----

  /**
   * 40 users over 24 items: even users like items of 0..7, odd users of 10..17, each also one of
   * 20..23; items 8, 9, 18, 19 have no interactions (cold). Embeddings: a cluster axis plus noise;
   * documents: "zebra WORD" for 0..9, "walrus WORDs" for 10..19, "filler" for 20..23.
   */
  static Interactions tagged() {
    Random rnd = new Random(99);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      ids.add(String.format("i%05d", i));
    }
    InteractionsBuilder b = Interactions.builder(IdIndex.of(ids));
    for (int u = 0; u < 40; u++) {
      int base = u % 2 == 0 ? 0 : 10;
      for (int k = 0; k < 5; k++) {
        b.add(String.format("u%03d", u), base + (u / 2 + k) % 8, 1f, 0);
      }
      b.add(String.format("u%03d", u), 20 + u % 4, 1f, 0);
    }
    Interactions data = b.build();
    int d = 6;
    float[] v = new float[24 * d];
    for (int i = 0; i < 24; i++) {
      for (int k = 0; k < d; k++) {
        v[i * d + k] = (float) (0.1 * rnd.nextGaussian());
      }
      v[i * d + (i < 10 ? 0 : i < 20 ? 1 : 2)] += 1;
    }
    BitSet present = new BitSet();
    present.set(0, 24);
    String[] words = {"apple", "brick", "cloud", "drum", "eagle", "flute", "grape", "harp", "iris", "jade"};
    String[] texts = new String[24];
    for (int i = 0; i < 24; i++) {
      texts[i] = i < 10 ? "zebra " + words[i] : i < 20 ? "walrus " + words[i - 10] + "s" : "filler";
    }
    return data.withItemVectors(new ItemVectors(data.items(), d, v, present))
        .withItemTexts(new ItemTexts(data.items(), texts));
  }

  private static Hybrid fitHybrid(Interactions data, double lambdaO) {
    // factors 4, 15 sweeps, λ 0.1, λ_w 0.5, λ_v 0.5, λ_o, alpha 2, 3 CG steps, semantic 1, terms on, text 1
    return new Hybrid.Trainer(new Hybrid.Params(4, 15, 0.1, 0.5, 0.5, lambdaO, 2.0, 3, 1.0, true, 1.0, 7, 1))
        .fit(data);
  }

  /** A batch with the raw vectors and documents of {@code items} of {@code data}, in order. */
  private static ItemContentBatch batchOf(Interactions data, int... items) {
    ItemVectors v = data.itemVectors().orElseThrow();
    float[] raw = new float[items.length * v.dimension()];
    List<String> texts = new ArrayList<>();
    for (int k = 0; k < items.length; k++) {
      System.arraycopy(v.vector(items[k]), 0, raw, k * v.dimension(), v.dimension());
      texts.add(data.itemTexts().orElseThrow().texts()[items[k]]);
    }
    return new ItemContentBatch(v.dimension(), raw, texts);
  }

  @Test
  void hybrid_scores_a_new_item_with_a_cold_items_content_exactly_as_that_item() {
    Interactions data = tagged();
    Hybrid m = fitHybrid(data, 5.0);
    History h = new History(new int[] {0, 10, 3}, new float[] {1, 3, 2}, new long[3]);
    float[] trained = new float[24];
    m.score(h, trained);
    ItemContentBatch batch = batchOf(data, 8, 9, 18, 19);
    float[] fresh = new float[4];
    m.scoreContent(h, batch, fresh);
    // cold items have no offset: content, embedding cosine and term cosine are all there is
    assertThat(fresh).containsExactly(trained[8], trained[9], trained[18], trained[19]);
    assertThat(fresh[0]).isNotZero();
  }

  @Test
  void hybrid_ignores_unknown_terms_and_scores_without_vector_and_terms_zero() {
    Interactions data = tagged();
    Hybrid m = fitHybrid(data, 5.0);
    History h = History.of(0, 1, 2);
    float[] trained = new float[24];
    m.score(h, trained);
    float[] raw = Arrays.copyOf(data.itemVectors().orElseThrow().vector(8), 12);
    // item 8's vector with its words plus words no warm document has; then no vector and only unknown words
    ItemContentBatch batch = new ItemContentBatch(6, raw, List.of("zebra iris xylophone quokka", "xylophone"));
    float[] fresh = new float[2];
    m.scoreContent(h, batch, fresh);
    assertThat(fresh[0]).isEqualTo(trained[8]);
    assertThat(fresh[1]).isZero();
    m.scoreContent(History.EMPTY, batch, fresh);
    assertThat(fresh).containsExactly(0f, 0f);
  }

  @Test
  void hybrid_new_item_with_a_warm_items_content_scores_as_it_less_the_offset() {
    Interactions data = tagged();
    History h = new History(new int[] {0, 10, 3}, new float[] {1, 3, 2}, new long[3]);
    // small λ_o: warm items' offsets matter, so the new copy of warm item 2 scores differently from it
    Hybrid loose = fitHybrid(data, 0.01);
    float[] trained = new float[24];
    loose.score(h, trained);
    float[] fresh = new float[1];
    loose.scoreContent(h, batchOf(data, 2), fresh);
    float offsetShare = trained[2] - fresh[0];
    assertThat(Math.abs(offsetShare)).as("x_u·o_2 with a loose offset penalty").isGreaterThan(1e-3f);
    // huge λ_o: offsets vanish, and the new copy of every warm item scores as the trained item
    Hybrid tight = fitHybrid(data, 1e9);
    tight.score(h, trained);
    float[] all = new float[24];
    tight.scoreContent(h, batchOf(data, 0, 1, 2, 10, 11, 20), all);
    int[] items = {0, 1, 2, 10, 11, 20};
    for (int k = 0; k < items.length; k++) {
      assertThat(all[k]).as("item %d", items[k]).isCloseTo(trained[items[k]], within(1e-5f));
    }
  }

  @Test
  void hybrid_vocabulary_survives_the_snapshot() throws Exception {
    Interactions data = tagged();
    Hybrid m = fitHybrid(data, 5.0);
    Path f = dir.resolve("h.snap");
    SnapshotFile.write(new ModelSnapshot(1, 0, data.items(), Map.of(m.type(), (Model) m), Map.of(), Map.of()), f);
    Hybrid back = (Hybrid) SnapshotFile.read(f).models().get(Hybrid.NAME);
    History h = History.of(0, 10, 11);
    ItemContentBatch batch = batchOf(data, 8, 18, 2);
    float[] a = new float[3];
    float[] b = new float[3];
    m.scoreContent(h, batch, a);
    back.scoreContent(h, batch, b);
    assertThat(b).containsExactly(a);
    float[] trained = new float[24];
    back.score(h, trained);
    assertThat(b[0]).isEqualTo(trained[8]);
    assertThat(b[1]).isEqualTo(trained[18]);
  }
}

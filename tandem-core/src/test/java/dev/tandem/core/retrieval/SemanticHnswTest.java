package dev.tandem.core.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.core.data.Profile;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Request;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.core.snapshot.SnapshotFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HNSW search in {@link Semantic#recommend} against exact search on seeded random vectors. */
class SemanticHnswTest {
  static final long SEED = 20_261_122L;
  static final int ITEMS = 3000;
  static final int DIM = 32;
  @TempDir Path dir;

  static Interactions data() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      ids.add(String.format("i%05d", i));
    }
    IdIndex index = IdIndex.of(ids);
    InteractionsBuilder b = Interactions.builder(index);
    b.add("u", 0, 1f, 0L);
    Random r = new Random(SEED);
    float[] v = new float[ITEMS * DIM];
    for (int k = 0; k < v.length; k++) {
      v[k] = (float) r.nextGaussian();
    }
    BitSet present = new BitSet();
    present.set(0, ITEMS);
    present.clear(7); // one item without a vector
    return b.build().withItemVectors(new ItemVectors(index, DIM, v, present));
  }

  static Semantic fit(Semantic.Search search) {
    return new Semantic.Trainer(new Semantic.Params(0, true, false).withSearch(search)).fit(data());
  }

  static History randomUser(Random r) {
    if (r.nextBoolean()) {
      float[] p = new float[DIM];
      for (int k = 0; k < DIM; k++) {
        p[k] = (float) r.nextGaussian();
      }
      return History.of(new Profile("", p));
    }
    return History.of(r.nextInt(ITEMS), r.nextInt(ITEMS), r.nextInt(ITEMS));
  }

  @Test
  void hnsw_top10_recalls_at_least_95_percent_of_exact_and_scores_are_exact() {
    Semantic exact = fit(Semantic.Search.EXACT);
    Semantic hnsw = fit(Semantic.Search.HNSW);
    assertThat(exact.approximate()).isFalse();
    assertThat(hnsw.approximate()).isTrue();
    Random r = new Random(SEED + 1);
    int hits = 0;
    int total = 0;
    for (int q = 0; q < 200; q++) {
      History h = randomUser(r);
      ScoredItems e = exact.recommend(h, Request.top(10));
      ScoredItems a = hnsw.recommend(h, Request.top(10));
      assertThat(a.size()).isEqualTo(10);
      float[] all = new float[ITEMS];
      exact.score(h, all);
      for (int k = 0; k < 10; k++) {
        assertThat(a.score(k)).as("exact score of %d", a.item(k)).isEqualTo(all[a.item(k)]);
        if (k > 0) {
          assertThat(a.score(k)).isLessThanOrEqualTo(a.score(k - 1));
        }
        for (int j = 0; j < 10; j++) {
          if (a.item(k) == e.item(j)) {
            hits++;
          }
        }
      }
      total += 10;
    }
    double recall = hits / (double) total;
    System.out.printf("hnsw recall@10 vs exact on %d x %d random vectors (seed %d): %.4f%n", ITEMS, DIM, SEED, recall);
    assertThat(recall).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void filters_and_seen_items_hold_and_selective_filters_fall_back_to_exact() throws Exception {
    Semantic exact = fit(Semantic.Search.EXACT);
    Semantic hnsw = fit(Semantic.Search.HNSW);
    Random r = new Random(SEED + 2);
    ItemFilter third = i -> i % 3 == 0;
    for (int q = 0; q < 30; q++) {
      History h = History.of(r.nextInt(ITEMS / 3) * 3, r.nextInt(ITEMS));
      ScoredItems a = hnsw.recommend(h, Request.top(20).filtered(third));
      assertThat(a.size()).isEqualTo(20);
      for (int item : a.items()) {
        assertThat(item % 3).isZero();
        assertThat(item).isNotEqualTo(h.items(0)).isNotEqualTo(h.items(1)).isNotEqualTo(7);
      }
    }
    // five allowed items: the graph would visit more than five, so the answer is the exact one
    BitSet five = new BitSet();
    five.set(100, 105);
    History h = History.of(101);
    assertThat(hnsw.recommend(h, Request.top(3).filtered(ItemFilter.of(five))))
        .isEqualTo(exact.recommend(h, Request.top(3).filtered(ItemFilter.of(five))));
    // fewer accepted items than asked: exact, which fills up with items without a vector (score 0)
    five.set(7);
    assertThat(hnsw.recommend(h, Request.top(6).filtered(ItemFilter.of(five))).items()).containsExactly(
        exact.recommend(h, Request.top(6).filtered(ItemFilter.of(five))).items());
    // a user with nothing to go on gets exact search's answer (all zeros, smallest ids)
    assertThat(hnsw.recommend(History.EMPTY, Request.top(3)).items()).containsExactly(0, 1, 2);

    // the graph is stored in the snapshot, not rebuilt
    Path f = dir.resolve("s.tsnap");
    Interactions x = data();
    SnapshotFile.write(new ModelSnapshot(1, 0, x.items(), Map.of("semantic", hnsw), Map.of(), Map.of()), f);
    Semantic back = (Semantic) SnapshotFile.read(f).models().get("semantic");
    assertThat(back.approximate()).isTrue();
    for (int q = 0; q < 20; q++) {
      History u = randomUser(r);
      assertThat(back.recommend(u, Request.top(10))).isEqualTo(hnsw.recommend(u, Request.top(10)));
    }
  }

  @Test
  void auto_is_exact_for_small_catalogues() {
    assertThat(fit(Semantic.Search.AUTO).approximate()).isFalse();
    assertThat(Semantic.AUTO_HNSW_FROM).isEqualTo(20_000);
  }
}

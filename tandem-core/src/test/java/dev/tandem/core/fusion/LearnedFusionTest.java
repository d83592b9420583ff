package dev.tandem.core.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.Request;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A synthetic problem: 200 items in 10 clusters of 20; every user takes 8 items of one cluster.
 * EASE sees the clusters; the semantic channel runs on random vectors, so it is pure noise.
 */
class LearnedFusionTest {
  static final int ITEMS = 200;
  static final long SEED = 7;
  static Interactions train;
  static List<int[]> testHistory = new ArrayList<>();
  static List<int[]> testTargets = new ArrayList<>();
  static LearnedFusion model;

  static final Map<String, String> PARAMS = Map.of("channels", "ease,semantic", "ease.lambda", "50", "depth", "40",
      "validation_users", "300", "min_data_in_leaf", "20", "rounds", "40", "threads", "1");

  @BeforeAll
  static void fit() {
    System.out.println("LearnedFusionTest seed " + SEED);
    Random r = new Random(SEED);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      ids.add(String.format("i%03d", i));
    }
    IdIndex items = IdIndex.of(ids);
    InteractionsBuilder b = Interactions.builder(items);
    for (int u = 0; u < 700; u++) {
      int[] picked = pick(r, r.nextInt(10), 8);
      if (u < 600) {
        for (int i : picked) {
          b.add(String.format("u%03d", u), i, 1f, 1_000_000L + u);
        }
      } else {
        testHistory.add(java.util.Arrays.copyOf(picked, 6));
        testTargets.add(java.util.Arrays.copyOfRange(picked, 6, 8));
      }
    }
    float[] v = new float[ITEMS * 8];
    for (int k = 0; k < v.length; k++) {
      v[k] = (float) r.nextGaussian();
    }
    BitSet present = new BitSet();
    present.set(0, ITEMS);
    train = b.build().withItemVectors(new ItemVectors(items, 8, v, present));
    model = (LearnedFusion) ModelTypes.fit(LearnedFusion.PARAMETERS.parse(PARAMS), train);
  }

  static int[] pick(Random r, int cluster, int n) {
    List<Integer> all = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      all.add(cluster * 20 + k);
    }
    java.util.Collections.shuffle(all, r);
    int[] out = new int[n];
    for (int k = 0; k < n; k++) {
      out[k] = all.get(k);
    }
    return out;
  }

  /** Targets found in the top 10 over all test users. */
  static int hits(Model m) {
    int hits = 0;
    for (int u = 0; u < testHistory.size(); u++) {
      int[] top = m.recommend(History.of(testHistory.get(u)), Request.top(10)).items();
      for (int t : testTargets.get(u)) {
        for (int i : top) {
          hits += i == t ? 1 : 0;
        }
      }
    }
    return hits;
  }

  @Test
  void learns_to_rank_by_the_informative_channel_and_ignores_the_noise() {
    int fused = hits(model);
    int ease = hits(model.channel("ease"));
    int noise = hits(model.channel("semantic"));
    System.out.println("hits@10 of 200 targets: fusion " + fused + ", ease " + ease + ", semantic " + noise);
    // a random top 10 among the 194 unseen items finds ~10 of 200 targets; the cluster holds 14 unseen items
    assertThat(noise).isLessThan(30);
    assertThat(fused).isGreaterThan(4 * noise).isGreaterThanOrEqualTo((int) (0.8 * ease));
    Map<String, Double> gain = model.featureImportance();
    double easeGain = gain.get("ease.score") + gain.get("ease.rank") + gain.get("ease.rr") + gain.get("ease.gap");
    double noiseGain = gain.get("semantic.score") + gain.get("semantic.rank") + gain.get("semantic.rr")
        + gain.get("semantic.gap");
    assertThat(easeGain).isGreaterThan(3 * noiseGain);
  }

  @Test
  void two_fits_are_identical() {
    LearnedFusion again = (LearnedFusion) ModelTypes.fit(LearnedFusion.PARAMETERS.parse(PARAMS), train);
    assertThat(again.boosterText()).isEqualTo(model.boosterText());
    float[] a = new float[ITEMS];
    float[] b = new float[ITEMS];
    model.score(History.of(testHistory.get(0)), a);
    again.score(History.of(testHistory.get(0)), b);
    assertThat(b).isEqualTo(a);
  }

  @Test
  void evidence_sums_to_the_score_and_ranks_match_the_channels_own_lists() {
    History h = History.of(testHistory.get(3));
    List<FusedItem> ev = model.recommendWithEvidence(h, Request.top(10));
    int[] top = model.recommend(h, Request.top(10)).items();
    assertThat(ev).hasSize(10);
    for (int p = 0; p < 10; p++) {
      FusedItem f = ev.get(p);
      assertThat(f.item()).isEqualTo(top[p]);
      double sum = f.other();
      for (Contribution c : f.channels()) {
        sum += c.contribution();
        int[] own = model.channel(c.channel()).recommend(h, Request.top(40)).items();
        int expected = 0;
        for (int r = 0; r < own.length; r++) {
          expected = own[r] == f.item() ? r + 1 : expected;
        }
        assertThat(c.rank()).isEqualTo(expected);
      }
      assertThat(sum).isCloseTo(f.score(), within(1e-4));
    }
    // the informative channel carries more of the top item's score than the noise does
    assertThat(Math.abs(ev.get(0).contributionOf("ease").orElseThrow().contribution()))
        .isGreaterThan(Math.abs(ev.get(0).contributionOf("semantic").orElseThrow().contribution()));
  }

  @Test
  void mmr_with_the_semantic_channel_reorders_but_keeps_the_first_item() {
    History h = History.of(testHistory.get(5));
    List<FusedItem> plain = model.recommendWithEvidence(h, Request.top(10), 1);
    List<FusedItem> diverse = model.recommendWithEvidence(h, Request.top(10), 0.3);
    assertThat(diverse.get(0).item()).isEqualTo(plain.get(0).item());
    assertThat(diverse).extracting(FusedItem::item).isNotEqualTo(plain.stream().map(FusedItem::item).toList());
  }

  @Test
  void carve_holds_out_a_fifth_of_eligible_users_positives() {
    for (boolean dropUsers : new boolean[] {false, true}) {
      LearnedFusion.Carve c = LearnedFusion.carve(train, 100, 0.2, 1, dropUsers); // 100 < 600 / 4
      assertThat(c.users()).hasSize(100);
      // round(0.2 * 8) = 2 held out per user; dropping users also removes their other 6
      assertThat(c.rest().nnz()).isEqualTo(train.nnz() - 100 * (dropUsers ? 8 : 2));
      assertThat(c.rest().numUsers()).isEqualTo(dropUsers ? 500 : 600);
      for (int k = 0; k < 100; k++) {
        History rest = c.histories()[k];
        assertThat(rest.size()).isEqualTo(6);
        assertThat(train.historyOf(c.users()[k]).items()).contains(rest.items()).contains(c.targets()[k]);
        for (int t : c.targets()[k]) {
          assertThat(rest.items()).doesNotContain(t);
        }
      }
    }
  }
}

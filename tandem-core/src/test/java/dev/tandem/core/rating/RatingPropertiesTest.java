package dev.tandem.core.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RatingPropertiesTest {
  private static final Ratings DATA = RatingFixtures.lowRank(40, 30, 2, 0.5, 17);
  private static final List<RatingModel> MODELS = List.of(
      new BiasBaseline.Trainer(BiasBaseline.Params.defaults()).fit(DATA),
      new BiasedMf.Trainer(new BiasedMf.Params(4, 30, 0.02, 0.01, 0.95, 0.05, 0.02, 0.1, 1)).fit(DATA),
      new SvdPlusPlus.Trainer(new SvdPlusPlus.Params(4, 30, 0.01, 0.01, 0.95, 0.05, 0.005, 0.02, 0.1, 1)).fit(DATA));

  /** Histories hitting the edges: empty, one entry, duplicates, items beyond the model, huge and negative ratings. */
  @Provide
  Arbitrary<RatingHistory> histories() {
    Arbitrary<Integer> item = Arbitraries.integers().between(0, 40).edgeCases(c -> c.includeOnly(0, 29, 30, 40));
    Arbitrary<Float> rating = Arbitraries.floats().between(-1e6f, 1e6f).edgeCases(c -> c.includeOnly(0f, 1f, 5f, 1e6f));
    return Combinators.combine(item.list().ofMaxSize(25), rating.list().ofMaxSize(25)).as((is, rs) -> {
      int n = Math.min(is.size(), rs.size());
      int[] items = new int[n];
      float[] ratings = new float[n];
      for (int k = 0; k < n; k++) {
        items[k] = is.get(k);
        ratings[k] = rs.get(k);
      }
      return new RatingHistory(items, ratings);
    });
  }

  @Property(tries = 200)
  void predictions_are_finite_clipped_and_bulk_equals_single(@ForAll("histories") RatingHistory h) {
    int[] items = {0, 5, 29, 30, 31};
    for (RatingModel m : MODELS) {
      double[] out = new double[items.length];
      m.predict(h, items, out);
      for (int k = 0; k < items.length; k++) {
        assertThat(out[k]).isBetween((double) DATA.min(), (double) DATA.max());
        assertThat(m.predict(h, items[k])).isEqualTo(out[k]);
      }
    }
  }

  @Property(tries = 200)
  void distinct_keeps_the_last_rating_of_each_known_item(@ForAll("histories") RatingHistory h) {
    TreeMap<Integer, Float> expected = new TreeMap<>();
    for (int k = 0; k < h.size(); k++) {
      if (h.items(k) < 30) {
        expected.put(h.items(k), h.ratings(k));
      }
    }
    RatingHistory.Known known = h.distinct(30);
    assertThat(known.items()).containsExactly(expected.keySet().stream().mapToInt(Integer::intValue).toArray());
    float[] want = new float[expected.size()];
    int k = 0;
    for (float v : expected.values()) {
      want[k++] = v;
    }
    assertThat(known.ratings()).containsExactly(want);
  }
}

package dev.tandem.core.rating;

import dev.tandem.core.data.IdIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic rating data for tests. */
final class RatingFixtures {
  private RatingFixtures() {}

  static IdIndex ids(String prefix, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format("%s%04d", prefix, i));
    }
    return IdIndex.of(ids);
  }

  /**
   * Ratings generated exactly by {@code r = mu + b_u + b_i + p_uᵀq_i} with rank-{@code f}
   * factors, for a {@code density} fraction of all pairs (seeded). Values stay well inside
   * [1, 5] so clipping never binds; the scale seen is whatever the data spans.
   */
  static Ratings lowRank(int users, int items, int f, double density, long seed) {
    Random rnd = new Random(seed);
    double mu = 3.5;
    double[] bu = new double[users];
    double[] bi = new double[items];
    double[][] p = new double[users][f];
    double[][] q = new double[items][f];
    for (int u = 0; u < users; u++) {
      bu[u] = rnd.nextGaussian() * 0.3;
      for (int k = 0; k < f; k++) {
        p[u][k] = rnd.nextGaussian() * 0.5;
      }
    }
    for (int i = 0; i < items; i++) {
      bi[i] = rnd.nextGaussian() * 0.3;
      for (int k = 0; k < f; k++) {
        q[i][k] = rnd.nextGaussian() * 0.5;
      }
    }
    List<int[]> pairs = new ArrayList<>();
    List<Float> vals = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      for (int i = 0; i < items; i++) {
        if (rnd.nextDouble() < density) {
          double r = mu + bu[u] + bi[i];
          for (int k = 0; k < f; k++) {
            r += p[u][k] * q[i][k];
          }
          pairs.add(new int[] {u, i});
          vals.add((float) r);
        }
      }
    }
    int[] uo = new int[pairs.size()];
    int[] io = new int[pairs.size()];
    float[] r = new float[pairs.size()];
    for (int k = 0; k < r.length; k++) {
      uo[k] = pairs.get(k)[0];
      io[k] = pairs.get(k)[1];
      r[k] = vals.get(k);
    }
    return Ratings.of(ids("u", users), ids("i", items), uo, io, r);
  }

  /** RMSE of {@code model} on every rating of {@code data}, each user predicted from its own ratings there. */
  static double rmseOnOwnRatings(RatingModel model, Ratings data) {
    double sse = 0;
    for (int u = 0; u < data.numUsers(); u++) {
      RatingHistory h = data.historyOf(u);
      double[] out = new double[h.size()];
      model.predict(h, h.items(), out);
      for (int k = 0; k < out.length; k++) {
        double e = h.ratings(k) - out[k];
        sse += e * e;
      }
    }
    return Math.sqrt(sse / data.size());
  }
}

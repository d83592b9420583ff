package dev.tandem.core.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.core.data.IdIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * MovieLens-100K official fold u1: fit on u1.base, predict every u1.test rating from the
 * user's u1.base ratings. Measured (defaults, seed 42): baseline 0.9599, biased MF 0.9222,
 * SVD++ 0.9118 RMSE; thresholds sit just above those.
 */
class Ml100kRatingTest {

  private static Path dir() {
    String shared = System.getProperty("tandem.shared", "../../shared");
    return Path.of(shared, "data", "ml-100k");
  }

  @Test
  void u1_factor_models_beat_the_bias_baseline_and_reach_published_accuracy() throws IOException {
    Path dir = dir();
    assumeTrue(Files.isRegularFile(dir.resolve("u1.base")) && Files.isRegularFile(dir.resolve("u1.test")),
        "ml-100k not found at " + dir.toAbsolutePath() + " (set -Dtandem.shared=<folder holding data/ml-100k>); skipped");
    List<String[]> base = rows(dir.resolve("u1.base"));
    List<String[]> test = rows(dir.resolve("u1.test"));
    TreeSet<String> ids = new TreeSet<>();
    base.forEach(r -> ids.add(r[1]));
    test.forEach(r -> ids.add(r[1]));
    IdIndex items = IdIndex.of(ids);
    Ratings.Builder b = Ratings.builder(items);
    for (String[] r : base) {
      b.add(r[0], items.indexOf(r[1]), Float.parseFloat(r[2]));
    }
    Ratings train = b.build();
    assertThat(train.size()).isEqualTo(80_000);
    assertThat(test).hasSize(20_000);

    double baseline = rmse(new BiasBaseline.Trainer(BiasBaseline.Params.defaults()).fit(train), train, items, test);
    double mf = rmse(new BiasedMf.Trainer(BiasedMf.Params.defaults()).fit(train), train, items, test);
    double svdpp = rmse(new SvdPlusPlus.Trainer(SvdPlusPlus.Params.defaults()).fit(train), train, items, test);

    assertThat(baseline).isBetween(0.955, 0.965);
    assertThat(mf).isLessThan(0.925).isLessThan(baseline - 0.03);
    // Surprise's SVD++ reports 0.919 on ML-100K (5-fold mean); u1 is the hardest official fold
    assertThat(svdpp).isLessThan(0.915).isLessThan(mf);
  }

  /** Each test user is folded in once from its training ratings, then all its test items are predicted in bulk. */
  private static double rmse(RatingModel m, Ratings train, IdIndex items, List<String[]> test) {
    java.util.Map<String, List<String[]>> byUser = new java.util.TreeMap<>();
    for (String[] r : test) {
      byUser.computeIfAbsent(r[0], k -> new java.util.ArrayList<>()).add(r);
    }
    double sse = 0;
    for (var e : byUser.entrySet()) {
      int u = train.users().indexOf(e.getKey());
      RatingHistory h = u < 0 ? RatingHistory.EMPTY : train.historyOf(u);
      List<String[]> rs = e.getValue();
      int[] its = new int[rs.size()];
      for (int k = 0; k < its.length; k++) {
        its[k] = items.indexOf(rs.get(k)[1]);
      }
      double[] out = new double[its.length];
      m.predict(h, its, out);
      for (int k = 0; k < its.length; k++) {
        double d = Float.parseFloat(rs.get(k)[2]) - out[k];
        sse += d * d;
      }
    }
    return Math.sqrt(sse / test.size());
  }

  private static List<String[]> rows(Path file) throws IOException {
    return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> l.split("\t")).toList();
  }
}

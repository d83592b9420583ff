package dev.tandem.bench;

import dev.tandem.core.data.Item;
import dev.tandem.engine.RecommendOptions;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Recommendation;
import dev.tandem.engine.Tandem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue 5's "new item to recommendable" time on a trained home: for each of {@code R} rounds, a
 * new item whose document is a variant of the item the first model ranks first for a user (a
 * fresh text, so it is embedded, not read from the cache) is written to the store, handed to {@link Tandem#itemsUpserted} (what
 * POST /items does after its commit) and the user's recommendation by each model is asked; the
 * time from before the store write to the answer, its parts and the new item's rank are
 * printed. With a 4th argument {@code copy} the new item's document equals that item's (its
 * vector comes from the cache, nothing is embedded): its rank then shows the overlay ranks it as
 * the trained item. Also the recommend latency with an empty overlay and at its final size.
 * Writes into the home: run it on a copy.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp "tandem-bench/target/benchmarks.jar" dev.tandem.bench.FreshItemTiming HOME semantic,hybrid 20
 * </pre>
 */
public final class FreshItemTiming {
  private FreshItemTiming() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    List<String> models = List.of(args[1].split(","));
    int rounds = Integer.parseInt(args[2]);
    boolean copy = args.length > 3 && args[3].equals("copy");
    int n = 10;
    try (Tandem t = Tandem.open(home)) {
      List<String> users = new ArrayList<>();
      t.store().feedback().scan((user, item, type, value, ts) -> {
        if (users.size() < 1000 && (users.isEmpty() || !users.get(users.size() - 1).equals(user))) {
          users.add(user);
        }
      });
      for (String m : models) { // load models, the embedder and the overlay before timing
        t.recommend(users.get(0), RecommendOptions.top(n).withModel(m));
      }
      List<String> earlier = new ArrayList<>();
      for (String id : t.freshItems()) { // items of earlier runs
        if (id.startsWith("fresh-")) {
          t.store().items().delete(id);
          earlier.add(id);
        }
      }
      t.itemsDeleted(earlier);
      latency(t, models, users, n, "an empty overlay");
      t.profile("warm up"); // loads the embedding model, as a running server has
      long base = System.currentTimeMillis() % 1_000_000 * 100;
      double[] total = new double[rounds];
      double[] hook = new double[rounds];
      double[][] rec = new double[models.size()][rounds];
      int[][] rank = new int[models.size()][rounds];
      for (int r = 0; r < rounds; r++) {
        String user = users.get((r * 37) % users.size());
        // a new edition of the item the first model ranks first for this user: text that matches the user's taste
        String best = t.recommend(user, RecommendOptions.top(1).withModel(models.get(0))).items().get(0).itemId();
        Item last = t.store().items().get(best).orElseThrow();
        List<String> tags = new ArrayList<>(last.tags());
        if (!copy) {
          tags.add("edition-" + (base + r)); // a text never embedded before
        }
        Item fresh = new Item("fresh-" + System.nanoTime(), last.title(), last.description(), last.categories(), tags,
            last.attributes(), 0, true);
        long t0 = System.nanoTime();
        t.store().items().upsert(List.of(fresh));
        long t1 = System.nanoTime();
        int k = t.itemsUpserted(List.of(fresh));
        long t2 = System.nanoTime();
        if (k != 1) {
          throw new IllegalStateException("item " + fresh.id() + " did not enter the overlay (" + k + ")");
        }
        hook[r] = (t2 - t1) / 1e6;
        long tm = t2;
        for (int m = 0; m < models.size(); m++) {
          RecommendResult res = t.recommend(user, RecommendOptions.top(n).withModel(models.get(m)));
          long te = System.nanoTime();
          rec[m][r] = (te - tm) / 1e6;
          tm = te;
          rank[m][r] = -1;
          List<Recommendation> items = res.items();
          if (items.stream().noneMatch(x -> x.itemId().equals(fresh.id()))) { // its rank further down, untimed
            items = t.recommend(user, RecommendOptions.top(1000).withModel(models.get(m))).items();
            tm = System.nanoTime();
          }
          for (int i = 0; i < items.size(); i++) {
            if (items.get(i).itemId().equals(fresh.id())) {
              rank[m][r] = i + 1;
            }
          }
          if (m == 0) {
            total[r] = (te - t0) / 1e6;
          }
        }
      }
      System.out.printf(Locale.ROOT, "%d rounds, overlay now %d items%n", rounds, t.freshItems().size());
      System.out.printf(Locale.ROOT, "store write + itemsUpserted (embed) + first recommend (%s): %s%n", models.get(0),
          stats(total));
      System.out.printf(Locale.ROOT, "itemsUpserted alone (embedding + overlay update): %s%n", stats(hook));
      for (int m = 0; m < models.size(); m++) {
        int inTop = 0;
        for (int x : rank[m]) {
          inTop += x > 0 && x <= n ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "recommend %s: %s; new item in top %d for %d of %d rounds, ranks (top 1000, -1 below) %s%n",
            models.get(m), stats(rec[m]), n, inTop, rounds, Arrays.toString(rank[m]));
      }
      latency(t, models, users, n, "the overlay at " + t.freshItems().size() + " items");
    }
  }

  /** Steady-state recommend latency of each model over 200 users. */
  private static void latency(Tandem t, List<String> models, List<String> users, int n, String what)
      throws IOException {
    for (String m : models) {
      double[] lat = new double[200];
      for (int i = 0; i < lat.length; i++) {
        long a = System.nanoTime();
        t.recommend(users.get(i % users.size()), RecommendOptions.top(n).withModel(m));
        lat[i] = (System.nanoTime() - a) / 1e6;
      }
      System.out.printf(Locale.ROOT, "recommend %s with %s, 200 users: %s%n", m, what, stats(lat));
    }
  }

  private static String stats(double[] ms) {
    double[] s = ms.clone();
    Arrays.sort(s);
    return String.format(Locale.ROOT, "median %.1f ms, p90 %.1f ms, max %.1f ms", s[s.length / 2],
        s[(int) Math.min(s.length - 1, Math.round(0.9 * (s.length - 1)))], s[s.length - 1]);
  }
}

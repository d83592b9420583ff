package dev.tandem.core.eval;

import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Splits {@link Events} by a {@link Protocol}. Deterministic: the same events, options and seed
 * give the same split (every random choice draws from one {@link SplittableRandom} seeded with
 * {@link SplitOptions#seed()}, in a fixed order). The random draws differ from numpy's, so splits
 * are not bit-identical to refrec.py's, but the definitions are the same:
 *
 * <p>Common to all protocols but {@code ratings}: positives are events rated at least
 * {@code minRating}; rows are ordered by user id, then timestamp, then item id (string order);
 * users with fewer than {@code minUserPositives} positives are left out entirely; rows carry
 * rating 1 (positives are binary, as in the files).
 *
 * <ul>
 *   <li>{@code holdout-users} (as refrec.py): {@code testUsers} users are drawn without
 *       replacement; each test user's positives become targets with probability
 *       {@code targetFraction} (if all were drawn, a random one goes back to the history; if none,
 *       a random one becomes a target); every other user's positives are training. Items absent
 *       from training are then dropped from test rows, and test users left without history or
 *       without targets are dropped. Test users never appear in training.
 *   <li>{@code leave-last-out} (as refrec.py): each user's latest positive is the target; the
 *       earlier ones are both training and history.
 *   <li>{@code temporal}: the cut {@code t} is the timestamp at position
 *       {@code floor(timeQuantile · n)} of the n positives' timestamps in ascending order.
 *       Positives before {@code t} are training; a user's positives at or after {@code t} are
 *       targets and its positives before {@code t} its history. Targets on items absent from
 *       training are dropped; users without history or targets are not test users.
 *   <li>{@code random}: each user's positives become targets with probability
 *       {@code targetFraction} (at least one, never all); the rest are training and history.
 *       Targets on items absent from training are dropped.
 *   <li>{@code cold-items} (as refrec.py): {@code round(coldFraction · #items)} items (half to
 *       even) of all positives' items are drawn; each user's positives on other items are
 *       training; users with both kinds are test users, with their warm positives as history and
 *       their cold positives as targets.
 *   <li>{@code ratings}: every rating (no {@code minRating} filter; users with fewer than
 *       {@code minUserPositives} ratings left out) is held out with probability
 *       {@code targetFraction}, value kept; the rest is training, and a test user's training
 *       ratings are its history.
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
public final class Splitter {
  private Splitter() {}

  /**
   * Splits {@code events}.
   *
   * @param source a name for meta.json's {@code source} (e.g. the input file name)
   * @throws IllegalArgumentException when the data cannot satisfy the options, naming the rule
   *     (e.g. fewer eligible users than {@code testUsers})
   */
  public static SplitData split(Events events, SplitOptions options, String source) {
    Protocol p = options.protocol();
    boolean ratings = p == Protocol.RATINGS;
    int[] rows = sortedRows(events, ratings ? Double.NEGATIVE_INFINITY : options.minRating());
    // group by user
    List<int[]> groups = new ArrayList<>();
    int s = 0;
    while (s < rows.length) {
      int e = s + 1;
      while (e < rows.length && events.user(rows[e]).equals(events.user(rows[s]))) {
        e++;
      }
      if (e - s >= options.minUserPositives()) {
        groups.add(Arrays.copyOfRange(rows, s, e));
      }
      s = e;
    }
    SplittableRandom rng = new SplittableRandom(options.seed());
    Pairs.Builder train = new Pairs.Builder();
    Pairs.Builder hist = new Pairs.Builder();
    Pairs.Builder tgt = new Pairs.Builder();
    List<String> cold = List.of();
    Map<String, Object> extra = new LinkedHashMap<>();
    switch (p) {
      case HOLDOUT_USERS -> holdout(events, groups, options, rng, train, hist, tgt);
      case LEAVE_LAST_OUT -> {
        for (int[] g : groups) {
          for (int k = 0; k < g.length - 1; k++) {
            add(train, events, g[k]);
            add(hist, events, g[k]);
          }
          add(tgt, events, g[g.length - 1]);
        }
      }
      case TEMPORAL -> extra.put("time_cut", temporal(events, rows, groups, options, train, hist, tgt));
      case RANDOM -> random(events, groups, options, rng, train, hist, tgt);
      case COLD_ITEMS -> {
        cold = coldItems(events, rows, groups, options, rng, train, hist, tgt);
        extra.put("cold_items", cold.size());
      }
      case RATINGS -> {
        for (int[] g : groups) {
          boolean[] test = new boolean[g.length];
          boolean any = false;
          for (int k = 0; k < g.length; k++) {
            test[k] = rng.nextDouble() < options.targetFraction();
            any |= test[k];
          }
          for (int k = 0; k < g.length; k++) {
            add(test[k] ? tgt : train, events, g[k]);
            if (any && !test[k]) {
              add(hist, events, g[k]);
            }
          }
        }
      }
      default -> throw new IllegalStateException("protocol " + p);
    }
    Pairs tr = ratings ? train.build() : binary(train.build());
    Pairs h = ratings ? hist.build() : binary(hist.build());
    Pairs t = ratings ? tgt.build() : binary(tgt.build());
    if (tr.size() == 0) {
      throw new IllegalArgumentException("the " + p.id() + " split of " + events.size() + " events has no training rows"
          + " (min_rating " + options.minRating() + ", min_user_positives " + options.minUserPositives() + ")");
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("protocol", FlatJson.quote(p.id()));
    meta.put("seed", Long.toString(options.seed()));
    meta.put("source", FlatJson.quote(source));
    meta.put("min_rating", FlatJson.number(options.minRating()));
    meta.put("min_user_positives", Integer.toString(options.minUserPositives()));
    meta.put("train_interactions", Integer.toString(tr.size()));
    meta.put("test_users", Integer.toString(t.distinctUsers()));
    meta.put("test_history", Integer.toString(h.size()));
    meta.put("test_targets", Integer.toString(t.size()));
    switch (p) {
      case HOLDOUT_USERS, RANDOM, RATINGS -> meta.put("target_fraction", FlatJson.number(options.targetFraction()));
      case COLD_ITEMS -> meta.put("cold_fraction", FlatJson.number(options.coldFraction()));
      case TEMPORAL -> meta.put("time_quantile", FlatJson.number(options.timeQuantile()));
      default -> { }
    }
    if (p == Protocol.HOLDOUT_USERS) {
      meta.put("test_users_drawn", Integer.toString(options.testUsers()));
    }
    extra.forEach((k, v) -> meta.put(k, v.toString()));
    meta.put("rated", Boolean.toString(ratings));
    return new SplitData(p.id(), options.seed(), ratings, tr, h, t, cold, meta);
  }

  /** Row indices with rating >= minRating, ordered by (user, timestamp, item). */
  private static int[] sortedRows(Events ev, double minRating) {
    int n = 0;
    int[] rows = new int[ev.size()];
    for (int i = 0; i < ev.size(); i++) {
      if (ev.rating(i) >= minRating) {
        rows[n++] = i;
      }
    }
    rows = Arrays.copyOf(rows, n);
    IntArrays.mergeSort(rows, (a, b) -> {
      int c = ev.user(a).compareTo(ev.user(b));
      if (c != 0) {
        return c;
      }
      c = Long.compare(ev.timestamp(a), ev.timestamp(b));
      return c != 0 ? c : ev.item(a).compareTo(ev.item(b));
    });
    return rows;
  }

  private static void add(Pairs.Builder b, Events ev, int row) {
    b.add(ev.user(row), ev.item(row), ev.rating(row));
  }

  /** Positives are binary outside {@code ratings}: rows carry rating 1, as the files do. */
  private static Pairs binary(Pairs p) {
    double[] ones = new double[p.size()];
    Arrays.fill(ones, 1.0);
    return new Pairs(p.users(), p.items(), ones);
  }

  /** Per event: whether it is a target, drawn with probability f; at least one and never all. */
  private static boolean[] targetMask(int c, double f, SplittableRandom rng) {
    boolean[] mask = new boolean[c];
    int on = 0;
    for (int k = 0; k < c; k++) {
      mask[k] = rng.nextDouble() < f;
      on += mask[k] ? 1 : 0;
    }
    if (on == c) {
      mask[rng.nextInt(c)] = false;
    }
    if (on == 0) {
      mask[rng.nextInt(c)] = true;
    }
    return mask;
  }

  private static void holdout(Events ev, List<int[]> groups, SplitOptions o, SplittableRandom rng, Pairs.Builder train,
      Pairs.Builder hist, Pairs.Builder tgt) {
    int n = groups.size();
    if (o.testUsers() > n) {
      throw new IllegalArgumentException("test_users (" + o.testUsers() + ") must be <= the number of users with >= "
          + o.minUserPositives() + " positives (" + n + ")");
    }
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    boolean[] test = new boolean[n];
    for (int i = 0; i < o.testUsers(); i++) {
      int j = i + rng.nextInt(n - i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
      test[perm[i]] = true;
    }
    Pairs.Builder h = new Pairs.Builder();
    Pairs.Builder g = new Pairs.Builder();
    Set<String> known = new HashSet<>();
    for (int u = 0; u < n; u++) {
      int[] rows = groups.get(u);
      if (test[u]) {
        boolean[] mask = targetMask(rows.length, o.targetFraction(), rng);
        for (int k = 0; k < rows.length; k++) {
          add(mask[k] ? g : h, ev, rows[k]);
        }
      } else {
        for (int r : rows) {
          add(train, ev, r);
          known.add(ev.item(r));
        }
      }
    }
    keepKnown(h.build(), g.build(), known, true, hist, tgt);
  }

  /**
   * Drops rows on unknown items, then (when {@code bothSides}) users without history or without
   * targets, else users without targets.
   */
  private static void keepKnown(Pairs h, Pairs g, Set<String> known, boolean bothSides, Pairs.Builder hist,
      Pairs.Builder tgt) {
    Set<String> hasHist = new HashSet<>();
    Set<String> hasTgt = new HashSet<>();
    for (int i = 0; i < h.size(); i++) {
      if (known.contains(h.item(i))) {
        hasHist.add(h.user(i));
      }
    }
    for (int i = 0; i < g.size(); i++) {
      if (known.contains(g.item(i))) {
        hasTgt.add(g.user(i));
      }
    }
    for (int i = 0; i < h.size(); i++) {
      if (known.contains(h.item(i)) && hasTgt.contains(h.user(i)) && (!bothSides || hasHist.contains(h.user(i)))) {
        hist.add(h.user(i), h.item(i), h.rating(i));
      }
    }
    for (int i = 0; i < g.size(); i++) {
      if (known.contains(g.item(i)) && (!bothSides || hasHist.contains(g.user(i)))) {
        tgt.add(g.user(i), g.item(i), g.rating(i));
      }
    }
  }

  private static long temporal(Events ev, int[] rows, List<int[]> groups, SplitOptions o, Pairs.Builder train,
      Pairs.Builder hist, Pairs.Builder tgt) {
    int total = 0;
    for (int[] g : groups) {
      total += g.length;
    }
    if (total == 0) {
      throw new IllegalArgumentException("temporal: no user has >= " + o.minUserPositives() + " positives");
    }
    long[] ts = new long[total];
    int n = 0;
    for (int[] g : groups) {
      for (int r : g) {
        ts[n++] = ev.timestamp(r);
      }
    }
    Arrays.sort(ts);
    long cut = ts[Math.min(total - 1, (int) Math.floor(o.timeQuantile() * total))];
    Pairs.Builder h = new Pairs.Builder();
    Pairs.Builder g = new Pairs.Builder();
    Set<String> known = new HashSet<>();
    for (int[] rs : groups) {
      boolean after = false;
      for (int r : rs) {
        after |= ev.timestamp(r) >= cut;
      }
      for (int r : rs) {
        if (ev.timestamp(r) < cut) {
          add(train, ev, r);
          known.add(ev.item(r));
          if (after) {
            add(h, ev, r);
          }
        } else {
          add(g, ev, r);
        }
      }
    }
    keepKnown(h.build(), g.build(), known, true, hist, tgt);
    return cut;
  }

  private static void random(Events ev, List<int[]> groups, SplitOptions o, SplittableRandom rng, Pairs.Builder train,
      Pairs.Builder hist, Pairs.Builder tgt) {
    Pairs.Builder h = new Pairs.Builder();
    Pairs.Builder g = new Pairs.Builder();
    Set<String> known = new HashSet<>();
    for (int[] rows : groups) {
      boolean[] mask = targetMask(rows.length, o.targetFraction(), rng);
      for (int k = 0; k < rows.length; k++) {
        if (mask[k]) {
          add(g, ev, rows[k]);
        } else {
          add(train, ev, rows[k]);
          add(h, ev, rows[k]);
          known.add(ev.item(rows[k]));
        }
      }
    }
    keepKnown(h.build(), g.build(), known, false, hist, tgt);
  }

  private static List<String> coldItems(Events ev, int[] rows, List<int[]> groups, SplitOptions o,
      SplittableRandom rng, Pairs.Builder train, Pairs.Builder hist, Pairs.Builder tgt) {
    TreeSet<String> all = new TreeSet<>();
    for (int r : rows) {
      all.add(ev.item(r));
    }
    String[] items = all.toArray(new String[0]);
    int k = (int) Math.rint(items.length * o.coldFraction());
    for (int i = 0; i < k; i++) {
      int j = i + rng.nextInt(items.length - i);
      String t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    Set<String> cold = new HashSet<>(Arrays.asList(items).subList(0, k));
    for (int[] rs : groups) {
      boolean warm = false;
      boolean hot = false;
      for (int r : rs) {
        if (cold.contains(ev.item(r))) {
          hot = true;
        } else {
          warm = true;
          add(train, ev, r);
        }
      }
      if (warm && hot) {
        for (int r : rs) {
          add(cold.contains(ev.item(r)) ? tgt : hist, ev, r);
        }
      }
    }
    return List.copyOf(new TreeSet<>(cold));
  }
}

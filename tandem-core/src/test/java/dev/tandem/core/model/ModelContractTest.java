package dev.tandem.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.core.snapshot.SnapshotFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every model passes (after benfred/implicit's recommender_base_test), run in full
 * on every model: each subclass fits one model type on the {@link #checkerboard()} and inherits
 * every check below. A check that does not apply to a model is not skipped: the subclass names it
 * in {@link #adaptations()} with the reason, and the check then asserts the property that does
 * hold for that model instead (see {@link Adaptation}).
 *
 * <p>The checks: on a checkerboard of two taste groups the withheld item of the user's group ranks
 * first; every list is ordered by score with equal scores ranking the smaller item id first, and is
 * the top of the full sort of {@link Model#score} where the model ranks by it; recommending over
 * many histories equals recommending one by one, in any order and from many threads at once;
 * {@link Model#similar} excludes the item, keeps the filter, orders ties and finds the item's
 * group; filters hold; asking for more than the catalogue returns the catalogue minus what was
 * seen; results do not depend on whether the history comes from training or not; a snapshot round
 * trip gives identical scores and lists; items outside the model's index are ignored.
 */
public abstract class ModelContractTest {
  /** Items of the checkerboard. */
  protected static final int ITEMS = 12;

  @TempDir Path dir;

  private Model model;

  /** Fits the model under test with its (possibly test-tuned) parameters. */
  protected abstract Model fit(Interactions data);

  /**
   * A check of this contract whose general form does not hold for some model, with the property
   * asserted instead when a subclass lists it in {@link #adaptations()}.
   */
  protected enum Adaptation {
    /**
     * The model is not personalised: instead of "the withheld item of the user's group ranks first"
     * and "similar items come from the item's group", every history gets the same ranking (the
     * history-free one, {@code recommend(EMPTY)}) minus its seen items.
     */
    NOT_PERSONALISED,
    /**
     * The model does not rank by the full sort of {@link Model#score} (it fuses candidate lists,
     * for instance): the lists are still ordered by their own scores with ties by smaller id, but
     * are not compared with a sort of {@code score}.
     */
    RANKS_BY_OWN_LIST,
    /**
     * No two items score the same for any history of {@link #histories()}, so the tie order is
     * checked elsewhere (the reason says where); the contract then asserts that there are indeed
     * no ties, so the declaration cannot outlive its truth.
     */
    NO_TIES_ON_THE_BOARD
  }

  /**
   * The checks this model passes in their adapted form, each with the reason; empty (the default)
   * when every check holds in its general form.
   */
  protected Map<Adaptation, String> adaptations() {
    return Map.of();
  }

  private boolean adapted(Adaptation a) {
    Map<Adaptation, String> all = adaptations();
    if (all.containsKey(a)) {
      assertThat(all.get(a)).as("the reason %s is adapted", a).isNotBlank();
      return true;
    }
    return false;
  }

  @BeforeEach
  final void fitModel() {
    model = fit(checkerboard());
  }

  /** The model fitted on {@link #checkerboard()}, once per test. */
  protected final Model model() {
    return model;
  }

  /** 12 items, two groups (0..5 and 6..11); 40 users, each group member has all of its group's items but one. */
  protected static Interactions checkerboard() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      ids.add(String.format("i%02d", i));
    }
    InteractionsBuilder b = Interactions.builder(IdIndex.of(ids));
    for (int u = 0; u < 40; u++) {
      int base = u % 2 == 0 ? 0 : 6;
      int skip = (u / 2) % 6;
      for (int k = 0; k < 6; k++) {
        if (k != skip) {
          b.add(String.format("u%02d", u), base + k, 1f, u);
        }
      }
    }
    return b.build();
  }

  /**
   * Histories that reach the edges: empty, each single item, each checkerboard row with one item
   * withheld, both groups mixed, the whole catalogue, repeated items and items beyond the index.
   */
  protected static List<History> histories() {
    List<History> hs = new ArrayList<>();
    hs.add(History.EMPTY);
    for (int i = 0; i < ITEMS; i++) {
      hs.add(History.of(i));
    }
    for (int base : new int[] {0, 6}) {
      for (int skip = 0; skip < 6; skip++) {
        hs.add(History.of(groupWithout(base, skip)));
      }
    }
    hs.add(History.of(0, 7));
    hs.add(History.of(1, 3, 8, 10));
    hs.add(History.of(2, 2, 2));
    hs.add(History.of(4, 50));
    int[] all = new int[ITEMS];
    for (int i = 0; i < ITEMS; i++) {
      all[i] = i;
    }
    hs.add(History.of(all));
    return hs;
  }

  private static int[] groupWithout(int base, int skip) {
    int[] hist = new int[5];
    int n = 0;
    for (int k = 0; k < 6; k++) {
      if (k != skip) {
        hist[n++] = base + k;
      }
    }
    return hist;
  }

  @Test
  void withheld_item_of_the_users_group_ranks_first() {
    Model m = model();
    assertThat(m.numItems()).isEqualTo(ITEMS);
    ScoredItems global = m.recommend(History.EMPTY, Request.top(ITEMS));
    for (int skip = 0; skip < 6; skip++) {
      for (int base : new int[] {0, 6}) {
        int[] hist = groupWithout(base, skip);
        ScoredItems top = m.recommend(History.of(hist), Request.top(3));
        if (adapted(Adaptation.NOT_PERSONALISED)) {
          assertThat(top.items()).as("group %d, withheld %d", base, base + skip)
              .containsExactly(withoutSeen(global.items(), hist, 3));
        } else {
          assertThat(top.item(0)).as("group %d, withheld %d", base, base + skip).isEqualTo(base + skip);
        }
      }
    }
  }

  private static int[] withoutSeen(int[] ranking, int[] seen, int n) {
    BitSet s = new BitSet();
    for (int i : seen) {
      s.set(i);
    }
    return Arrays.stream(ranking).filter(i -> !s.get(i)).limit(n).toArray();
  }

  @Test
  void seen_items_are_excluded_and_n_beyond_the_catalogue_returns_the_rest() {
    Model m = model();
    for (History h : histories()) {
      BitSet seen = new BitSet();
      for (int e = 0; e < h.size(); e++) {
        if (h.items(e) < ITEMS) {
          seen.set(h.items(e));
        }
      }
      ScoredItems all = m.recommend(h, Request.top(100));
      List<Integer> expected = new ArrayList<>();
      for (int i = seen.nextClearBit(0); i < ITEMS; i = seen.nextClearBit(i + 1)) {
        expected.add(i);
      }
      assertThat(boxed(all.items())).as("history %s", h).containsExactlyInAnyOrderElementsOf(expected);
      assertOrdered(all, "history " + h);
    }
  }

  @Test
  void the_whole_catalogue_is_returned_when_seen_items_are_kept() {
    Model m = model();
    ScoredItems all = m.recommend(History.of(0, 1, 2), new Request(ITEMS, ItemFilter.ALL, false));
    assertThat(boxed(all.items())).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertOrdered(all, "seen kept");
  }

  @Test
  void lists_are_ordered_by_score_and_equal_scores_rank_the_smaller_item_first() {
    Model m = model();
    for (History h : histories()) {
      for (int n : new int[] {1, 3, ITEMS}) {
        ScoredItems top = m.recommend(h, Request.top(n));
        assertOrdered(top, "history " + h + ", n " + n);
        if (!adapted(Adaptation.RANKS_BY_OWN_LIST)) {
          assertThat(top).as("history %s, n %d", h, n).isEqualTo(fullSort(m, h, n, ItemFilter.ALL));
        }
      }
    }
  }

  @Test
  void equal_scores_occur_on_the_board_and_rank_the_smaller_item_first() {
    Model m = model();
    int ties = 0;
    for (History h : histories()) {
      ScoredItems all = m.recommend(h, Request.top(ITEMS));
      assertOrdered(all, "history " + h);
      for (int r = 1; r < all.size(); r++) {
        if (all.score(r) == all.score(r - 1)) {
          ties++;
        }
      }
    }
    if (adapted(Adaptation.NO_TIES_ON_THE_BOARD)) {
      assertThat(ties).as("ties although declared absent").isZero();
    } else {
      assertThat(ties).as("ties in the lists of histories()").isPositive();
    }
  }

  @Test
  void a_short_list_is_the_head_of_a_longer_one() {
    Model m = model();
    for (History h : histories()) {
      ScoredItems all = m.recommend(h, Request.top(ITEMS));
      for (int n = 1; n <= all.size(); n++) {
        ScoredItems top = m.recommend(h, Request.top(n));
        assertThat(top.items()).as("history %s, n %d", h, n).containsExactly(Arrays.copyOf(all.items(), n));
      }
    }
  }

  /** The top {@code n} of all unseen items accepted by {@code filter}, by score descending, then by item ascending. */
  private static ScoredItems fullSort(Model m, History h, int n, ItemFilter filter) {
    float[] s = new float[m.numItems()];
    m.score(h, s);
    BitSet seen = new BitSet();
    for (int e = 0; e < h.size(); e++) {
      seen.set(h.items(e));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < m.numItems(); i++) {
      if (!seen.get(i) && filter.accept(i) && s[i] > Float.NEGATIVE_INFINITY) {
        order.add(i);
      }
    }
    order.sort((a, b) -> s[a] != s[b] ? Float.compare(s[b], s[a]) : Integer.compare(a, b));
    int k = Math.min(n, order.size());
    int[] items = new int[k];
    float[] scores = new float[k];
    for (int r = 0; r < k; r++) {
      items[r] = order.get(r);
      scores[r] = s[items[r]];
    }
    return new ScoredItems(items, scores);
  }

  /** Scores never rise down the list, and equal scores list the smaller item (id) first. */
  private static void assertOrdered(ScoredItems list, String what) {
    for (int r = 1; r < list.size(); r++) {
      assertThat(list.score(r)).as("%s, rank %d", what, r).isLessThanOrEqualTo(list.score(r - 1));
      if (list.score(r) == list.score(r - 1)) {
        assertThat(list.item(r)).as("%s, tie at rank %d", what, r).isGreaterThan(list.item(r - 1));
      }
    }
  }

  @Test
  void recommending_many_histories_equals_one_by_one_in_any_order_and_concurrently() throws Exception {
    Model m = model();
    List<History> hs = new ArrayList<>(histories());
    Interactions data = checkerboard();
    for (int u = 0; u < data.numUsers(); u++) {
      hs.add(data.historyOf(u));
    }
    Function<History, ScoredItems> rec = h -> m.recommend(h, Request.top(5));
    List<ScoredItems> single = new ArrayList<>();
    for (History h : hs) {
      single.add(rec.apply(h));
    }
    // reversed and shuffled: no result depends on what was asked before
    for (int r = hs.size() - 1; r >= 0; r--) {
      assertThat(rec.apply(hs.get(r))).as("reversed, history %s", hs.get(r)).isEqualTo(single.get(r));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < hs.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(23));
    for (int i : order) {
      assertThat(rec.apply(hs.get(i))).as("shuffled, history %s", hs.get(i)).isEqualTo(single.get(i));
    }
    // from four threads released together, each over the whole batch in its own order
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<ScoredItems>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<Integer> mine = new ArrayList<>(order);
        Collections.rotate(mine, t * hs.size() / threads);
        Callable<List<ScoredItems>> job = () -> {
          start.await();
          ScoredItems[] out = new ScoredItems[hs.size()];
          for (int i : mine) {
            out[i] = rec.apply(hs.get(i));
          }
          return Arrays.asList(out);
        };
        futures.add(pool.submit(job));
      }
      start.countDown();
      for (Future<List<ScoredItems>> f : futures) {
        assertThat(f.get()).isEqualTo(single);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void filters_hold() {
    Model m = model();
    BitSet odd = new BitSet();
    for (int i = 1; i < ITEMS; i += 2) {
      odd.set(i);
    }
    ScoredItems top = m.recommend(History.of(0, 2), Request.top(ITEMS).filtered(ItemFilter.of(odd)));
    assertThat(boxed(top.items())).containsExactlyInAnyOrder(1, 3, 5, 7, 9, 11);
    assertOrdered(top, "odd only");
    for (History h : histories()) {
      ScoredItems f = m.recommend(h, Request.top(3).filtered(ItemFilter.excluding(odd)));
      assertThat(boxed(f.items())).as("history %s", h).allMatch(i -> i % 2 == 0);
      if (!adapted(Adaptation.RANKS_BY_OWN_LIST)) {
        assertThat(f).as("history %s", h).isEqualTo(fullSort(m, h, 3, ItemFilter.excluding(odd)));
      }
    }
    BitSet none = new BitSet();
    assertThat(m.recommend(History.of(0), Request.top(5).filtered(ItemFilter.of(none))).size()).isZero();
  }

  @Test
  void scores_are_finite_and_items_beyond_the_index_are_ignored() {
    Model m = model();
    float[] a = new float[ITEMS];
    float[] b = new float[ITEMS];
    m.score(History.of(1, 3), a);
    m.score(History.of(1, 3, 50), b);
    assertThat(a).isEqualTo(b);
    for (History h : histories()) {
      float[] s = new float[ITEMS];
      m.score(h, s);
      for (int i = 0; i < ITEMS; i++) {
        assertThat(Float.isFinite(s[i])).as("history %s, item %d: %s", h, i, s[i]).isTrue();
      }
    }
    assertThatThrownBy(() -> m.score(History.of(1), new float[ITEMS - 1]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scoring_is_the_same_for_a_training_user_and_the_same_history_given_fresh() {
    Interactions data = checkerboard();
    Model m = model();
    for (int u = 0; u < data.numUsers(); u++) {
      History training = data.historyOf(u);
      History fresh = History.of(training.items());
      assertThat(m.recommend(training, Request.top(5))).as("user %d", u)
          .isEqualTo(m.recommend(fresh, Request.top(5)));
    }
  }

  @Test
  void similar_excludes_the_item_keeps_the_filter_and_orders_ties() {
    Model m = model();
    BitSet even = new BitSet();
    for (int i = 0; i < ITEMS; i += 2) {
      even.set(i);
    }
    for (int item = 0; item < ITEMS; item++) {
      ScoredItems sim = m.similar(item, 5, ItemFilter.ALL);
      assertThat(boxed(sim.items())).as("item %d", item).doesNotContain(item).hasSize(5).doesNotHaveDuplicates();
      assertOrdered(sim, "similar to " + item);
      ScoredItems all = m.similar(item, 100, ItemFilter.ALL);
      assertThat(all.size()).as("item %d, n beyond the catalogue", item).isEqualTo(ITEMS - 1);
      assertThat(sim.items()).as("item %d, head of the longer list", item).containsExactly(Arrays.copyOf(all.items(), 5));
      ScoredItems f = m.similar(item, ITEMS, ItemFilter.of(even));
      assertThat(boxed(f.items())).as("item %d, even only", item)
          .allMatch(i -> i % 2 == 0).doesNotContain(item).hasSize(item % 2 == 0 ? 5 : 6);
      assertThat(m.similar(item, 5, ItemFilter.ALL)).as("item %d, asked again", item).isEqualTo(sim);
    }
    assertThatThrownBy(() -> m.similar(-1, 5, ItemFilter.ALL)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.similar(ITEMS, 5, ItemFilter.ALL)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void similar_items_come_from_the_items_group() {
    Model m = model();
    ScoredItems global = m.recommend(History.EMPTY, Request.top(ITEMS));
    for (int item = 0; item < ITEMS; item++) {
      ScoredItems sim = m.similar(item, 3, ItemFilter.ALL);
      if (adapted(Adaptation.NOT_PERSONALISED)) {
        assertThat(sim.items()).as("item %d", item).containsExactly(withoutSeen(global.items(), new int[] {item}, 3));
      } else {
        int base = item < 6 ? 0 : 6;
        assertThat(sim.item(0)).as("item %d", item).isBetween(base, base + 5);
      }
    }
  }

  @Test
  void snapshot_round_trip_gives_identical_scores_and_lists() throws Exception {
    Interactions data = checkerboard();
    Model m = model();
    Path f = dir.resolve("m.tsnap");
    SnapshotFile.write(new ModelSnapshot(1, 0, data.items(), Map.of(m.type(), m), Map.of(), Map.of()), f);
    Model back = SnapshotFile.read(f).models().get(m.type());
    assertThat(back.type()).isEqualTo(m.type());
    assertThat(back.numItems()).isEqualTo(m.numItems());
    for (History h : histories()) {
      float[] a = new float[ITEMS];
      float[] b = new float[ITEMS];
      m.score(h, a);
      back.score(h, b);
      assertThat(b).as("history %s", h).isEqualTo(a);
      assertThat(back.recommend(h, Request.top(5))).as("history %s", h).isEqualTo(m.recommend(h, Request.top(5)));
    }
    for (int item = 0; item < ITEMS; item++) {
      assertThat(back.similar(item, 5, ItemFilter.ALL)).as("item %d", item).isEqualTo(m.similar(item, 5, ItemFilter.ALL));
    }
  }

  private static List<Integer> boxed(int[] items) {
    return Arrays.stream(items).boxed().toList();
  }
}

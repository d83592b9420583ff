package dev.tandem.core.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.History;
import dev.tandem.core.model.ItemFilter;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.Request;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.core.snapshot.SnapshotFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact behaviour of item-item models (EASE, ItemKNN) on {@link Fixtures#checkerboard()}, on
 * top of the general {@link dev.tandem.core.model.ModelContractTest}: a score is a sum over the
 * history's distinct positive items, so unrelated items score exactly 0 and ties fall in index order.
 */
abstract class ItemItemContractTest extends dev.tandem.core.model.ModelContractTest {

  /** The model fitted on {@link Fixtures#checkerboard()}. */
  final Model checkerboardModel() {
    return fit(Fixtures.checkerboard());
  }

  @Test
  void withheld_item_ranks_first() {
    Model m = checkerboardModel();
    assertThat(m.recommend(History.of(0, 1), Request.top(1)).items()).containsExactly(2);
    assertThat(m.recommend(History.of(3, 4), Request.top(1)).items()).containsExactly(5);
  }

  @Test
  void n_beyond_the_catalogue_returns_the_catalogue_minus_seen() {
    Model m = checkerboardModel();
    ScoredItems all = m.recommend(History.of(0, 1), Request.top(100));
    assertThat(all.items()).hasSize(6).doesNotContain(0, 1);
    assertThat(all.item(0)).isEqualTo(2);
    // the rest score 0 (no relation to {0,1}) and so come in index order
    assertThat(Arrays.copyOfRange(all.items(), 1, 6)).containsExactly(3, 4, 5, 6, 7);
  }

  @Test
  void ties_rank_the_smaller_index_first() {
    Model m = checkerboardModel();
    // item 6 has no interactions, so every other item scores 0 and the order is the index order
    ScoredItems r = m.recommend(History.of(6), Request.top(8));
    assertThat(r.items()).containsExactly(0, 1, 2, 3, 4, 5, 7);
    assertThat(r.scores()).containsOnly(0f);
  }

  @Test
  void filter_is_respected() {
    Model m = checkerboardModel();
    BitSet banned = new BitSet();
    banned.set(2);
    banned.set(3);
    ScoredItems r = m.recommend(History.of(0, 1), Request.top(3).filtered(ItemFilter.excluding(banned)));
    assertThat(r.items()).containsExactly(4, 5, 6);
  }

  @Test
  void history_items_outside_the_catalogue_are_ignored() {
    Model m = checkerboardModel();
    float[] a = new float[m.numItems()];
    float[] b = new float[m.numItems()];
    m.score(History.of(0, 1), a);
    m.score(History.of(0, 99, 1, 8), b);
    assertThat(b).containsExactly(a);
  }

  @Test
  void repeated_and_negative_entries_do_not_change_binary_scores() {
    Model m = checkerboardModel();
    float[] a = new float[m.numItems()];
    float[] b = new float[m.numItems()];
    m.score(History.of(0, 1), a);
    m.score(new History(new int[] {0, 0, 1, 4}, new float[] {1, 2, 5, -1}, new long[4]), b);
    assertThat(b).containsExactly(a);
  }

  @Test
  void empty_history_scores_zero() {
    Model m = checkerboardModel();
    float[] out = new float[m.numItems()];
    Arrays.fill(out, 7f);
    m.score(History.EMPTY, out);
    assertThat(out).containsOnly(0f);
  }

  @Test
  void similar_excludes_the_item_and_finds_its_block() {
    Model m = checkerboardModel();
    ScoredItems s = m.similar(0, 2, ItemFilter.ALL);
    assertThat(s.items()).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void snapshot_round_trip_keeps_every_history_score(@TempDir Path dir) throws Exception {
    Model m = checkerboardModel();
    ModelType<?, ?> type = ModelTypes.byName(m.type());
    ModelSnapshot snap = new ModelSnapshot(1, 0, Fixtures.items(m.numItems()), Map.of(m.type(), m),
        Map.of(m.type(), Map.of()), Map.of());
    Path file = dir.resolve("model.tsn");
    SnapshotFile.write(snap, file);
    assertThat(Files.size(file)).isPositive();
    Model back = SnapshotFile.read(file).model(m.type()).orElseThrow();
    assertThat(back).isInstanceOf(type.modelClass());
    for (int[] h : new int[][] {{0}, {0, 1}, {3, 4}, {2, 5, 7}, {}}) {
      float[] a = new float[m.numItems()];
      float[] b = new float[m.numItems()];
      m.score(History.of(h), a);
      back.score(History.of(h), b);
      assertThat(b).as("history %s", Arrays.toString(h)).containsExactly(a);
    }
  }
}

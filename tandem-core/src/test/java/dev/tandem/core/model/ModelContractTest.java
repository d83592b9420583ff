package dev.tandem.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.core.snapshot.SnapshotFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every personalised model passes (after benfred/implicit's recommender_base_test):
 * on a checkerboard of two taste groups the withheld item of the user's group ranks first;
 * filters hold; asking for more than the catalogue returns the catalogue minus what was seen;
 * results do not depend on whether the history comes from training or not; a snapshot round
 * trip gives identical scores; items outside the model's index are ignored.
 */
public abstract class ModelContractTest {
  @TempDir Path dir;

  /** Fits the model under test with its (possibly test-tuned) parameters. */
  protected abstract Model fit(Interactions data);

  /** 12 items, two groups (0..5 and 6..11); 40 users, each group member has all of its group's items but one. */
  protected static Interactions checkerboard() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
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

  protected boolean personalised() {
    return true;
  }

  @Test
  void withheld_item_of_the_users_group_ranks_first() {
    Model m = fit(checkerboard());
    assertThat(m.numItems()).isEqualTo(12);
    if (!personalised()) {
      return;
    }
    for (int skip = 0; skip < 6; skip++) {
      for (int base : new int[] {0, 6}) {
        int[] hist = new int[5];
        int n = 0;
        for (int k = 0; k < 6; k++) {
          if (k != skip) {
            hist[n++] = base + k;
          }
        }
        ScoredItems top = m.recommend(History.of(hist), Request.top(3));
        assertThat(top.item(0)).as("group %d, withheld %d", base, base + skip).isEqualTo(base + skip);
      }
    }
  }

  @Test
  void seen_items_are_excluded_and_n_beyond_the_catalogue_returns_the_rest() {
    Model m = fit(checkerboard());
    ScoredItems all = m.recommend(History.of(0, 1, 2), Request.top(100));
    assertThat(all.items()).hasSize(9).doesNotContain(0, 1, 2);
    for (int r = 1; r < all.size(); r++) {
      assertThat(all.score(r)).isLessThanOrEqualTo(all.score(r - 1));
    }
  }

  @Test
  void filters_hold() {
    Model m = fit(checkerboard());
    BitSet odd = new BitSet();
    for (int i = 1; i < 12; i += 2) {
      odd.set(i);
    }
    ScoredItems top = m.recommend(History.of(0, 2), Request.top(12).filtered(ItemFilter.of(odd)));
    assertThat(java.util.Arrays.stream(top.items()).boxed().toList()).allMatch(i -> i % 2 == 1);
    assertThat(top.size()).isEqualTo(6);
  }

  @Test
  void scores_are_finite_and_items_beyond_the_index_are_ignored() {
    Model m = fit(checkerboard());
    float[] a = new float[12];
    float[] b = new float[12];
    m.score(History.of(1, 3), a);
    m.score(History.of(1, 3, 50), b);
    assertThat(a).isEqualTo(b);
    for (float s : a) {
      assertThat(Float.isFinite(s)).isTrue();
    }
  }

  @Test
  void scoring_is_the_same_for_a_training_user_and_the_same_history_given_fresh() {
    Interactions data = checkerboard();
    Model m = fit(data);
    History training = data.historyOf(3);
    History fresh = History.of(training.items());
    assertThat(m.recommend(training, Request.top(5))).isEqualTo(m.recommend(fresh, Request.top(5)));
  }

  @Test
  void similar_excludes_the_item_itself() {
    Model m = fit(checkerboard());
    ScoredItems sim = m.similar(2, 5, ItemFilter.ALL);
    assertThat(sim.items()).doesNotContain(2).hasSize(5);
    if (personalised()) {
      assertThat(sim.item(0)).isBetween(0, 5);
    }
  }

  @Test
  void snapshot_round_trip_gives_identical_scores() throws Exception {
    Interactions data = checkerboard();
    Model m = fit(data);
    Path f = dir.resolve("m.tsnap");
    SnapshotFile.write(new ModelSnapshot(1, 0, data.items(), Map.of(m.type(), m), Map.of(), Map.of()), f);
    Model back = SnapshotFile.read(f).models().get(m.type());
    float[] a = new float[12];
    float[] b = new float[12];
    m.score(History.of(0, 7, 8), a);
    back.score(History.of(0, 7, 8), b);
    assertThat(b).isEqualTo(a);
  }
}

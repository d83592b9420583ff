package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train swaps a fully loaded snapshot in, reload picks up other processes' snapshots, retention keeps K files. */
class SnapshotSwapTest {
  @TempDir Path home;

  private static final TrainOptions POP_EASE = new TrainOptions(List.of("pop", "ease", "itemknn"), Map.of(), (m, s) -> {});

  /** Sci-fi s1..s4, romance r1..r4; 20 users each like three of their genre's four. */
  private static void fill(Tandem t) {
    List<Item> items = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      items.add(new Item("s" + i, "Space " + i, "", List.of("scifi"), List.of(), Map.of(), 0, true));
      items.add(new Item("r" + i, "Love " + i, "", List.of("romance"), List.of(), Map.of(), 0, true));
    }
    t.store().items().upsert(items);
    List<Feedback> fb = new ArrayList<>();
    for (int u = 0; u < 20; u++) {
      String g = u % 2 == 0 ? "s" : "r";
      for (int i = 1; i <= 4; i++) {
        if (i != 1 + (u / 2) % 4) {
          fb.add(new Feedback("u" + u, g + i, "rating", 5, 1000 + u));
        }
      }
    }
    t.store().feedback().append(fb);
  }

  private static void keep(Path home, int k) throws Exception {
    Files.createDirectories(home);
    Files.writeString(home.resolve("tandem.toml"), "[server]\nkeep_snapshots = " + k + "\n");
  }

  @Test
  void train_swaps_in_a_snapshot_whose_recommend_model_is_already_loaded() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      fill(t);
      assertThat(t.servingVersion()).isEmpty();
      t.train(POP_EASE);
      assertThat(t.servingVersion()).hasValue(1);
      // no cold start: the configured model (ease) and pop answer from memory even with the file gone
      Files.delete(t.snapshots().fileOf(1));
      RecommendResult r = t.recommend("u0", RecommendOptions.top(3));
      assertThat(r.model()).isEqualTo("ease");
      assertThat(r.snapshotVersion()).isEqualTo(1);
      assertThat(t.recommend("nobody", RecommendOptions.top(2)).model()).isEqualTo("pop");
      // a model nobody used was not loaded: it would need the (deleted) file
      assertThatThrownBy(() -> t.recommend("u0", RecommendOptions.top(3).withModel("itemknn")))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot load model itemknn: snapshot 1")
          .hasMessageContaining("was deleted");
    }
  }

  @Test
  void the_next_snapshot_preloads_the_models_the_previous_one_had_loaded() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      fill(t);
      t.train(POP_EASE);
      assertThat(t.recommend("u0", RecommendOptions.top(3).withModel("itemknn")).model()).isEqualTo("itemknn");
      t.train(POP_EASE);
      Files.delete(t.snapshots().fileOf(2));
      RecommendResult r = t.recommend("u0", RecommendOptions.top(3).withModel("itemknn"));
      assertThat(r.snapshotVersion()).isEqualTo(2);
      assertThat(r.items()).extracting(Recommendation::itemId).doesNotContain("s2", "s3", "s4").hasSize(3);
    }
  }

  @Test
  void retention_keeps_the_newest_k_files() throws Exception {
    keep(home, 2);
    try (Tandem t = Tandem.open(home)) {
      fill(t);
      for (int i = 0; i < 4; i++) {
        t.train(POP_EASE);
      }
      assertThat(t.snapshots().versions()).containsExactly(3L, 4L);
      assertThat(t.snapshotList()).extracting(SnapshotInfo::version).containsExactly(4L, 3L);
      assertThat(t.snapshotList()).extracting(SnapshotInfo::serving).containsExactly(true, false);
      assertThat(t.snapshotList().get(0).models()).containsExactly("pop", "ease", "itemknn");
      assertThat(t.snapshotList().get(0).bytes()).isEqualTo(Files.size(t.snapshots().fileOf(4)));
    }
  }

  @Test
  void retention_never_deletes_the_snapshot_serving() throws Exception {
    keep(home, 1);
    try (Tandem t = Tandem.open(home)) {
      fill(t);
      t.train(POP_EASE);
      t.train(POP_EASE); // keep 1, but version 1 still serves while version 2 is written
      assertThat(t.snapshots().versions()).containsExactly(1L, 2L);
      assertThat(t.servingVersion()).hasValue(2);
      t.train(POP_EASE);
      assertThat(t.snapshots().versions()).containsExactly(2L, 3L);
      assertThat(t.recommend("u0", RecommendOptions.top(2)).snapshotVersion()).isEqualTo(3);
    }
  }

  @Test
  void reload_picks_up_a_snapshot_written_by_another_process() throws Exception {
    try (Tandem server = Tandem.open(home); Tandem cli = Tandem.open(home)) {
      assertThat(server.reload()).isZero();
      fill(cli);
      cli.train(POP_EASE);
      assertThat(server.reload()).isEqualTo(1);
      assertThat(server.recommend("u1", RecommendOptions.top(2)).snapshotVersion()).isEqualTo(1);
      cli.train(POP_EASE);
      assertThat(server.recommend("u1", RecommendOptions.top(2)).snapshotVersion()).isEqualTo(1);
      assertThat(server.reload()).isEqualTo(2);
      assertThat(server.reload()).isEqualTo(2); // nothing newer: unchanged
      assertThat(server.recommend("u1", RecommendOptions.top(2)).snapshotVersion()).isEqualTo(2);
      assertThat(server.snapshotList()).extracting(SnapshotInfo::serving).containsExactly(true, false);
    }
  }

  @Test
  void a_failed_train_keeps_the_previous_snapshot_serving() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      fill(t);
      t.train(POP_EASE);
      for (int u = 0; u < 20; u++) {
        t.store().users().delete("u" + u);
      }
      assertThatThrownBy(() -> t.train(POP_EASE)).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("no positive feedback to train on");
      assertThat(t.servingVersion()).hasValue(1);
      assertThat(t.snapshots().versions()).containsExactly(1L);
      RecommendResult r = t.recommend(List.of(new Feedback("anon", "s1", "like", 1, 5)), "", RecommendOptions.top(3));
      assertThat(r.snapshotVersion()).isEqualTo(1);
      assertThat(r.items()).extracting(Recommendation::itemId).containsExactlyInAnyOrder("s2", "s3", "s4");
    }
  }

  @Test
  void train_params_validates_without_training() {
    try (Tandem t = Tandem.open(home)) {
      assertThat(t.trainParams(new TrainOptions(List.of("ease"), TrainOptions.parseParams(Map.of("ease", Map.of("lambda", "20"))), (m, s) -> {})))
          .containsOnlyKeys("ease").extractingByKey("ease").extracting(p -> p.describe().get("lambda")).isEqualTo("20.0");
      assertThatThrownBy(() -> t.trainParams(new TrainOptions(List.of("nope"), Map.of(), (m, s) -> {})))
          .hasMessageContaining("model (\"nope\") is not known");
      assertThat(t.snapshots().versions()).isEmpty();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

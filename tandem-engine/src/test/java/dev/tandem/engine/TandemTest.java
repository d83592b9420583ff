package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.History;
import dev.tandem.core.data.Item;
import dev.tandem.store.cache.CachingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TandemTest {
  @TempDir Path home;

  /** Two taste groups: sci-fi s1..s4, romance r1..r4; r4 is unavailable. */
  private static void fill(Tandem t) {
    List<Item> items = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      items.add(new Item("s" + i, "Space " + i, "", List.of("scifi"), List.of(), Map.of(), 0, true));
      items.add(new Item("r" + i, "Love " + i, "", List.of("romance"), List.of(), Map.of(), 0, i != 4));
    }
    t.store().items().upsert(items);
    List<Feedback> fb = new ArrayList<>();
    for (int u = 0; u < 30; u++) {
      String g = u % 2 == 0 ? "s" : "r";
      for (int i = 1; i <= 4; i++) {
        if (i != 1 + (u / 2) % 4) {
          fb.add(new Feedback("u" + u, g + i, "rating", 5, 1000 + u));
        }
      }
    }
    fb.add(new Feedback("fan", "s1", "rating", 5, 1));
    fb.add(new Feedback("fan", "s2", "like", 1, 2));
    fb.add(new Feedback("fan", "r1", "rating", 2, 3)); // seen, not liked
    t.store().feedback().append(fb);
  }

  @Test
  void trains_recommends_unseen_available_items_and_falls_back_for_strangers() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      assertThat(Files.readString(home.resolve("tandem.toml"))).contains("[models.ease]");
      fill(t);
      TrainReport r = t.train(new TrainOptions(List.of("pop", "ease"), Map.of(), (m, s) -> {}));
      assertThat(r.version()).isEqualTo(1);
      assertThat(r.items()).isEqualTo(8);
      assertThat(r.users()).isEqualTo(31);
      assertThat(r.fitSeconds().keySet()).containsExactly("pop", "ease");

      RecommendResult fan = t.recommend("fan", RecommendOptions.top(8));
      assertThat(fan.model()).isEqualTo("ease");
      assertThat(fan.fallback()).isFalse();
      assertThat(fan.historySize()).isEqualTo(3);
      List<String> ids = fan.items().stream().map(Recommendation::itemId).toList();
      assertThat(ids).doesNotContain("s1", "s2", "r1", "r4").hasSize(4);
      assertThat(ids.subList(0, 2)).containsExactlyInAnyOrder("s3", "s4");
      assertThat(fan.items().get(0).title()).startsWith("Space ");

      RecommendResult romance = t.recommend("fan", RecommendOptions.top(8).withCategory("ROMANCE"));
      assertThat(romance.items()).extracting(Recommendation::itemId).containsExactlyInAnyOrder("r2", "r3");

      RecommendResult stranger = t.recommend("nobody", RecommendOptions.top(3));
      assertThat(stranger.fallback()).isTrue();
      assertThat(stranger.model()).isEqualTo("pop");
      assertThat(stranger.fallbackReason()).isEqualTo("the history has no events model ease can use (0 read), so"
          + " popularity answered");
      assertThat(fan.fallbackReason()).isEmpty();

      RecommendResult anon = t.recommend(History.of(t.snapshotHeader().items().indexOf("r2")), RecommendOptions.top(2));
      assertThat(anon.items()).extracting(Recommendation::itemId).containsExactlyInAnyOrder("r1", "r3");

      RecommendResult sim = t.similar("s1", RecommendOptions.top(3));
      assertThat(sim.items()).extracting(Recommendation::itemId).containsExactlyInAnyOrder("s2", "s3", "s4");
    }
  }

  @Test
  void a_stored_history_is_read_up_to_its_most_recent_max_history_events() throws Exception {
    Files.writeString(home.resolve("tandem.toml"), "[store]\nmax_history_events = 2\n");
    try (Tandem t = Tandem.open(home)) {
      fill(t); // fan: s1 (ts 1), s2 (ts 2), r1 (ts 3, rated 2)
      t.train(new TrainOptions(List.of("pop", "ease"), Map.of(), (m, s) -> {}));
      RecommendResult fan = t.recommend("fan", RecommendOptions.top(8));
      assertThat(fan.historySize()).isEqualTo(2); // s2 and r1: s1 is older than the two most recent
      assertThat(fan.items()).extracting(Recommendation::itemId).contains("s1").doesNotContain("s2", "r1");
      assertThat(t.historyOf("fan").size()).isEqualTo(2);
      assertThat(t.store().feedback().countOf("fan")).isEqualTo(3);
    }
  }

  @Test
  void a_snapshot_without_the_configured_model_answers_with_a_fallback_that_says_why() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      fill(t);
      assertThat(t.servingProblem()).isEmpty(); // nothing trained yet: nothing to say
      long v = t.train(new TrainOptions(List.of("pop", "itemknn"), Map.of(), (m, s) -> {})).version();
      String missing = "recommend.model (ease) is not in snapshot " + v + ", which has [pop, itemknn]; retrain with it"
          + " (tandem train --models ...,ease)";
      assertThat(t.servingProblem()).hasValue(missing + ", so pop answered (answers say fallback: true)");

      RecommendResult fan = t.recommend("fan", RecommendOptions.top(3));
      assertThat(fan.model()).isEqualTo("pop");
      assertThat(fan.fallback()).isTrue();
      assertThat(fan.fallbackReason()).isEqualTo(missing + ", so pop answered");
      RecommendResult asked = t.recommend("fan", RecommendOptions.top(3).withModel("itemknn"));
      assertThat(asked.fallback()).isFalse(); // the requested model answered
      assertThat(asked.fallbackReason()).isEmpty();
      RecommendResult sim = t.similar("s1", RecommendOptions.top(2));
      assertThat(sim.fallback()).isTrue();
      assertThat(sim.fallbackReason()).isEqualTo(missing + ", so pop answered");

      t.train(new TrainOptions(List.of("pop", "ease"), Map.of(), (m, s) -> {}));
      assertThat(t.servingProblem()).isEmpty();
      assertThat(t.recommend("fan", RecommendOptions.top(3)).fallback()).isFalse();
    }
  }

  @Test
  void clear_errors_and_a_failed_train_keeps_the_previous_snapshot() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      assertThatThrownBy(() -> t.recommend("u1", RecommendOptions.top(3)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("run `tandem train` first");
      assertThatThrownBy(() -> t.train(TrainOptions.defaults()))
          .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("no positive feedback to train on");
      fill(t);
      t.train(new TrainOptions(List.of("pop"), Map.of(), (m, s) -> {}));
      assertThatThrownBy(() -> t.train(new TrainOptions(List.of("pop"), TrainOptions.parseParams(Map.of("pop", Map.of("half_life_days", "-2"))), (m, s) -> {})))
          .hasMessageContaining("pop.half_life_days (-2.0) must be >= 0");
      assertThatThrownBy(() -> t.train(new TrainOptions(List.of("pop"), TrainOptions.parseParams(Map.of("ease", Map.of("lambda", "2"))), (m, s) -> {})))
          .hasMessageContaining("--param names model 'ease', which is not being trained [pop]");
      assertThat(t.snapshots().versions()).containsExactly(1L);
      assertThatThrownBy(() -> t.recommend("u1", RecommendOptions.top(3).withModel("ease")))
          .hasMessageContaining("model (\"ease\") is not in snapshot 1; it has [pop]");
      assertThatThrownBy(() -> t.similar("zzz", RecommendOptions.top(3)))
          .hasMessageContaining("item (\"zzz\") is not in the trained catalogue (8 items)");
      assertThatThrownBy(() -> t.recommend("fan", RecommendOptions.top(3).withCategory("poetry")))
          .hasMessageContaining("category (\"poetry\") matches no item's categories or tags");
    }
  }

  @Test
  void new_feedback_changes_the_next_recommendation_without_retraining() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      fill(t);
      t.train(new TrainOptions(List.of("pop", "ease"), Map.of(), (m, s) -> {}));
      RecommendResult before = t.recommend("newbie", RecommendOptions.top(2));
      assertThat(before.fallback()).isTrue();
      assertThat(((CachingStore) t.store()).historyCached("newbie")).as("served from the history cache").isTrue();
      t.store().feedback().append(List.of(new Feedback("newbie", "r2", "purchase", 1, 5)));
      RecommendResult after = t.recommend("newbie", RecommendOptions.top(2));
      assertThat(after.fallback()).isFalse();
      assertThat(after.items()).extracting(Recommendation::itemId).containsExactlyInAnyOrder("r1", "r3");
    }
  }
}

package dev.tandem.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Protocol definitions and determinism of {@link Splitter} and {@link SplitFolder}. */
class SplitterTest {
  @TempDir Path dir;

  /**
   * 120 users with 3..30 events each over 60 items (skewed), ratings 1..5, distinct timestamps
   * per user, no (user, item) repeated; seed printed by the assertions that use it.
   */
  static Events events(long seed) {
    Random r = new Random(seed);
    Events.Builder b = Events.builder();
    for (int u = 0; u < 120; u++) {
      int n = 3 + r.nextInt(28);
      Set<Integer> seen = new HashSet<>();
      for (int k = 0; k < n; k++) {
        int item = (int) Math.floor(Math.pow(r.nextDouble(), 1.5) * 60);
        if (seen.add(item)) {
          b.add("u" + u, "i" + item, 1 + r.nextInt(5), 1_000_000L + r.nextInt(100_000));
        }
      }
    }
    return b.build();
  }

  static SplitData split(Protocol p, long seed) {
    return Splitter.split(events(11), SplitOptions.defaults(p).withSeed(seed).withTestUsers(30), "synthetic");
  }

  static Set<String> users(Pairs p) {
    return new HashSet<>(List.of(p.users()));
  }

  static Set<String> items(Pairs p) {
    return new HashSet<>(List.of(p.items()));
  }

  @Test
  void same_seed_same_folder_bytes_other_seed_other_split() throws IOException {
    for (Protocol p : Protocol.values()) {
      SplitFolder.write(split(p, 5), dir.resolve(p.id() + "-a"));
      SplitFolder.write(split(p, 5), dir.resolve(p.id() + "-b"));
      for (String f : List.of("train.csv", "test_history.csv", "test_target.csv", "meta.json")) {
        assertThat(Files.readAllBytes(dir.resolve(p.id() + "-a").resolve(f))).as(p + " " + f)
            .isEqualTo(Files.readAllBytes(dir.resolve(p.id() + "-b").resolve(f)));
      }
    }
    assertThat(split(Protocol.HOLDOUT_USERS, 5).target()).isNotEqualTo(split(Protocol.HOLDOUT_USERS, 6).target());
  }

  @Test
  void holdout_users_never_trains_on_test_users_and_keeps_only_known_items() {
    SplitData s = split(Protocol.HOLDOUT_USERS, 1);
    Set<String> train = users(s.train());
    Set<String> test = users(s.target());
    assertThat(test).isNotEmpty().hasSizeLessThanOrEqualTo(30);
    assertThat(test).doesNotContainAnyElementsOf(train);
    assertThat(users(s.history())).isEqualTo(test);
    assertThat(items(s.train())).containsAll(items(s.history())).containsAll(items(s.target()));
    Events ev = events(11);
    Map<String, Double> rating = new HashMap<>();
    for (int i = 0; i < ev.size(); i++) {
      rating.put(ev.user(i) + "/" + ev.item(i), ev.rating(i));
    }
    for (int i = 0; i < s.train().size(); i++) {
      assertThat(rating.get(s.train().user(i) + "/" + s.train().item(i))).isGreaterThanOrEqualTo(4);
      assertThat(s.train().rating(i)).isEqualTo(1.0);
    }
    assertThat(s.meta()).containsEntry("protocol", "\"holdout-users\"").containsEntry("min_user_positives", "5");
  }

  @Test
  void leave_last_out_targets_each_users_latest_positive() {
    Events ev = events(11);
    SplitData s = Splitter.split(ev, SplitOptions.defaults(Protocol.LEAVE_LAST_OUT), "synthetic");
    Map<String, Long> latest = new HashMap<>();
    Map<String, Long> timeOf = new HashMap<>();
    Map<String, Integer> positives = new HashMap<>();
    for (int i = 0; i < ev.size(); i++) {
      if (ev.rating(i) >= 4) {
        latest.merge(ev.user(i), ev.timestamp(i), Math::max);
        timeOf.put(ev.user(i) + "/" + ev.item(i), ev.timestamp(i));
        positives.merge(ev.user(i), 1, Integer::sum);
      }
    }
    assertThat(s.target().size()).isEqualTo(users(s.target()).size());
    for (int i = 0; i < s.target().size(); i++) {
      String u = s.target().user(i);
      assertThat(positives.get(u)).isGreaterThanOrEqualTo(5);
      assertThat(timeOf.get(u + "/" + s.target().item(i))).isEqualTo(latest.get(u));
    }
    assertThat(s.history()).isEqualTo(s.train());
  }

  @Test
  void cold_items_never_train_on_a_cold_item() {
    SplitData s = split(Protocol.COLD_ITEMS, 3);
    Set<String> cold = new HashSet<>(s.coldItems());
    assertThat(cold).isNotEmpty();
    assertThat(items(s.train())).doesNotContainAnyElementsOf(cold);
    assertThat(items(s.history())).doesNotContainAnyElementsOf(cold);
    assertThat(cold).containsAll(items(s.target()));
    assertThat(s.coldItems()).isSorted();
  }

  @Test
  void temporal_trains_before_the_cut_and_tests_after() {
    Events ev = events(11);
    SplitData s = Splitter.split(ev, SplitOptions.defaults(Protocol.TEMPORAL), "synthetic");
    long cut = Long.parseLong(s.meta().get("time_cut"));
    Map<String, Long> timeOf = new HashMap<>();
    for (int i = 0; i < ev.size(); i++) {
      timeOf.put(ev.user(i) + "/" + ev.item(i), ev.timestamp(i));
    }
    for (int i = 0; i < s.train().size(); i++) {
      assertThat(timeOf.get(s.train().user(i) + "/" + s.train().item(i))).isLessThan(cut);
    }
    for (int i = 0; i < s.target().size(); i++) {
      assertThat(timeOf.get(s.target().user(i) + "/" + s.target().item(i))).isGreaterThanOrEqualTo(cut);
    }
    assertThat(s.target().size()).isPositive();
    assertThat(users(s.history())).isEqualTo(users(s.target()));
  }

  @Test
  void random_holds_out_part_of_every_users_positives() {
    SplitData s = split(Protocol.RANDOM, 2);
    Set<String> pairsTrain = new HashSet<>();
    for (int i = 0; i < s.train().size(); i++) {
      pairsTrain.add(s.train().user(i) + "/" + s.train().item(i));
    }
    for (int i = 0; i < s.target().size(); i++) {
      assertThat(pairsTrain).doesNotContain(s.target().user(i) + "/" + s.target().item(i));
    }
    assertThat(users(s.train())).containsAll(users(s.target()));
  }

  @Test
  void ratings_keep_values_and_write_a_rating_column() throws IOException {
    SplitData s = split(Protocol.RATINGS, 4);
    assertThat(s.rated()).isTrue();
    Set<Double> values = new HashSet<>();
    for (double r : s.target().ratings()) {
      values.add(r);
    }
    assertThat(values).contains(1.0, 2.0, 5.0);
    SplitFolder.write(s, dir.resolve("r"));
    assertThat(Files.readAllLines(dir.resolve("r/test_target.csv")).get(0)).isEqualTo("user,item,rating");
    SplitData back = SplitFolder.read(dir.resolve("r"));
    assertThat(back.rated()).isTrue();
    assertThat(back.target()).isEqualTo(s.target());
    assertThat(back.train()).isEqualTo(s.train());
    assertThat(back.protocol()).isEqualTo("ratings");
    assertThat(back.seed()).isEqualTo(4);
  }

  @Test
  void errors_name_field_value_and_rule() {
    assertThatThrownBy(() -> Splitter.split(events(11), SplitOptions.defaults(Protocol.HOLDOUT_USERS), "x"))
        .hasMessageStartingWith("test_users (600) must be <= the number of users with >= 5 positives (");
    assertThatThrownBy(() -> Protocol.of("kfold"))
        .hasMessage("protocol (kfold) must be one of [holdout-users, leave-last-out, temporal, random, cold-items, ratings]");
    assertThatThrownBy(() -> new SplitOptions(Protocol.RANDOM, 1, 4, 5, 600, 1.5, 0.2, 0.8))
        .hasMessage("target_fraction (1.5) must be in (0, 1)");
  }
}

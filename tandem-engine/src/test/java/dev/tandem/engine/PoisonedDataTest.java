package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.core.eval.Events;
import dev.tandem.core.eval.Protocol;
import dev.tandem.store.LegacyRows;
import dev.tandem.store.SqliteBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12: nothing a client sent (or an older version stored) can make training fail. */
class PoisonedDataTest {
  @TempDir Path home;

  private static final TrainOptions POP_EASE = new TrainOptions(List.of("pop", "ease"), Map.of(), (m, s) -> {});

  /** Two taste groups: sci-fi s1..s4, romance r1..r4, 20 users, plus "fan". */
  private static void fill(Tandem t) {
    List<Item> items = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      items.add(Item.of("s" + i, "Space " + i));
      items.add(Item.of("r" + i, "Love " + i));
    }
    t.store().items().upsert(items);
    List<Feedback> fb = new ArrayList<>();
    for (int u = 0; u < 20; u++) {
      String g = u % 2 == 0 ? "s" : "r";
      for (int i = 1; i <= 4; i++) {
        if (i != 1 + (u / 2) % 4) {
          fb.add(new Feedback("u" + u, g + i, "click", 1, 1000 + u));
        }
      }
    }
    fb.add(new Feedback("fan", "s1", "like", 1, 1));
    t.store().feedback().append(fb);
  }

  @Test
  void training_skips_poisoned_events_names_their_ids_and_trains_on_the_rest() throws Exception {
    TrainReport clean;
    List<String> cleanTop;
    try (Tandem t = Tandem.open(home)) {
      fill(t);
      clean = t.train(POP_EASE);
      cleanTop = ids(t.recommend("fan", RecommendOptions.top(5)));
    }
    Map<String, Long> poison = new LinkedHashMap<>();
    try (Connection c = new SqliteBackend(home.resolve("tandem.db")).connect()) {
      // what an older version accepted: 1e308, infinity, a control character in an id, a negative timestamp
      poison.put("value_out_of_range", LegacyRows.feedback(c, "fan", "s2", "click", 1e308, 7));
      poison.put("value_not_finite", LegacyRows.feedback(c, "fan", "s3", "click", Double.POSITIVE_INFINITY, 8));
      poison.put("invalid_user_id", LegacyRows.feedback(c, "bad\u0001user", "s2", "like", 1, 9));
      poison.put("timestamp_out_of_range", LegacyRows.feedback(c, "u1", "s4", "click", 1, -5));
      poison.put("unknown_type", LegacyRows.feedback(c, "u1", "s4", "teleport", 1, 10));
    }
    try (Tandem t = Tandem.open(home)) {
      TrainReport r = t.train(POP_EASE);
      assertThat(r.version()).isEqualTo(2);
      assertThat(r.events()).isEqualTo(clean.events() + 5);
      assertThat(r.interactions()).isEqualTo(clean.interactions());
      assertThat(r.users()).isEqualTo(clean.users());
      assertThat(r.skippedEvents()).isEqualTo(1); // the unconfigured type, as before
      assertThat(r.invalid().counts()).containsExactly(entry("invalid_user_id", 1L), entry("unknown_type", 1L),
          entry("value_not_finite", 1L), entry("value_out_of_range", 1L), entry("timestamp_out_of_range", 1L));
      poison.forEach((reason, id) -> assertThat(r.invalid().sampleIds().get(reason)).as(reason).containsExactly(id));
      assertThat(r.invalid().invalid()).isEqualTo(4);
      assertThat(r.invalid().describe()).isEqualTo("4 invalid events skipped: invalid_user_id 1 (id "
          + poison.get("invalid_user_id") + "), value_not_finite 1 (id " + poison.get("value_not_finite")
          + "), value_out_of_range 1 (id " + poison.get("value_out_of_range") + "), timestamp_out_of_range 1 (id "
          + poison.get("timestamp_out_of_range") + ")");
      // the model is the one trained on the clean data
      assertThat(ids(t.recommend("fan", RecommendOptions.top(5)))).isEqualTo(cleanTop);
      // serving leaves them out too: the fan's history is the clean like only
      assertThat(t.historyOf("fan").size()).isEqualTo(1);
      Events split = t.events(Protocol.HOLDOUT_USERS, 4);
      for (int i = 0; i < split.size(); i++) {
        assertThat(split.user(i)).isNotEqualTo("bad\u0001user");
      }
    }
  }

  @Test
  void configured_ranges_are_enforced_on_every_append_through_the_home() throws Exception {
    Files.createDirectories(home);
    Files.writeString(home.resolve("tandem.toml"), TandemConfig.defaultText().replace("rating = [0.0, 100.0]",
        "rating = [1.0, 5.0]"));
    try (Tandem t = Tandem.open(home)) {
      assertThat(t.config().feedback().range("rating").max()).isEqualTo(5);
      assertThatThrownBy(() -> t.store().feedback().append(List.of(new Feedback("u1", "b1", "rating", 6, 0))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("feedback[0] (user \"u1\", item \"b1\", type rating): value (6.0) must be in [1, 5]"
              + " (feedback.value_ranges.rating)");
      t.store().feedback().append(List.of(new Feedback("u1", "b1", "rating", 5, 0)));
      assertThat(t.store().feedback().count()).isEqualTo(1);
    }
  }

  private static List<String> ids(RecommendResult r) {
    return r.items().stream().map(Recommendation::itemId).toList();
  }
}

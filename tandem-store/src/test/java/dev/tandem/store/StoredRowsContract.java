package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the store refuses (values out of range, invalid ids) and how it reads rows written before
 * the current rules, on every backend: {@link SqliteStoredRowsTest}, {@link PostgresStoredRowsTest}.
 */
abstract class StoredRowsContract {
  protected abstract Backend backend();

  @Test
  void append_refuses_a_value_out_of_its_types_range_naming_the_event_and_writes_nothing() {
    try (Store s = backend().open()) {
      List<Feedback> batch = List.of(new Feedback("u1", "i1", "click", 1, 0), new Feedback("u1", "i9", "click", 1e308, 0));
      assertThatThrownBy(() -> s.feedback().append(batch))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("feedback[1] (user \"u1\", item \"i9\", type click): value (1.0E308) must be in [-1000, 1000]"
              + " (feedback.value_ranges.click)");
      assertThatThrownBy(() -> s.feedback().append(List.of(new Feedback("u1", "i1", "rating", 101, 0))))
          .hasMessage("feedback[0] (user \"u1\", item \"i1\", type rating): value (101.0) must be in [0, 100]"
              + " (feedback.value_ranges.rating)");
      assertThat(s.feedback().count()).isZero();
      assertThat(s.items().count()).isZero();
      assertThat(s.feedback().append(List.of(new Feedback("u1", "i1", "click", 1000, 0)))).isEqualTo(1);
    }
  }

  @Test
  void bulk_load_refuses_invalid_ids_types_values_and_timestamps() {
    try (Store s = backend().open(); BulkLoad load = s.bulkLoad()) {
      assertThatThrownBy(() -> load.feedback("sur\ud800", "i", "click", 1, 0))
          .hasMessageStartingWith("user (\"sur\\uD800\") has a lone surrogate U+D800 at index 3; an id is");
      assertThatThrownBy(() -> load.feedback("u", "i\u0000", "click", 1, 0))
          .hasMessageStartingWith("item (\"i\\u0000\") has a control character U+0000 at index 1");
      assertThatThrownBy(() -> load.feedback("u", "i", "Click!", 1, 0))
          .hasMessage("type (\"Click!\") must match [a-z][a-z0-9_-]* and have at most 64 characters");
      assertThatThrownBy(() -> load.feedback("u", "i", "click", Double.NaN, 0))
          .hasMessage("feedback[0] (user \"u\", item \"i\", type click): value (NaN) must be finite and in"
              + " [-1000, 1000] (feedback.value_ranges.click)");
      assertThatThrownBy(() -> load.feedback("u", "i", "click", 1, -1))
          .hasMessageStartingWith("timestamp (-1) must be in [0, 253402300799]");
      load.feedback("u", "i", "click", 1, 0);
      assertThat(load.commit().feedbackInserted()).isEqualTo(1);
    }
  }

  @Test
  void ids_differing_only_in_lone_surrogates_can_no_longer_collapse() {
    try (Store s = backend().open()) {
      assertThatThrownBy(() -> s.items().upsert(List.of(Item.of("sur\ud800", "A"))))
          .hasMessageStartingWith("item id (\"sur\\uD800\") has a lone surrogate");
      s.items().upsert(List.of(Item.of("sur?", "Q")));
      assertThat(s.items().get("sur?").orElseThrow().title()).isEqualTo("Q");
      assertThat(s.items().count()).isEqualTo(1);
    }
  }

  @Test
  void rows_written_before_the_rules_are_skipped_or_cut_and_listed() throws Exception {
    long poisoned;
    long badItem;
    try (Store s = backend().open()) {
      s.feedback().append(List.of(new Feedback("u1", "good", "click", 1, 5)));
    }
    try (Connection c = backend().connect()) {
      LegacyRows.item(c, "bad\u0001id", "Bad", "{}");
      LegacyRows.item(c, "long", "t".repeat(1_500), "{\"notes\":\"" + "n".repeat(12_000) + "\"}");
      LegacyRows.user(c, " padded", "");
      LegacyRows.user(c, "talker", "p".repeat(10_500));
      poisoned = LegacyRows.feedback(c, "u1", "good", "click", 1e308, 6);
      badItem = LegacyRows.feedback(c, "u1", "bad\u0001id", "click", 1, 7);
      LegacyRows.feedback(c, "u1", "long", "click", Double.POSITIVE_INFINITY, 8);
    }
    try (Store s = backend().open()) {
      assertThat(s.items().get("bad\u0001id")).isEmpty();
      List<String> ids = new ArrayList<>();
      s.items().forEach(it -> ids.add(it.id()));
      assertThat(ids).containsExactly("good", "long");
      Item cut = s.items().get("long").orElseThrow();
      assertThat(cut.title()).hasSize(1_000);
      assertThat(cut.attributes().get("notes").toString()).hasSize(10_000);
      assertThat(s.items().list(0, 10)).extracting(Item::id).containsExactly("good", "long");
      assertThat(s.items().getAll(List.of("bad\u0001id", "good"))).containsOnlyKeys("good");
      assertThat(s.users().get(" padded")).isEmpty();
      assertThat(s.users().get("talker").orElseThrow().profile()).hasSize(10_000);

      List<InvalidRecord> items = new ArrayList<>();
      s.items().forEachInvalid(items::add);
      assertThat(items).extracting(InvalidRecord::id).containsExactly("bad\u0001id", "long");
      assertThat(items.get(0).idValid()).isFalse();
      assertThat(items.get(0).problem()).startsWith("item id (\"bad\\u0001id\") has a control character U+0001 at index 3");
      assertThat(items.get(1).idValid()).isTrue();
      assertThat(items.get(1).problem()).isEqualTo("item title (\"" + "t".repeat(200) + "…\" (1,500 characters))"
          + " must be at most 1,000 characters");
      List<InvalidRecord> users = new ArrayList<>();
      s.users().forEachInvalid(users::add);
      assertThat(users).extracting(InvalidRecord::id).containsExactly(" padded", "talker");

      // histories leave out rows that cannot be a Feedback; out-of-range finite values are the trainer's to skip
      assertThat(s.feedback().history("u1")).containsExactly(new Feedback("u1", "good", "click", 1, 5),
          new Feedback("u1", "good", "click", 1e308, 6));
      List<Long> rows = new ArrayList<>();
      s.feedback().scanRows((id, user, item, type, value, ts) -> rows.add(id));
      assertThat(rows).hasSize(4).contains(poisoned, badItem);
      assertThat(s.feedback().delete(List.of(poisoned, badItem, 999_999L))).isEqualTo(2);
      assertThat(s.feedback().count()).isEqualTo(2);
      assertThat(s.feedback().delete(List.of())).isZero();
    }
  }
}

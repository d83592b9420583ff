package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.User;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The store's contract, run against every backend: {@link SqliteStoreTest} and
 * {@link PostgresStoreTest} bind it to a fresh database per test.
 */
abstract class StoreContract {
  /** This test's database. */
  protected abstract Backend backend();

  private static Item item(String id, String title) {
    Map<String, Attribute> attrs = new LinkedHashMap<>();
    attrs.put("year", Attribute.of(1995));
    attrs.put("lang", Attribute.of("en"));
    attrs.put("score", Attribute.of(4.25));
    return new Item(id, title, "desc of " + id, List.of("Drama", "Comedy"), List.of("funny"), attrs, 788918400L, true);
  }

  @Test
  void fresh_database_gets_schema_version_3_and_reopening_is_a_noop() throws Exception {
    try (Store s = backend().open()) {
      assertThat(s.schemaVersion()).isEqualTo("3");
      s.items().upsert(List.of(item("a", "A")));
    }
    try (Store s = backend().open()) {
      assertThat(s.schemaVersion()).isEqualTo("3");
      assertThat(s.items().count()).isEqualTo(1);
    }
    try (Connection c = backend().connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version, description, success FROM flyway_schema_history"
            + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getBoolean(3));
      }
      assertThat(rows).containsExactly("1|initial schema|true", "2|embeddings|true", "3|sessions|true");
    }
  }

  @Test
  void reads_go_on_while_a_long_scan_holds_a_connection() throws Exception {
    try (Store s = backend().open()) {
      s.feedback().append(List.of(new Feedback("u1", "a", "click", 1, 1), new Feedback("u2", "b", "like", 1, 2)));
      java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
      try {
        List<String> during = new ArrayList<>();
        // training scans every event; a request reading a history meanwhile must not wait for the scan
        s.feedback().scan((user, item, type, value, ts) -> {
          if (during.isEmpty()) {
            try {
              during.add(other.submit(() -> s.feedback().history("u2").get(0).item())
                  .get(60, java.util.concurrent.TimeUnit.SECONDS));
            } catch (Exception e) {
              throw new AssertionError("a read waited for the scan to finish: " + e, e);
            }
          }
        });
        assertThat(during).containsExactly("b");
      } finally {
        other.shutdownNow();
      }
    }
  }

  @Test
  void items_round_trip_list_in_id_order_and_update_in_place() {
    try (Store s = backend().open()) {
      assertThat(s.items().upsert(List.of(item("b", "Bee"), item("a", "Ay"), item("c", "Sea")))).isEqualTo(3);
      Item a = s.items().get("a").orElseThrow();
      assertThat(a).isEqualTo(item("a", "Ay"));
      assertThat(a.attributes().get("year")).isEqualTo(Attribute.of(1995));
      assertThat(a.attributes().get("score")).isEqualTo(Attribute.of(4.25));
      assertThat(a.attributes().keySet()).containsExactly("year", "lang", "score");
      assertThat(s.items().list(0, 2)).extracting(Item::id).containsExactly("a", "b");
      assertThat(s.items().list(2, 10)).extracting(Item::id).containsExactly("c");
      assertThat(s.items().upsert(List.of(Item.of("a", "Ay 2"), Item.of("d", "Dee")))).isEqualTo(1);
      assertThat(s.items().get("a").orElseThrow().title()).isEqualTo("Ay 2");
      assertThat(s.items().get("a").orElseThrow().categories()).isEmpty();
      assertThat(s.items().count()).isEqualTo(4);
      assertThat(s.items().getAll(List.of("d", "zz", "b")).keySet()).containsExactly("d", "b");
      List<String> seen = new ArrayList<>();
      s.items().forEach(i -> seen.add(i.id()));
      assertThat(seen).containsExactly("a", "b", "c", "d");
      assertThat(s.items().get("zz")).isEmpty();
      assertThatThrownBy(() -> s.items().list(-1, 3)).hasMessage("offset (-1) must be >= 0");
    }
  }

  @Test
  void feedback_creates_bare_items_and_users_later_filled_in() {
    try (Store s = backend().open()) {
      assertThat(s.feedback().append(List.of(new Feedback("u1", "i9", "click", 1, 5)))).isEqualTo(1);
      Item bare = s.items().get("i9").orElseThrow();
      assertThat(bare.title()).isEmpty();
      assertThat(bare.available()).isTrue();
      assertThat(s.users().get("u1").orElseThrow().attributes()).isEmpty();
      assertThat(s.items().upsert(List.of(item("i9", "Nine")))).isZero();
      assertThat(s.items().get("i9").orElseThrow().title()).isEqualTo("Nine");
      assertThat(s.feedback().history("u1")).containsExactly(new Feedback("u1", "i9", "click", 1, 5));
    }
  }

  @Test
  void a_limited_history_is_the_most_recent_events_in_time_order_and_counts_need_no_read() {
    try (Store s = backend().open()) {
      s.feedback().append(List.of(
          new Feedback("u", "x", "click", 1, 30),
          new Feedback("u", "y", "click", 1, 10),
          new Feedback("u", "z", "view", 1, 30),
          new Feedback("u", "w", "click", 1, 10),
          new Feedback("u", "v", "like", 1, 40)));
      assertThat(s.feedback().history("u", 3)).extracting(Feedback::item).containsExactly("x", "z", "v");
      assertThat(s.feedback().history("u", 5)).extracting(Feedback::item).containsExactly("y", "w", "x", "z", "v");
      assertThat(s.feedback().history("u", 99)).isEqualTo(s.feedback().history("u"));
      assertThat(s.feedback().history("u", 1)).extracting(Feedback::item).containsExactly("v");
      // a second read (a cache hit in the caching store) agrees; a new event is seen at once
      assertThat(s.feedback().history("u", 3)).extracting(Feedback::item).containsExactly("x", "z", "v");
      s.feedback().append(List.of(new Feedback("u", "t", "like", 1, 50)));
      assertThat(s.feedback().history("u", 3)).extracting(Feedback::item).containsExactly("z", "v", "t");
      assertThat(s.feedback().history("u", 2)).extracting(Feedback::item).containsExactly("v", "t");
      assertThat(s.feedback().countOf("u")).isEqualTo(6);
      assertThat(s.feedback().countOf("nobody")).isZero();
      assertThat(s.feedback().history("nobody", 3)).isEmpty();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.feedback().history("u", 0))
          .hasMessage("limit (0) must be >= 1");
    }
  }

  @Test
  void history_is_in_time_then_insertion_order_and_duplicates_replace() {
    try (Store s = backend().open()) {
      s.feedback().append(List.of(
          new Feedback("u", "x", "click", 1, 30),
          new Feedback("u", "y", "click", 1, 10),
          new Feedback("v", "x", "rating", 5, 10),
          new Feedback("u", "z", "view", 1, 30),
          new Feedback("u", "w", "click", 1, 10)));
      assertThat(s.feedback().history("u")).extracting(Feedback::item).containsExactly("y", "w", "x", "z");
      assertThat(s.feedback().append(List.of(new Feedback("v", "x", "rating", 2, 10)))).isZero();
      assertThat(s.feedback().history("v")).containsExactly(new Feedback("v", "x", "rating", 2, 10));
      assertThat(s.feedback().count()).isEqualTo(5);
      assertThat(s.feedback().countUsers()).isEqualTo(2);
      assertThat(s.feedback().history("nobody")).isEmpty();
      List<String> rows = new ArrayList<>();
      s.feedback().scan((u, i, t, v, ts) -> rows.add(u + "," + i + "," + t + "," + v + "," + ts));
      assertThat(rows).containsExactly("u,x,click,1.0,30", "u,y,click,1.0,10", "v,x,rating,2.0,10", "u,z,view,1.0,30",
          "u,w,click,1.0,10");
    }
  }

  @Test
  void deleting_a_user_erases_its_feedback_and_deleting_an_item_too() {
    try (Store s = backend().open()) {
      s.users().upsert(List.of(new User("u", Map.of("age", Attribute.of(30)), "likes sci-fi")));
      assertThat(s.users().get("u").orElseThrow().profile()).isEqualTo("likes sci-fi");
      s.feedback().append(List.of(new Feedback("u", "x", "click", 1, 1), new Feedback("u", "y", "click", 1, 2),
          new Feedback("v", "x", "click", 1, 3)));
      assertThat(s.users().delete("u")).isTrue();
      assertThat(s.users().delete("u")).isFalse();
      assertThat(s.users().get("u")).isEmpty();
      assertThat(s.feedback().count()).isEqualTo(1);
      assertThat(s.feedback().history("u")).isEmpty();
      assertThat(s.users().count()).isEqualTo(1);
      assertThat(s.items().delete("x")).isTrue();
      assertThat(s.feedback().count()).isZero();
      assertThat(s.items().count()).isEqualTo(1);
    }
  }

  @Test
  void bulk_load_closed_without_commit_leaves_store_unchanged() {
    try (Store s = backend().open()) {
      s.items().upsert(List.of(Item.of("a", "A")));
      try (BulkLoad load = s.bulkLoad()) {
        load.putItem(Item.of("a", "changed"));
        load.putItem(Item.of("b", "B"));
        load.feedback("u", "c", "click", 1, 0);
      }
      assertThat(s.items().count()).isEqualTo(1);
      assertThat(s.items().get("a").orElseThrow().title()).isEqualTo("A");
      assertThat(s.feedback().count()).isZero();
      assertThat(s.users().count()).isZero();
      s.meta().put("k", "v1");
      s.meta().put("k", "v2");
      assertThat(s.meta().get("k")).contains("v2");
      assertThat(s.meta().get("none")).isEmpty();
    }
  }

  @Test
  void reads_during_a_bulk_load_see_only_committed_data() {
    try (Store s = backend().open()) {
      s.items().upsert(List.of(Item.of("a", "A")));
      try (BulkLoad load = s.bulkLoad()) {
        load.putItem(Item.of("a", "changed"));
        load.putItem(Item.of("b", "B"));
        load.feedback("u", "b", "click", 1, 7);
        assertThat(s.items().count()).isEqualTo(1);
        assertThat(s.items().get("a").orElseThrow().title()).isEqualTo("A");
        assertThat(s.feedback().count()).isZero();
        BulkLoad.Counts counts = load.commit();
        assertThat(counts.feedbackInserted()).isEqualTo(1);
      }
      assertThat(s.items().count()).isEqualTo(2);
      assertThat(s.items().get("a").orElseThrow().title()).isEqualTo("changed");
      assertThat(s.feedback().history("u")).containsExactly(new Feedback("u", "b", "click", 1, 7));
    }
  }
}

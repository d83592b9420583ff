package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Feedback;
import dev.tandem.store.cache.CachingStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The session store's contract, run against every backend: {@link SqliteSessionStoreTest},
 * {@link PostgresSessionStoreTest}; each test runs on the plain store and behind a
 * {@link CachingStore}.
 */
abstract class SessionStoreContract {
  /** This test's database. */
  protected abstract Backend backend();

  private static final String STATE = "{\"query\":\"轻松的科幻小说\",\"ranges\":[{\"attribute\":\"pages\",\"min\":null,\"max\":300}]}";

  private List<Store> both() {
    return List.of(backend().open(), CachingStore.wrap(backend().open()));
  }

  @Test
  void put_get_round_trip_keeps_owner_state_time_and_counts_versions() {
    for (Store s : both()) {
      try (s) {
        String id = "s-" + s.getClass().getSimpleName();
        assertThat(s.sessions().get(id)).isEmpty();
        assertThat(s.sessions().put(id, "u1", STATE, 1_000, 0)).isTrue();
        assertThat(s.sessions().get(id)).contains(new SessionStore.Stored(id, "u1", STATE, 1_000, 1));
        assertThat(s.sessions().put(id, "u1", "{}", 2_500, 1)).isTrue();
        assertThat(s.sessions().get(id)).contains(new SessionStore.Stored(id, "u1", "{}", 2_500, 2));
        assertThat(s.sessions().put("anon" + id, "", "{}", 3_000, 0)).isTrue();
        assertThat(s.sessions().get("anon" + id).orElseThrow().user()).isEmpty();
      }
    }
    try (Store s = backend().open()) {
      assertThat(s.sessions().count()).isEqualTo(4); // two per store of the loop, one database
    }
  }

  @Test
  void a_stale_version_writes_nothing_and_a_second_insert_of_one_id_fails() {
    try (Store s = backend().open()) {
      assertThat(s.sessions().put("s1", "u1", "{\"turn\":1}", 10, 0)).isTrue();
      assertThat(s.sessions().put("s1", "u2", "{\"turn\":9}", 11, 0)).isFalse();
      assertThat(s.sessions().put("s1", "u1", "{\"turn\":2}", 12, 1)).isTrue();
      // a writer that read version 1 comes second
      assertThat(s.sessions().put("s1", "u1", "{\"turn\":\"lost\"}", 13, 1)).isFalse();
      assertThat(s.sessions().get("s1")).contains(new SessionStore.Stored("s1", "u1", "{\"turn\":2}", 12, 2));
      // a deleted session cannot be updated back into life
      assertThat(s.sessions().delete("s1")).isTrue();
      assertThat(s.sessions().delete("s1")).isFalse();
      assertThat(s.sessions().put("s1", "u1", "{}", 14, 2)).isFalse();
      assertThat(s.sessions().get("s1")).isEmpty();
    }
  }

  @Test
  void delete_older_than_removes_at_most_limit_oldest_first() {
    try (Store s = backend().open()) {
      for (int i = 1; i <= 5; i++) {
        s.sessions().put("s" + i, "", "{}", i * 100L, 0);
      }
      assertThat(s.sessions().deleteOlderThan(400, 2)).isEqualTo(2); // s1, s2 of s1..s3
      assertThat(s.sessions().get("s1")).isEmpty();
      assertThat(s.sessions().get("s2")).isEmpty();
      assertThat(s.sessions().get("s3")).isPresent();
      assertThat(s.sessions().deleteOlderThan(400, 100)).isEqualTo(1); // s3; 400 itself is not older
      assertThat(s.sessions().deleteOlderThan(400, 100)).isZero();
      assertThat(s.sessions().count()).isEqualTo(2);
      assertThatThrownBy(() -> s.sessions().deleteOlderThan(400, 0)).hasMessage("limit (0) must be >= 1");
    }
  }

  @Test
  void bad_arguments_are_rejected_naming_the_value() {
    try (Store s = backend().open()) {
      assertThatThrownBy(() -> s.sessions().put(" ", "", "{}", 0, 0))
          .hasMessage("session id ( ) must be 1..128 chars, not blank");
      assertThatThrownBy(() -> s.sessions().put("x", "", "{}", 0, -1))
          .hasMessage("expected session version (-1) must be >= 0");
      assertThatThrownBy(() -> s.sessions().put("x", "", null, 0, 0))
          .hasMessage("state of session x must not be null");
      assertThatThrownBy(() -> s.sessions().get("y".repeat(129))).hasMessageContaining("must be 1..128 chars");
    }
  }

  @Test
  void deleting_a_user_deletes_their_sessions_only() {
    try (Store s = backend().open()) {
      s.feedback().append(List.of(new Feedback("u1", "a", "click", 1, 1), new Feedback("u2", "a", "click", 1, 1)));
      s.sessions().put("of-u1", "u1", "{}", 5, 0);
      s.sessions().put("of-u2", "u2", "{}", 5, 0);
      s.sessions().put("anon", "", "{}", 5, 0);
      assertThat(s.users().delete("u1")).isTrue();
      assertThat(s.sessions().get("of-u1")).isEmpty();
      assertThat(s.sessions().get("of-u2")).isPresent();
      assertThat(s.sessions().get("anon")).isPresent();
    }
  }

  @Test
  void v3_migrates_a_v2_database_keeping_its_rows() throws Exception {
    Flyway.configure().dataSource(backend().url(), backend().user(), null).locations("classpath:db/migration")
        .target("2").load().migrate();
    try (Connection c = backend().connect(); Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO items (seq, id, title) VALUES (1, 'b1', 'Dune')");
    }
    try (Store s = backend().open()) {
      assertThat(s.schemaVersion()).isEqualTo("3");
      assertThat(s.items().get("b1").orElseThrow().title()).isEqualTo("Dune");
      assertThat(s.sessions().put("s", "", "{}", 1, 0)).isTrue();
    }
    try (Connection c = backend().connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL"
            + " ORDER BY installed_rank")) {
      List<String> versions = new ArrayList<>();
      while (rs.next()) {
        versions.add(rs.getString(1));
      }
      assertThat(versions).containsExactly("1", "2", "3");
    }
  }
}

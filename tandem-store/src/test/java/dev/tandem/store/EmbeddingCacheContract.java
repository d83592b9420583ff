package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Item;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The embedding cache's contract, run against every backend: {@link SqliteEmbeddingCacheTest},
 * {@link PostgresEmbeddingCacheTest}.
 */
abstract class EmbeddingCacheContract {
  /** This test's database. */
  protected abstract Backend backend();

  @Test
  void hash_is_hex_sha256_of_utf8() {
    assertThat(EmbeddingCache.hash("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(EmbeddingCache.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(EmbeddingCache.hash("é")).isNotEqualTo(EmbeddingCache.hash("e\u0301"));
  }

  @Test
  void put_get_round_trip_is_bit_exact_and_per_model() {
    float[] odd = {Float.MIN_VALUE, -0.0f, Float.MAX_VALUE, -1.5e-30f, 0.1f, Float.intBitsToFloat(0x3f800001)};
    float[] small = {1f, 2f};
    String h1 = EmbeddingCache.hash("one");
    String h2 = EmbeddingCache.hash("two");
    try (Store s = backend().open()) {
      Map<String, float[]> in = new LinkedHashMap<>();
      in.put(h1, odd);
      in.put(h2, small);
      assertThat(s.embeddings().put("m1", in)).isEqualTo(2);
      assertThat(s.embeddings().put("m2", Map.of(h1, new float[] {7f}))).isEqualTo(1);
      assertThat(s.embeddings().count("m1")).isEqualTo(2);
      assertThat(s.embeddings().count("m2")).isEqualTo(1);
      assertThat(s.embeddings().count("m3")).isZero();

      Map<String, float[]> got = s.embeddings().get("m1", List.of(h1, h2, EmbeddingCache.hash("three")));
      assertThat(got.keySet()).containsExactlyInAnyOrder(h1, h2);
      int[] bits = new int[odd.length];
      int[] back = new int[odd.length];
      for (int i = 0; i < odd.length; i++) {
        bits[i] = Float.floatToRawIntBits(odd[i]);
        back[i] = Float.floatToRawIntBits(got.get(h1)[i]);
      }
      assertThat(back).containsExactly(bits);
      assertThat(got.get(h2)).containsExactly(1f, 2f);
      assertThat(s.embeddings().get("m2", List.of(h1, h2)).get(h1)).containsExactly(7f);
      assertThat(s.embeddings().get("m1", List.of())).isEmpty();

      // replacing a vector keeps one row
      s.embeddings().put("m1", Map.of(h2, new float[] {3f, 4f, 5f}));
      assertThat(s.embeddings().count("m1")).isEqualTo(2);
      assertThat(s.embeddings().get("m1", List.of(h2)).get(h2)).containsExactly(3f, 4f, 5f);
    }
  }

  @Test
  void get_handles_more_hashes_than_one_query_takes() {
    Map<String, float[]> in = new LinkedHashMap<>();
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < 1203; i++) {
      String h = EmbeddingCache.hash("doc " + i);
      hashes.add(h);
      in.put(h, new float[] {i, -i});
    }
    try (Store s = backend().open()) {
      assertThat(s.embeddings().put("m", in)).isEqualTo(1203);
      Map<String, float[]> got = s.embeddings().get("m", hashes);
      assertThat(got).hasSize(1203);
      assertThat(got.get(hashes.get(1202))).containsExactly(1202f, -1202f);
    }
  }

  @Test
  void bad_input_is_rejected_and_nothing_is_written() {
    try (Store s = backend().open()) {
      String h = EmbeddingCache.hash("x");
      Map<String, float[]> bad = new LinkedHashMap<>();
      bad.put(h, new float[] {1f});
      bad.put("XYZ", new float[] {1f});
      assertThatThrownBy(() -> s.embeddings().put("m", bad))
          .hasMessage("text hash (XYZ) must be 64 lower-case hex chars (SHA-256)");
      assertThatThrownBy(() -> s.embeddings().put("m", Map.of(h, new float[] {Float.NaN})))
          .hasMessage("vector of " + h + " has a non-finite value (NaN)");
      assertThatThrownBy(() -> s.embeddings().put("", Map.of(h, new float[] {1f})))
          .hasMessage("embedding model id must be non-empty");
      assertThat(s.embeddings().count("m")).isZero();
    }
  }

  @Test
  void v2_and_later_migrate_an_existing_v1_database_and_reopening_is_a_noop() throws Exception {
    // a store as version 1 wrote it: schema 1 only, with an item in it
    Flyway.configure().dataSource(backend().url(), backend().user(), null).locations("classpath:db/migration").target("1").load().migrate();
    try (Connection c = backend().connect(); Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO items (seq, id, title) VALUES (1, 'b1', 'Dune')");
      assertThat(tables(st)).doesNotContain("embeddings");
    }
    try (Store s = backend().open()) {
      assertThat(s.schemaVersion()).isEqualTo("3");
      assertThat(s.items().get("b1")).contains(Item.of("b1", "Dune"));
      s.embeddings().put("m", Map.of(EmbeddingCache.hash("Dune"), new float[] {0.5f}));
    }
    try (Store s = backend().open()) {
      assertThat(s.schemaVersion()).isEqualTo("3");
      assertThat(s.embeddings().count("m")).isEqualTo(1);
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

  private static List<String> tables(Statement st) throws Exception {
    List<String> names = new ArrayList<>();
    try (ResultSet rs = st.getConnection().getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
      }
    }
    return names;
  }
}

package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Item;
import dev.tandem.store.Store;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreConfigTest {
  @TempDir Path dir;

  private static TandemConfig parse(String toml) throws Exception {
    return TandemConfig.parse(new ByteArrayInputStream(toml.getBytes(StandardCharsets.UTF_8)), "test.toml");
  }

  @Test
  void store_section_is_parsed_and_validated() throws Exception {
    TandemConfig c = parse("[store]\nurl = \"jdbc:postgresql://db:5432/tandem\"\nuser = \"rec\"\n");
    assertThat(c.store()).isEqualTo(new StoreConfig("jdbc:postgresql://db:5432/tandem", "rec", ""));
    assertThat(parse("").store()).isEqualTo(StoreConfig.DEFAULTS);
    assertThatThrownBy(() -> parse("[store]\nurl = \"mysql://x\"\n"))
        .hasMessageContaining("store.url (mysql://x) must be empty");
    assertThatThrownBy(() -> parse("[store]\nhost = \"x\"\n")).hasMessageContaining("store.host");
    assertThat(parse("").store().historyCacheEvents()).isEqualTo(2_000_000L);
    assertThat(parse("[store]\nhistory_cache_events = 0\n").store().historyCacheEvents()).isZero();
    assertThatThrownBy(() -> parse("[store]\nhistory_cache_events = -1\n"))
        .hasMessageContaining("store.history_cache_events (-1) must be >= 0");
    assertThat(new StoreConfig("jdbc:postgresql://h/d", "u", "secret").toString()).doesNotContain("secret");
  }

  @Test
  void environment_overrides_only_the_variables_that_are_set() {
    StoreConfig file = new StoreConfig("", "fileuser", "filepw");
    assertThat(file.withEnv(Map.of())).isEqualTo(file);
    assertThat(file.withEnv(Map.of("TANDEM_STORE_URL", "jdbc:postgresql://h:1/d", "TANDEM_STORE_PASSWORD", "pw")))
        .isEqualTo(new StoreConfig("jdbc:postgresql://h:1/d", "fileuser", "pw"));
    assertThat(file.withEnv(Map.of("TANDEM_STORE_URL", " "))).isEqualTo(file);
  }

  @Test
  void tandem_opens_the_store_at_the_configured_url_instead_of_the_home_file() throws Exception {
    Path home = dir.resolve("home");
    Files.createDirectories(home);
    Path elsewhere = dir.resolve("elsewhere.db");
    Files.writeString(home.resolve("tandem.toml"), "[store]\nurl = \"jdbc:sqlite:" + elsewhere + "\"\n");
    try (Tandem t = Tandem.open(home)) {
      assertThat(t.config().store().url()).isEqualTo("jdbc:sqlite:" + elsewhere);
    }
    assertThat(elsewhere).exists();
    assertThat(home.resolve("tandem.db")).doesNotExist();
    try (Store s = Store.open(elsewhere)) {
      s.items().upsert(List.of(Item.of("a", "A")));
    }
    try (Store s = Store.open("jdbc:sqlite:" + elsewhere, null, null)) {
      assertThat(s.items().get("a")).contains(Item.of("a", "A"));
    }
  }
}

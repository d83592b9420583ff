package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.engine.ServerConfig.ApiKey;
import dev.tandem.engine.ServerConfig.Scope;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  private static final String K1 = "k1-0123456789abcdef";
  private static final String K2 = "k2-0123456789abcdef";

  private static TandemConfig parse(String toml) throws Exception {
    return TandemConfig.parse(new ByteArrayInputStream(toml.getBytes(StandardCharsets.UTF_8)), "test.toml");
  }

  @Test
  void server_section_is_parsed() throws Exception {
    TandemConfig c = parse("[server]\nopen_reads = true\nmax_body_bytes = 1000\nrate_limit = 7\nrate_burst = 3\n"
        + "api_keys = [\"shop:" + K1 + ":write\", \"ops:" + K2 + ":admin\"]\n");
    assertThat(c.server()).isEqualTo(new ServerConfig(true, 1000, 7, 3,
        List.of(new ApiKey("shop", K1, Scope.WRITE), new ApiKey("ops", K2, Scope.ADMIN))));
    assertThat(parse("").server()).isEqualTo(ServerConfig.DEFAULTS);
    assertThat(parse("[server]\nrate_limit = 0\n").server().rateLimit()).isZero();
  }

  @Test
  void access_log_is_stdout_by_default_and_takes_off_or_a_path() throws Exception {
    assertThat(parse("").server().accessLog()).isEqualTo("stdout");
    assertThat(parse("[server]\naccess_log = \"off\"\n").server().accessLog()).isEqualTo("off");
    assertThat(parse("[server]\naccess_log = \"/var/log/tandem/access.jsonl\"\n").server().accessLog())
        .isEqualTo("/var/log/tandem/access.jsonl");
    assertThatThrownBy(() -> parse("[server]\naccess_log = \"\"\n")).hasMessage("test.toml: server.access_log (\"\")"
        + " must be \"stdout\", \"off\" or a file path of 1..4096 characters without control characters");
    assertThatThrownBy(() -> parse("[server]\naccess_log = \"a\\nb\"\n"))
        .hasMessageStartingWith("test.toml: server.access_log (\"a?b\") must be");
    assertThatThrownBy(() -> parse("[server]\naccess_log = 1\n"))
        .hasMessage("test.toml: server.access_log (1) must be a string");
  }

  @Test
  void log_section_takes_a_format_and_a_level() throws Exception {
    assertThat(parse("").log()).isEqualTo(new LogConfig("text", "warn"));
    assertThat(parse("[log]\nformat = \"json\"\nlevel = \"INFO\"\n").log()).isEqualTo(new LogConfig("json", "info"));
    assertThat(parse("[log]\nformat = \"logfmt\"\n").log()).isEqualTo(new LogConfig("logfmt", "warn"));
    assertThatThrownBy(() -> parse("[log]\nformat = \"xml\"\n"))
        .hasMessage("test.toml: log.format (\"xml\") must be one of [text, json, logfmt]");
    assertThatThrownBy(() -> parse("[log]\nlevel = \"loud\"\n"))
        .hasMessage("test.toml: log.level (\"loud\") must be one of [error, warn, info, debug, trace]");
    assertThatThrownBy(() -> parse("[log]\ncolour = true\n"))
        .hasMessage("test.toml: unknown key log.colour; expected one of [format, level]");
  }

  @Test
  void scopes_include_the_lower_ones() {
    assertThat(Scope.ADMIN.includes(Scope.WRITE)).isTrue();
    assertThat(Scope.ADMIN.includes(Scope.READ)).isTrue();
    assertThat(Scope.WRITE.includes(Scope.READ)).isTrue();
    assertThat(Scope.WRITE.includes(Scope.ADMIN)).isFalse();
    assertThat(Scope.READ.includes(Scope.WRITE)).isFalse();
    assertThat(Scope.READ.includes(Scope.READ)).isTrue();
  }

  @Test
  void invalid_entries_are_named_and_the_key_never_echoed() {
    assertThatThrownBy(() -> parse("[server]\napi_keys = [\"a:" + K1 + ":read\", \"b:" + K2 + ":root\"]\n"))
        .hasMessage("test.toml: server.api_keys[1]: name 'b': scope 'root' is unknown; expected read, write or admin");
    assertThatThrownBy(() -> parse("[server]\napi_keys = [\"a::read\"]\n"))
        .hasMessage("test.toml: server.api_keys[0]: API key 'a': key is empty; expected at least 16 characters");
    assertThatThrownBy(() -> parse("[server]\napi_keys = [\"a:short-secret:read\"]\n"))
        .hasMessageContaining("server.api_keys[0]: API key 'a': key has 12 characters; expected at least 16")
        .hasMessageNotContaining("short-secret");
    assertThatThrownBy(() -> parse("[server]\napi_keys = [\"a:" + K1 + "\"]\n"))
        .hasMessageContaining("server.api_keys[0]: has 2 ':'-separated parts; expected name:key:scope")
        .hasMessageNotContaining(K1);
    assertThatThrownBy(() -> parse("[server]\napi_keys = [\"a:" + K1 + ":read\", \"a:" + K2 + ":read\"]\n"))
        .hasMessageContaining("name 'a' is given twice");
    assertThatThrownBy(() -> parse("[server]\napi_keys = [\"a:" + K1 + ":read\", \"b:" + K1 + ":admin\"]\n"))
        .hasMessageContaining("keys 'a' and 'b' share the same key").hasMessageNotContaining(K1);
    assertThatThrownBy(() -> parse("[server]\napi_keys = \"a:" + K1 + ":read\"\n"))
        .hasMessageContaining("server.api_keys must be a list");
    assertThatThrownBy(() -> parse("[server]\nrate_limit = -1\n"))
        .hasMessageContaining("server.rate_limit (-1) must be >= 0");
    assertThatThrownBy(() -> parse("[server]\nmax_body_bytes = 0\n"))
        .hasMessageContaining("server.max_body_bytes (0) must be in 1..");
    assertThatThrownBy(() -> parse("[server]\nopen_reads = \"yes\"\n"))
        .hasMessageContaining("server.open_reads (\"yes\") must be true or false");
    assertThatThrownBy(() -> parse("[server]\nkeys = []\n")).hasMessageContaining("unknown key server.keys");
  }

  @Test
  void environment_adds_keys_after_the_configured_ones() {
    ServerConfig file = new ServerConfig(false, 100, 0, 1, List.of(new ApiKey("shop", K1, Scope.WRITE)));
    assertThat(file.withEnv(Map.of())).isSameAs(file);
    assertThat(file.withEnv(Map.of("TANDEM_API_KEYS", "  "))).isSameAs(file);
    ServerConfig both = file.withEnv(Map.of("TANDEM_API_KEYS", "ops:" + K2 + ":admin, ,ro:k3-0123456789abcdef:read"));
    assertThat(both.apiKeys()).containsExactly(new ApiKey("shop", K1, Scope.WRITE),
        new ApiKey("ops", K2, Scope.ADMIN), new ApiKey("ro", "k3-0123456789abcdef", Scope.READ));
    assertThatThrownBy(() -> file.withEnv(Map.of("TANDEM_API_KEYS", "ops:" + K2 + ":admin,x:" + K2 + ":read")))
        .hasMessageContaining("keys 'ops' and 'x' share the same key").hasMessageContaining("TANDEM_API_KEYS")
        .hasMessageNotContaining(K2);
    assertThatThrownBy(() -> file.withEnv(Map.of("TANDEM_API_KEYS", "ops:" + K2 + ":admin,bad")))
        .hasMessageStartingWith("TANDEM_API_KEYS entry 2: has 1 ':'-separated parts");
    assertThatThrownBy(() -> file.withEnv(Map.of("TANDEM_API_KEYS", "shop:" + K2 + ":read")))
        .hasMessageContaining("name 'shop' is given twice");
  }

  @Test
  void keys_never_appear_in_text() {
    ServerConfig c = new ServerConfig(true, 100, 0, 1, List.of(new ApiKey("shop", K1, Scope.WRITE)));
    assertThat(c.toString()).contains("shop:***:write").doesNotContain(K1);
    assertThat(TandemConfig.DEFAULTS.server().toString()).contains("apiKeys=[]");
  }
}

package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem config}: effective values with their sources, masked secrets, env overrides, validation. */
class ConfigCommandTest {
  @TempDir Path home;

  private Run config(Map<String, String> env, String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "--home";
    all[1] = home.toString();
    all[2] = "config";
    System.arraycopy(args, 0, all, 3, args.length);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TandemCli.run(all, env, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  private Path file() {
    return home.resolve("tandem.toml").toAbsolutePath().normalize();
  }

  @Test
  void prints_each_value_with_its_source_and_masks_secrets() throws Exception {
    Files.writeString(home.resolve("tandem.toml"), "[server]\nrate_limit = 9\n[store]\npassword = \"hunter2\"\n");
    Run r = config(Map.of("TANDEM_EMBED_PROVIDER", "openai", "TANDEM_EMBED_MODEL", "nomic-embed-text",
        "TANDEM_EMBED_BASE_URL", "http://127.0.0.1:11434/v1", "TANDEM_SERVER_API_KEYS", "ops:fedcba9876543210fedc:admin"));
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("# " + file() + ": valid");
    assertThat(lines.get(1)).isEqualTo("feedback.positive_rating = 4.0               # default");
    assertThat(lines).contains(
        "embed.provider = \"openai\"                    # env TANDEM_EMBED_PROVIDER",
        "embed.model = \"nomic-embed-text\"             # env TANDEM_EMBED_MODEL",
        "embed.base_url = \"http://127.0.0.1:11434/v1\" # env TANDEM_EMBED_BASE_URL",
        "embed.batch_size = 32                        # default",
        "store.password = \"****\"                      # tandem.toml",
        "server.rate_limit = 9                        # tandem.toml",
        "server.api_keys = [\"ops:****:admin\"]         # env TANDEM_SERVER_API_KEYS",
        "log.level = \"warn\"                           # default");
    assertThat(r.out()).doesNotContain("hunter2").doesNotContain("fedcba9876543210fedc");
  }

  @Test
  void json_goes_through_the_wire_format() throws Exception {
    Files.writeString(home.resolve("tandem.toml"), "[log]\nlevel = \"info\"\n");
    Run r = config(Map.of("TANDEM_STORE_PASSWORD", "s3cret"), "--json");
    assertThat(r.code()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("file").asText()).isEqualTo(file().toString());
    assertThat(j.get("valid").asBoolean()).isTrue();
    Map<String, JsonNode> byKey = new java.util.HashMap<>();
    j.get("settings").forEach(s -> byKey.put(s.get("key").asText(), s));
    assertThat(byKey.get("log.level").toString()).isEqualTo("{\"key\":\"log.level\",\"value\":\"\\\"info\\\"\",\"source\":\"tandem.toml\"}");
    assertThat(byKey.get("store.password").toString())
        .isEqualTo("{\"key\":\"store.password\",\"value\":\"\\\"****\\\"\",\"source\":\"env TANDEM_STORE_PASSWORD\"}");
    assertThat(r.out()).doesNotContain("s3cret");
  }

  @Test
  void an_invalid_configuration_exits_2_with_the_error() throws Exception {
    Files.writeString(home.resolve("tandem.toml"), "[server]\nrate_limit = 9\n");
    Run env = config(Map.of("TANDEM_SERVER_RATE_LIMIT", "-1"));
    assertThat(env.code()).isEqualTo(2);
    assertThat(env.out()).isEmpty();
    assertThat(env.err()).isEqualTo("error: env TANDEM_SERVER_RATE_LIMIT: server.rate_limit (-1) must be >= 0 (0: no"
        + " limit)\n");
    Run typed = config(Map.of("TANDEM_SERVER_OPEN_READS", "maybe"));
    assertThat(typed.err()).isEqualTo("error: env TANDEM_SERVER_OPEN_READS (\"maybe\") must be true or false for"
        + " server.open_reads\n");
    Files.writeString(home.resolve("tandem.toml"), "[embed]\nprovider = \"openai\"\n");
    Run file = config(Map.of());
    assertThat(file.code()).isEqualTo(2);
    assertThat(file.err()).isEqualTo("error: " + file() + ": embed.model (\"\") must name the"
        + " endpoint's model with embed.provider = \"openai\"\n");
  }
}

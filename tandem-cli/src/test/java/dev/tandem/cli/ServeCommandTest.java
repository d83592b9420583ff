package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.ServerConfig.ApiKey;
import dev.tandem.engine.ServerConfig.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void an_invalid_port_is_a_usage_error_naming_the_value() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TandemCli.run(new String[] {"--home", dir.resolve("h").toString(), "serve", "--port", "70000"},
        new PrintWriter(out), new PrintWriter(err));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("port (70000) must be in 0..65535");
  }

  @Test
  void serve_is_listed_in_the_help() {
    StringWriter out = new StringWriter();
    TandemCli.run(new String[] {"help"}, new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertThat(out.toString()).contains("serve").contains("REST API");
  }

  @Test
  void serve_prints_the_retraining_schedule() {
    assertThat(ServeCommand.schedule(dev.tandem.engine.RetrainConfig.DEFAULTS)).containsExactly(
        "retraining on demand only (POST /admin/train); set [server] retrain_every to schedule it",
        "keeping the newest 5 snapshots; checking for snapshots written by `tandem train` every 10s");
    var every = new dev.tandem.engine.RetrainConfig(java.time.Duration.ofMinutes(30), java.util.List.of("ease", "pop"), 3,
        java.time.Duration.ZERO);
    assertThat(ServeCommand.schedule(every)).containsExactly(
        "retraining ease, pop every 30m in the background (skipped while feedback and items are unchanged);"
            + " POST /admin/train retrains now",
        "keeping the newest 3 snapshots; not checking for snapshots of other processes");
  }

  @Test
  void serve_refuses_to_start_without_any_key_and_says_where_keys_go() throws Exception {
    Assumptions.assumeTrue(System.getenv(ServerConfig.KEYS_ENV) == null, "TANDEM_API_KEYS is set in this environment");
    Path home = dir.resolve("h");
    assertThat(Run.in(home, "init").code()).isZero(); // serve refuses a folder that is not a home
    StringWriter err = new StringWriter();
    int code = TandemCli.run(new String[] {"--home", home.toString(), "serve", "--port", "0"},
        new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("no API key is configured").contains("[server] api_keys in " + home.resolve("tandem.toml"))
        .contains("TANDEM_API_KEYS=name:KEY:scope");
    assertThat(Files.exists(home.resolve("tandem.toml"))).isTrue();
  }

  @Test
  void the_startup_line_names_keys_and_scopes_but_never_the_keys() {
    ServerConfig c = new ServerConfig(true, 1024, 0, 1, List.of(new ApiKey("shop", "shop-0123456789abcdef", Scope.WRITE),
        new ApiKey("ops", "ops-0123456789abcdef", Scope.ADMIN)));
    assertThat(ServeCommand.describeAccess(c)).isEqualTo("2 API keys: shop (write), ops (admin); reads are open "
        + "(no key needed); no rate limit; bodies up to 1024 bytes");
    assertThat(ServeCommand.describeAccess(ServerConfig.DEFAULTS)).isEqualTo("no API keys, so every write is refused; "
        + "reads need a key; rate limit 20000 tokens/s per key (burst 40000); bodies up to 10485760 bytes");
    ServeCommand.requireKeys(new ServerConfig(true, 1024, 0, 1, List.of()), "t.toml"); // open reads: allowed
  }
}

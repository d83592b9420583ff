package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
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
}

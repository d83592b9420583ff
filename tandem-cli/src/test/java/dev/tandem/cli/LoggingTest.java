package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.LogConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code [log]}: the format and level of the command's logs on standard error, through logback. */
class LoggingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger("dev.tandem.cli.LoggingTest");

  @AfterEach
  void restore() {
    Logging.apply(LogConfig.DEFAULTS);
  }

  /** What {@code r} writes to standard error. */
  private static String stderr(Runnable r) {
    PrintStream before = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(before);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void text_at_warn_is_the_default_and_drops_info() {
    String out = stderr(() -> {
      Logging.apply(LogConfig.DEFAULTS);
      LOG.info("not shown");
      LOG.warn("careful: {}", 3);
    });
    assertThat(out).isEqualTo("WARN careful: 3" + System.lineSeparator());
  }

  @Test
  void json_writes_one_object_per_event() throws Exception {
    String out = stderr(() -> {
      Logging.apply(new LogConfig("json", "info"));
      LOG.debug("not shown");
      LOG.info("hello {}", "\"world\"");
    });
    assertThat(out.strip().lines()).hasSize(1);
    JsonNode n = JSON.readTree(out.strip());
    assertThat(n.get("level").asText()).isEqualTo("INFO");
    assertThat(n.get("loggerName").asText()).isEqualTo("dev.tandem.cli.LoggingTest");
    assertThat(n.get("formattedMessage").asText()).isEqualTo("hello \"world\"");
    assertThat(n.get("timestamp").asLong()).isPositive();
  }

  @Test
  void logfmt_quotes_and_escapes_values() {
    String out = stderr(() -> {
      Logging.apply(new LogConfig("logfmt", "info"));
      LOG.info("a \"quoted\" word\nand a line");
    });
    assertThat(out).matches("time=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z level=INFO"
        + " logger=dev\\.tandem\\.cli\\.LoggingTest thread=\\S+ msg=\"a \\\\\"quoted\\\\\" word\\\\nand a line\"\n");
  }

  @Test
  void the_cuda_probe_stays_at_error_whatever_the_level() {
    Logging.apply(new LogConfig("text", "trace"));
    assertThat(LoggerFactory.getLogger(Logging.CUDA_PROBE).isWarnEnabled()).isFalse();
    assertThat(LoggerFactory.getLogger("ai.djl.other").isTraceEnabled()).isTrue();
  }

  @Test
  void the_command_applies_the_homes_log_section(@TempDir Path home) throws Exception {
    Files.writeString(home.resolve("tandem.toml"), "[log]\nformat = \"json\"\nlevel = \"info\"\n");
    TandemCli cli = new TandemCli();
    cli.home = home;
    String out = stderr(() -> {
      cli.applyLogging();
      LOG.info("from the home's config");
    });
    assertThat(JSON.readTree(out.strip()).get("formattedMessage").asText()).isEqualTo("from the home's config");
  }
}

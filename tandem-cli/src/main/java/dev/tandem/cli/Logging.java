package dev.tandem.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.tandem.engine.LogConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * The {@code tandem} command's application logs, configured through logback from {@code [log]}
 * ({@link LogConfig}): one console appender on standard error with a text pattern, logback's
 * {@link JsonEncoder}, or a logfmt layout; the root level from {@code log.level}. DJL's CUDA probe
 * ({@value #CUDA_PROBE}) is kept to errors whatever the level: it warns "Failed to detect GPU count"
 * on every model load where a CUDA runtime is installed without a usable driver, and the embedder
 * runs on the CPU either way. Before {@link #apply} runs, {@code logback.xml} gives the same as the
 * defaults (text, warn).
 */
final class Logging {
  /** DJL's CUDA probe logger. */
  static final String CUDA_PROBE = "ai.djl.util.cuda.CudaUtils";

  private Logging() {}

  /** Reconfigures logback as {@code config} says; does nothing when another SLF4J backend is bound. */
  static void apply(LogConfig config) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.reset();
    Encoder<ILoggingEvent> encoder = encoder(context, config.format());
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("stderr");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(config.level().toUpperCase(Locale.ROOT)));
    root.addAppender(stderr);
    context.getLogger(CUDA_PROBE).setLevel(Level.ERROR);
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
    Encoder<ILoggingEvent> e;
    switch (format) {
      case "json" -> {
        JsonEncoder json = new JsonEncoder();
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithMarkers(false);
        json.setWithKVPList(false);
        json.setWithArguments(false);
        json.setWithMessage(false);
        json.setWithFormattedMessage(true);
        e = json;
      }
      case "logfmt" -> {
        LayoutWrappingEncoder<ILoggingEvent> wrap = new LayoutWrappingEncoder<>();
        Logfmt layout = new Logfmt();
        layout.setContext(context);
        layout.start();
        wrap.setLayout(layout);
        wrap.setCharset(StandardCharsets.UTF_8);
        e = wrap;
      }
      default -> {
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setPattern("%level %msg%n");
        text.setCharset(StandardCharsets.UTF_8);
        e = text;
      }
    }
    e.setContext(context);
    e.start();
    return e;
  }

  /**
   * One logfmt line per event: {@code time=2026-12-08T01:02:03.456Z level=WARN logger=... thread=main
   * msg="..." error="..."}; values with spaces, quotes, {@code =} or control characters are quoted
   * and escaped.
   */
  static final class Logfmt extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Override
    public String doLayout(ILoggingEvent event) {
      StringBuilder b = new StringBuilder(160);
      b.append("time=").append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp())));
      b.append(" level=").append(event.getLevel());
      value(b.append(" logger="), event.getLoggerName());
      value(b.append(" thread="), event.getThreadName());
      value(b.append(" msg="), event.getFormattedMessage());
      IThrowableProxy t = event.getThrowableProxy();
      if (t != null) {
        value(b.append(" error="), ThrowableProxyUtil.asString(t));
      }
      return b.append('\n').toString();
    }

    static void value(StringBuilder b, String v) {
      if (v == null) {
        b.append("\"\"");
        return;
      }
      boolean quote = v.isEmpty();
      for (int i = 0; i < v.length() && !quote; i++) {
        char c = v.charAt(i);
        quote = c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f;
      }
      if (!quote) {
        b.append(v);
        return;
      }
      b.append('"');
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\n' -> b.append("\\n");
          case '\r' -> b.append("\\r");
          case '\t' -> b.append("\\t");
          default -> {
            if (c < 0x20 || c == 0x7f) {
              b.append(String.format("\\u%04x", (int) c));
            } else {
              b.append(c);
            }
          }
        }
      }
      b.append('"');
    }
  }
}

package dev.tandem.engine;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code [log]} section of {@code tandem.toml}: how the {@code tandem} command writes its
 * application logs (to standard error). The access log of {@code tandem serve} is separate
 * ({@code server.access_log}). Immutable; validated on construction.
 *
 * @param format {@code "text"} ({@code LEVEL message}, the default), {@code "json"} (one JSON
 *     object per event: timestamp, level, thread, logger, message, throwable) or {@code "logfmt"}
 *     ({@code time=... level=... logger=... msg="..."})
 * @param level the lowest level written: {@code "error"}, {@code "warn"} (the default),
 *     {@code "info"}, {@code "debug"} or {@code "trace"}
 */
public record LogConfig(String format, String level) {
  /** The formats {@code format} may name. */
  public static final List<String> FORMATS = List.of("text", "json", "logfmt");
  /** The levels {@code level} may name, most severe first. */
  public static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");
  /** The defaults, as documented in the shipped {@code tandem.toml}: text, warn. */
  public static final LogConfig DEFAULTS = new LogConfig("text", "warn");

  /**
   * Validates and lower-cases both values.
   *
   * @throws IllegalArgumentException naming {@code log.format} or {@code log.level}, the value and the choices
   */
  public LogConfig {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(level, "level");
    format = format.toLowerCase(Locale.ROOT);
    level = level.toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException("log.format (\"" + shown(format) + "\") must be one of " + FORMATS);
    }
    if (!LEVELS.contains(level)) {
      throw new IllegalArgumentException("log.level (\"" + shown(level) + "\") must be one of " + LEVELS);
    }
  }

  private static String shown(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}

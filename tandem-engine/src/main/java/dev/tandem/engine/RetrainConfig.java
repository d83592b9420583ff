package dev.tandem.engine;

import dev.tandem.core.model.ModelTypes;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Background retraining and snapshot retention, from the {@code retrain_*}, {@code reload_every}
 * and {@code keep_snapshots} keys of {@code [server]} in {@code tandem.toml}. Immutable.
 *
 * @param every how often the server retrains in the background; {@link Duration#ZERO} (the
 *     default, {@code "0"}) turns the schedule off (training then runs on {@code POST /admin/train}
 *     or {@code tandem train} only). At least one second when on.
 * @param models the models a scheduled or body-less on-demand retrain fits; empty (the default)
 *     for {@code [train] models}
 * @param keepSnapshots how many snapshot files to keep (the newest ones, default 5, at least 1);
 *     the one serving is never deleted, even when older
 * @param reloadEvery how often the server checks the snapshot folder for a newer snapshot written
 *     by another process (e.g. {@code tandem train}) and swaps it in; zero turns the check off
 *     (default 10 s; the check lists one folder)
 */
public record RetrainConfig(Duration every, List<String> models, int keepSnapshots, Duration reloadEvery) {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  /** The defaults: no schedule, the configured train models, keep 5 snapshots, check for new ones every 10 s. */
  public static final RetrainConfig DEFAULTS = new RetrainConfig(Duration.ZERO, List.of(), 5, Duration.ofSeconds(10));

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException naming the key, value and rule
   */
  public RetrainConfig {
    Objects.requireNonNull(every, "server.retrain_every");
    Objects.requireNonNull(reloadEvery, "server.reload_every");
    if (every.isNegative() || (!every.isZero() && every.compareTo(Duration.ofSeconds(1)) < 0)) {
      throw new IllegalArgumentException("server.retrain_every (" + every + ") must be 0 (off) or at least 1s");
    }
    if (reloadEvery.isNegative() || (!reloadEvery.isZero() && reloadEvery.compareTo(Duration.ofMillis(100)) < 0)) {
      throw new IllegalArgumentException("server.reload_every (" + reloadEvery + ") must be 0 (off) or at least 100ms");
    }
    for (String m : models) {
      ModelTypes.byName(m);
    }
    models = List.copyOf(models);
    if (keepSnapshots < 1) {
      throw new IllegalArgumentException("server.keep_snapshots (" + keepSnapshots + ") must be >= 1");
    }
  }

  /** Whether the background schedule is on. */
  public boolean scheduled() {
    return !every.isZero();
  }

  /**
   * Parses a duration such as {@code "30m"}, {@code "2h"}, {@code "45s"}, {@code "1d"},
   * {@code "500ms"}; {@code "0"} or {@code ""} is zero.
   *
   * @param key the configuration key, named in the error
   * @throws IllegalArgumentException for any other text
   */
  public static Duration parseDuration(String text, String key) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.isEmpty() || t.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(key + " (" + text + ") must be a duration like \"30m\", \"2h\", \"45s\","
          + " \"1d\", \"500ms\", or \"0\" (off)");
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " (" + text + ") is too large", e);
    }
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** {@code d} as the shortest text {@link #parseDuration} reads back ({@code "0"}, {@code "30m"}, {@code "1500ms"}). */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    long ms = d.toMillis();
    if (ms % 86_400_000L == 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}

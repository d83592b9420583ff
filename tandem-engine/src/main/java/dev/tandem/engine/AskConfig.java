package dev.tandem.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code [ask]} section of {@code tandem.toml}: conversations of {@code POST /ask} and
 * {@code tandem ask}. Immutable; validated on construction.
 *
 * @param sessionTtl how long a conversation lives after its last turn, in [1 s, 30 d]; default
 *     30 min. Longer keeps context across pauses; a turn after expiry answers "unknown or expired"
 *     and the client starts a new session. Expired rows are deleted lazily, a bounded batch at a time.
 */
public record AskConfig(Duration sessionTtl) {

  /** The defaults, as documented in the shipped {@code tandem.toml}. */
  public static final AskConfig DEFAULTS = new AskConfig(Duration.ofMinutes(30));

  /**
   * Validates.
   *
   * @throws IllegalArgumentException naming {@code ask.session_ttl}, its value and the range
   */
  public AskConfig {
    Objects.requireNonNull(sessionTtl, "ask.session_ttl");
    if (sessionTtl.compareTo(Duration.ofSeconds(1)) < 0 || sessionTtl.compareTo(Duration.ofDays(30)) > 0) {
      throw new IllegalArgumentException("ask.session_ttl (" + sessionTtl + ") must be in [1s, 30d], e.g. \"30m\"");
    }
  }
}

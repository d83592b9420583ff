package dev.tandem.llm.intent;

import java.util.Locale;

/** What a request asks for. */
public enum Goal {
  /** Personalised recommendations, possibly constrained ("cosy mysteries, nothing too dark"). */
  RECOMMEND,
  /** Items like one or more referenced items ("more like Harry Potter"). */
  SIMILAR_TO,
  /** A lookup by content rather than taste ("books about the history of salt"). */
  SEARCH;

  /** The JSON name: {@code recommend}, {@code similar-to}, {@code search}. */
  public String json() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The goal named {@code s} ({@code recommend}, {@code similar-to}, {@code search}; case and
   * {@code _}/{@code -} ignored).
   *
   * @throws IllegalArgumentException naming the value and the expected ones
   */
  public static Goal parse(String s) {
    String n = s.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (Goal g : values()) {
      if (g.name().equals(n)) {
        return g;
      }
    }
    throw new IllegalArgumentException("goal (" + s + ") must be one of recommend, similar-to, search");
  }
}

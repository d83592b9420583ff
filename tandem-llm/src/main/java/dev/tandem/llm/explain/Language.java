package dev.tandem.llm.explain;

import java.util.Locale;

/** The languages explanations are written in. */
public enum Language {
  /** English. */
  EN,
  /** Simplified Chinese. */
  ZH;

  /** The code used in requests and config: {@code en} or {@code zh}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The language of {@code code} ({@code en}, {@code zh}, case-insensitive; {@code zh-CN} and
   * {@code en-GB} style tags read their first part).
   *
   * @throws IllegalArgumentException naming the value when it is neither
   */
  public static Language parse(String code) {
    String c = code == null ? "" : code.strip().toLowerCase(Locale.ROOT);
    int dash = c.indexOf('-');
    String head = dash < 0 ? c : c.substring(0, dash);
    if (head.equals("en")) {
      return EN;
    }
    if (head.equals("zh")) {
      return ZH;
    }
    throw new IllegalArgumentException("lang (" + code + ") must be en or zh");
  }
}

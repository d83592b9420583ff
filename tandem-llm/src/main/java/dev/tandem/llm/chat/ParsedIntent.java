package dev.tandem.llm.chat;

import dev.tandem.llm.intent.Intent;
import java.util.List;
import java.util.Objects;

/**
 * An intent with the path that produced it and what validation changed on the way.
 *
 * @param intent the intent, every label, attribute and reference checked against the catalogue
 * @param source which parser answered
 * @param problems what was wrong with the chat model's answer and what was done about it (a
 *     dropped label, a replaced query, the reason for falling back), in the order found; empty
 *     when the chat model's answer was used unchanged
 */
public record ParsedIntent(Intent intent, Source source, List<String> problems) {
  /** Which parser produced an intent. */
  public enum Source {
    /** The chat model's answer, validated (possibly with parts dropped; see problems). */
    CHAT_MODEL,
    /** The in-process fallback parser, because the chat model failed or answered unusably. */
    FALLBACK
  }

  /** Copies; validates. */
  public ParsedIntent {
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(source, "source");
    problems = List.copyOf(problems);
  }
}

package dev.tandem.llm.intent;

import java.time.Duration;
import java.util.List;

/**
 * Turns a request into an {@link Intent}. Implementations: the in-process parser (rules plus
 * encoder prototypes, English and Chinese) and the chat-LLM parser that falls back to it.
 */
public interface IntentParser {
  /**
   * Parses {@code text}.
   *
   * @param text the request, in English or Chinese
   * @param catalogue the labels, attributes and titles the intent may name
   * @param shown item ids shown in the previous turn, best first ("the second one" is
   *     {@code shown.get(1)}); empty outside a conversation
   * @throws IllegalArgumentException if {@code text} is blank
   */
  Intent parse(String text, IntentCatalogue catalogue, List<String> shown);

  /**
   * Parses {@code text}, giving a remote model (a chat model) at most {@code budget}; an
   * in-process parser has no remote call and ignores it. A parser that cannot use its remote
   * model within the budget parses in-process instead.
   *
   * @throws IllegalArgumentException if {@code text} is blank
   */
  default Intent parse(String text, IntentCatalogue catalogue, List<String> shown, Duration budget) {
    return parse(text, catalogue, shown);
  }
}

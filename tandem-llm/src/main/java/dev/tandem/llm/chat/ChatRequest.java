package dev.tandem.llm.chat;

import java.time.Duration;
import java.util.List;

/**
 * A chat completion request.
 *
 * @param messages the conversation, system message first
 * @param jsonSchema a JSON Schema the answer must follow (sent as {@code response_format} with
 *     {@code type: json_schema}); "" for free text
 * @param temperature sampling temperature (0 for parsing and checking)
 * @param maxTokens largest answer, in tokens
 * @param timeout how long to wait for the whole answer
 */
public record ChatRequest(List<ChatMessage> messages, String jsonSchema, double temperature, int maxTokens,
    Duration timeout) {
  /** Copies; validates. */
  public ChatRequest {
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    if (maxTokens < 1 || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("maxTokens (" + maxTokens + ") must be >= 1 and timeout (" + timeout
          + ") positive");
    }
  }
}

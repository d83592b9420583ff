package dev.tandem.llm.chat;

/**
 * A chat model's answer.
 *
 * @param content the answer text (JSON when the request had a schema; still to be validated)
 * @param model the model that answered, as the service names it
 * @param promptTokens tokens read, 0 when not reported
 * @param completionTokens tokens written, 0 when not reported
 */
public record ChatReply(String content, String model, int promptTokens, int completionTokens) {}

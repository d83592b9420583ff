package dev.tandem.llm.chat;

/**
 * A chat model. Implementations are thread-safe. Callers treat every answer as untrusted data:
 * parse and validate it, check it against the catalogue, and fall back to the in-process path on
 * any {@link ChatException}.
 */
public interface ChatModel extends AutoCloseable {
  /** A stable id of the endpoint and model, e.g. {@code "openai:gpt-4o-mini"}. */
  String id();

  /**
   * Sends {@code request} and waits for the answer.
   *
   * @throws ChatException on timeouts, refused or failed requests, and answers that are not a chat completion
   */
  ChatReply chat(ChatRequest request);

  /** Releases connections; further calls throw {@link IllegalStateException}. */
  @Override
  void close();
}

package dev.tandem.llm.chat;

/**
 * One message of a chat.
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 * @param content its text
 */
public record ChatMessage(String role, String content) {
  /** Validates. */
  public ChatMessage {
    if (!role.equals("system") && !role.equals("user") && !role.equals("assistant")) {
      throw new IllegalArgumentException("role (" + role + ") must be system, user or assistant");
    }
    if (content == null) {
      throw new IllegalArgumentException("content must not be null");
    }
  }

  /** A system message. */
  public static ChatMessage system(String content) {
    return new ChatMessage("system", content);
  }

  /** A user message. */
  public static ChatMessage user(String content) {
    return new ChatMessage("user", content);
  }
}

package dev.tandem.llm.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScrubbingChatModelTest {

  @Test
  void user_and_assistant_messages_are_scrubbed_the_rest_passes_through() {
    List<ChatRequest> seen = new ArrayList<>();
    boolean[] closed = {false};
    ChatModel inner = new ChatModel() {
      @Override
      public String id() {
        return "in-test";
      }

      @Override
      public ChatReply chat(ChatRequest request) {
        seen.add(request);
        return new ChatReply("fine", "m", 1, 1);
      }

      @Override
      public void close() {
        closed[0] = true;
      }
    };
    ScrubbingChatModel chat = new ScrubbingChatModel(inner);
    ChatRequest request = new ChatRequest(List.of(ChatMessage.system("Write to ops@example.com if unsure"),
        ChatMessage.user("I am ann@example.org, 138 0013 8000; 300 pages, 1999"),
        new ChatMessage("assistant", "call +44 20 7946 0958")), "{\"type\":\"object\"}", 0.2, 50,
        Duration.ofSeconds(3));

    assertThat(chat.chat(request).content()).isEqualTo("fine");

    ChatRequest sent = seen.get(0);
    assertThat(sent.messages()).containsExactly(ChatMessage.system("Write to ops@example.com if unsure"),
        ChatMessage.user("I am [email], [phone]; 300 pages, 1999"), new ChatMessage("assistant", "call [phone]"));
    assertThat(sent.jsonSchema()).isEqualTo("{\"type\":\"object\"}");
    assertThat(sent.temperature()).isEqualTo(0.2);
    assertThat(sent.maxTokens()).isEqualTo(50);
    assertThat(sent.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(chat.id()).isEqualTo("in-test");
    chat.close();
    assertThat(closed[0]).isTrue();
  }
}

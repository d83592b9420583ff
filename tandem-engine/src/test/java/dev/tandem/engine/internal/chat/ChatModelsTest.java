package dev.tandem.engine.internal.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.ChatConfig;
import dev.tandem.llm.chat.ChatModel;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chat model of {@code [chat]} is opened on first use, once, and the reranker follows {@code rerank}. */
class ChatModelsTest {
  @Test
  void without_a_url_there_is_no_chat_model_and_no_reranker() {
    try (ChatModels c = new ChatModels(ChatConfig.DEFAULTS, Map.of())) {
      assertThat(c.model()).isEmpty();
      assertThat(c.reranker()).isEmpty();
    }
  }

  @Test
  void a_configured_chat_model_is_opened_once_and_reranks_only_when_asked() {
    ChatConfig noRerank = new ChatConfig("http://127.0.0.1:9", "m", ChatConfig.DEFAULT_API_KEY_ENV,
        Duration.ofSeconds(5), true, true, false, 20, Duration.ofSeconds(2));
    try (ChatModels c = new ChatModels(noRerank, Map.of())) {
      ChatModel chat = c.model().orElseThrow();
      assertThat(chat.id()).isEqualTo("openai:m");
      assertThat(c.model()).containsSame(chat);
      assertThat(c.reranker()).isEmpty();
    }
    ChatConfig rerank = new ChatConfig("http://127.0.0.1:9", "m", ChatConfig.DEFAULT_API_KEY_ENV,
        Duration.ofSeconds(5), true, true, true, 20, Duration.ofSeconds(2));
    try (ChatModels c = new ChatModels(rerank, Map.of())) {
      assertThat(c.reranker()).isPresent();
    }
  }
}

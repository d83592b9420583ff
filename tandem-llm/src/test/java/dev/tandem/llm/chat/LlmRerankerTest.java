package dev.tandem.llm.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.llm.chat.LlmReranker.Candidate;
import dev.tandem.llm.chat.LlmReranker.Reranked;
import dev.tandem.llm.openai.OpenAiChatModel;
import dev.tandem.llm.openai.ScriptedChatServer;
import dev.tandem.llm.openai.ScriptedChatServer.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The chat-model reranker against a scripted OpenAI-compatible server. */
class LlmRerankerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Candidate> FIVE = List.of(new Candidate("a", "Alpha", "liked Beta"),
      new Candidate("b", "Beta", ""), new Candidate("c", "Gamma", "shares mystery"), new Candidate("d", "Delta", ""),
      new Candidate("e", "Epsilon", ""));

  private final ScriptedChatServer server = new ScriptedChatServer();

  @AfterEach
  void stop() {
    server.close();
  }

  private LlmReranker reranker(int topK, Duration budget) {
    OpenAiChatModel chat = OpenAiChatModel.builder(server.base(), "scripted")
        .backoff(Duration.ofMillis(5), Duration.ofMillis(20)).maxRetries(1).build();
    return new LlmReranker(chat, topK, budget);
  }

  @Test
  void a_full_permutation_is_used_and_the_tail_beyond_top_k_is_untouched() throws Exception {
    server.then(Reply.content("{\"ranking\":[\"c\",\"a\",\"d\",\"b\"]}"));

    Reranked r = reranker(4, Duration.ofSeconds(5)).rerank("something cosy", FIVE);

    assertThat(r.ids()).containsExactly("c", "a", "d", "b", "e");
    assertThat(r.source()).isEqualTo(ParsedIntent.Source.CHAT_MODEL);
    assertThat(r.problem()).isEmpty();
    JsonNode sent = JSON.readTree(server.bodies.get(0));
    assertThat(sent.at("/messages/0/content").asText()).isEqualTo(LlmReranker.SYSTEM_PROMPT);
    assertThat(JSON.readTree(sent.at("/messages/1/content").asText())).isEqualTo(JSON.readTree("""
        {"request":"something cosy","candidates":[
          {"id":"a","title":"Alpha","evidence":"liked Beta"},{"id":"b","title":"Beta","evidence":""},
          {"id":"c","title":"Gamma","evidence":"shares mystery"},{"id":"d","title":"Delta","evidence":""}]}"""));
    assertThat(sent.at("/response_format/json_schema/schema")).isEqualTo(JSON.readTree(LlmReranker.SCHEMA));
  }

  @Test
  void a_partial_answer_ranks_first_and_the_rest_keep_their_fused_order() {
    server.then(Reply.content("{\"ranking\":[\"d\",\"b\"]}"));
    Reranked r = reranker(20, Duration.ofSeconds(5)).rerank("", FIVE);
    assertThat(r.ids()).containsExactly("d", "b", "a", "c", "e");
    assertThat(r.source()).isEqualTo(ParsedIntent.Source.CHAT_MODEL);
  }

  @Test
  void unknown_ids_duplicates_and_bad_json_keep_the_fused_order() {
    server.then(Reply.content("{\"ranking\":[\"c\",\"zzz\"]}"), Reply.content("{\"ranking\":[\"c\",\"c\"]}"),
        Reply.content("{\"ranking\":[\"e\",\"a\"]}"), // e is beyond top 3
        Reply.content("{\"ranking\":[1,2]}"), Reply.content("c, a, b"),
        Reply.content("{\"ranking\":[\"a\"],\"note\":\"x\"}"));
    LlmReranker reranker = reranker(3, Duration.ofSeconds(5));
    for (int i = 0; i < 6; i++) {
      Reranked r = reranker.rerank("", FIVE);
      assertThat(r.ids()).as("answer %d", i).containsExactly("a", "b", "c", "d", "e");
      assertThat(r.source()).isEqualTo(ParsedIntent.Source.FALLBACK);
      assertThat(r.problem()).isEqualTo("the answer is not a permutation of a subset of the candidate ids");
    }
  }

  @Test
  void a_slow_model_keeps_the_fused_order_within_the_budget() {
    server.then(Reply.slow());
    Reranked r = reranker(5, Duration.ofMillis(300)).rerank("", FIVE);
    assertThat(r.ids()).containsExactly("a", "b", "c", "d", "e");
    assertThat(r.problem()).isEqualTo("chat model failed (TIMEOUT)");
  }

  @Test
  void personal_data_in_titles_and_evidence_is_scrubbed_and_texts_are_cut() {
    server.then(Reply.content("{\"ranking\":[\"b\",\"a\"]}"));
    String long_ = "x".repeat(1000);
    reranker(5, Duration.ofSeconds(5)).rerank("call me on 415-555-2671",
        List.of(new Candidate("a", "Write to bob@example.org", long_), new Candidate("b", "B", "")));
    String body = server.bodies.get(0);
    assertThat(body).doesNotContain("bob@example.org").doesNotContain("2671").contains("[email]").contains("[phone]")
        .contains("x".repeat(LlmReranker.MAX_TEXT)).doesNotContain("x".repeat(LlmReranker.MAX_TEXT + 1));
  }

  @Test
  void fewer_than_two_candidates_and_bad_arguments() {
    Reranked one = reranker(5, Duration.ofSeconds(1)).rerank("", FIVE.subList(0, 1));
    assertThat(one.ids()).containsExactly("a");
    assertThat(server.bodies).isEmpty();
    assertThatThrownBy(() -> reranker(5, Duration.ofSeconds(1)).rerank("", List.of(FIVE.get(0), FIVE.get(0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("candidate id 'a' is given twice; expected distinct ids");
    assertThatThrownBy(() -> reranker(1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("topK (1) must be >= 2");
  }
}

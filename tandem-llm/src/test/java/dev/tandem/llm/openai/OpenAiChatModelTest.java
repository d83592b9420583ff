package dev.tandem.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.llm.chat.ChatException;
import dev.tandem.llm.chat.ChatMessage;
import dev.tandem.llm.chat.ChatReply;
import dev.tandem.llm.chat.ChatRequest;
import dev.tandem.llm.openai.ScriptedChatServer.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs the chat client against a scripted OpenAI-compatible server on loopback. */
class OpenAiChatModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"goal\":{\"type\":\"string\"}},"
      + "\"required\":[\"goal\"],\"additionalProperties\":false}";

  private final ScriptedChatServer server = new ScriptedChatServer();
  private final FakeTicker ticker = new FakeTicker();

  @AfterEach
  void stop() {
    server.close();
  }

  private OpenAiChatModel.Builder client() {
    return OpenAiChatModel.builder(server.base(), "test-chat").ticker(ticker).seed(7)
        .backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
  }

  private static ChatRequest request(String schema, Duration timeout) {
    return new ChatRequest(List.of(ChatMessage.system("You parse requests."), ChatMessage.user("cosy mysteries")),
        schema, 0.0, 200, timeout);
  }

  @Test
  void happy_path_sends_the_exact_request_and_reads_the_answer() throws Exception {
    server.then(Reply.content("{\"goal\":\"recommend\"}"));
    OpenAiChatModel chat = client().apiKey("sk-secret").build();

    ChatReply r = chat.chat(request(SCHEMA, Duration.ofSeconds(5)));

    assertThat(r).isEqualTo(new ChatReply("{\"goal\":\"recommend\"}", "scripted-1", 11, 7));
    assertThat(server.bodies).hasSize(1);
    assertThat(JSON.readTree(server.bodies.get(0))).isEqualTo(JSON.readTree("""
        {"model":"test-chat",
         "messages":[{"role":"system","content":"You parse requests."},{"role":"user","content":"cosy mysteries"}],
         "temperature":0.0,"max_tokens":200,
         "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":%s,"strict":true}}}
        """.formatted(SCHEMA)));
    assertThat(server.authHeaders).containsExactly("Bearer sk-secret");
    assertThat(chat.id()).isEqualTo("openai:test-chat");
    assertThat(chat.toString()).doesNotContain("sk-secret");
    assertThat(ticker.sleeps).isEmpty();
  }

  @Test
  void free_text_request_has_no_response_format_and_no_key_header_without_a_key() throws Exception {
    server.then(Reply.content("hello"));
    ChatReply r = client().build().chat(request("", Duration.ofSeconds(5)));
    assertThat(r.content()).isEqualTo("hello");
    assertThat(JSON.readTree(server.bodies.get(0)).has("response_format")).isFalse();
    assertThat(server.authHeaders).containsExactly("null");
  }

  @Test
  void malformed_json_answer_is_malformed() {
    server.then(Reply.raw(200, "{\"choices\": [ {\"message\": "));
    assertThatThrownBy(() -> client().build().chat(request("", Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.kind()).isEqualTo(ChatException.Kind.MALFORMED))
        .hasMessageContaining("malformed JSON");
    assertThat(server.bodies).hasSize(1);
  }

  @Test
  void answer_without_choices_is_malformed() {
    server.then(Reply.raw(200, "{\"id\":\"x\",\"choices\":[]}"), Reply.raw(200, "{\"id\":\"x\"}"));
    OpenAiChatModel chat = client().build();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> chat.chat(request("", Duration.ofSeconds(5))))
          .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.kind()).isEqualTo(ChatException.Kind.MALFORMED))
          .hasMessageContaining("no 'choices'");
    }
  }

  @Test
  void refusal_without_content_is_refused() {
    server.then(Reply.raw(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,"
        + "\"refusal\":\"I can't help with that\"}}]}"));
    assertThatThrownBy(() -> client().build().chat(request("", Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.kind()).isEqualTo(ChatException.Kind.REFUSED));
  }

  @Test
  void slow_answer_times_out_within_the_budget() {
    server.then(Reply.slow());
    OpenAiChatModel chat = OpenAiChatModel.builder(server.base(), "test-chat").build();
    assertThatThrownBy(() -> chat.chat(request("", Duration.ofMillis(300))))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.kind()).isEqualTo(ChatException.Kind.TIMEOUT))
        .hasMessageContaining("no answer within 300 ms");
    // the call gave up on its own budget: the server's hang (held until close) had not ended
    assertThat(server.hangsEnded).hasValue(0);
    assertThat(server.bodies).hasSize(1);
  }

  @Test
  void rate_limit_then_success_honours_retry_after() {
    server.then(Reply.retryAfter(429, "2"), Reply.content("ok"));
    ChatReply r = client().build().chat(request("", Duration.ofSeconds(30)));
    assertThat(r.content()).isEqualTo("ok");
    assertThat(ticker.sleeps).containsExactly(Duration.ofSeconds(2).toNanos());
    assertThat(server.bodies).hasSize(2);
  }

  @Test
  void retry_after_beyond_the_budget_fails_rate_limited_without_waiting() {
    server.then(Reply.retryAfter(429, "4"), Reply.content("ok"));
    assertThatThrownBy(() -> client().build().chat(request("", Duration.ofSeconds(3))))
        .isInstanceOfSatisfying(ChatException.class,
            e -> assertThat(e.kind()).isEqualTo(ChatException.Kind.RATE_LIMITED))
        .hasMessageContaining("would end after the 3000 ms budget");
    assertThat(ticker.sleeps).isEmpty();
    assertThat(server.bodies).hasSize(1);
  }

  @Test
  void repeated_server_errors_are_unavailable_after_the_retries() {
    server.then(Reply.raw(500, "boom"), Reply.raw(502, "boom"), Reply.raw(503, "boom"), Reply.raw(500, "boom"));
    assertThatThrownBy(() -> client().maxRetries(3).build().chat(request("", Duration.ofSeconds(60))))
        .isInstanceOfSatisfying(ChatException.class,
            e -> assertThat(e.kind()).isEqualTo(ChatException.Kind.UNAVAILABLE))
        .hasMessageContaining("failed after 4 attempts; last: status 500");
    assertThat(server.bodies).hasSize(4);
    // seeded exponential back-off: 100, 200, 400 ms times a factor in [0.5, 1)
    assertThat(ticker.sleeps).hasSize(3);
    for (int i = 0; i < 3; i++) {
      long base = 100_000_000L << i;
      assertThat(ticker.sleeps.get(i)).isBetween(base / 2, base);
    }
  }

  @Test
  void unauthorised_is_refused_at_once_and_the_key_is_not_in_the_message() {
    server.then(Reply.raw(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}"));
    assertThatThrownBy(() -> client().apiKey("sk-very-secret").build().chat(request("", Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.kind()).isEqualTo(ChatException.Kind.REFUSED))
        .hasMessageContaining("status 401")
        .hasMessageNotContaining("sk-very-secret");
    assertThat(server.bodies).hasSize(1);
  }

  @Test
  void connection_refused_is_unavailable() {
    server.close();
    OpenAiChatModel chat = OpenAiChatModel.builder(server.base(), "m").ticker(ticker).maxRetries(1).build();
    assertThatThrownBy(() -> chat.chat(request("", Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(ChatException.class,
            e -> assertThat(e.kind()).isEqualTo(ChatException.Kind.UNAVAILABLE))
        .hasMessageContaining("I/O error");
  }

  @Test
  void unsupported_json_schema_falls_back_to_json_mode_and_remembers() throws Exception {
    server.then(
        Reply.raw(400, "{\"error\":{\"message\":\"Invalid parameter: 'response_format' of type 'json_schema' is not"
            + " supported with this model\"}}"),
        Reply.content("{\"goal\":\"search\"}"),
        Reply.content("{\"goal\":\"recommend\"}"));
    OpenAiChatModel chat = client().build();

    assertThat(chat.chat(request(SCHEMA, Duration.ofSeconds(5))).content()).isEqualTo("{\"goal\":\"search\"}");
    assertThat(chat.jsonModeOnly()).isTrue();
    assertThat(chat.chat(request(SCHEMA, Duration.ofSeconds(5))).content()).isEqualTo("{\"goal\":\"recommend\"}");

    assertThat(server.bodies).hasSize(3);
    assertThat(JSON.readTree(server.bodies.get(0)).at("/response_format/type").asText()).isEqualTo("json_schema");
    for (int i = 1; i < 3; i++) {
      JsonNode b = JSON.readTree(server.bodies.get(i));
      assertThat(b.get("response_format")).isEqualTo(JSON.readTree("{\"type\":\"json_object\"}"));
      assertThat(b.at("/messages/0/content").asText())
          .isEqualTo("You parse requests.\n\nAnswer with one JSON object, and nothing else, that follows this JSON"
              + " Schema:\n" + SCHEMA);
    }
    assertThat(ticker.sleeps).isEmpty();
  }

  @Test
  void other_bad_requests_are_refused_without_fallback() {
    server.then(Reply.raw(400, "{\"error\":{\"message\":\"max_tokens is too large\"}}"));
    OpenAiChatModel chat = client().build();
    assertThatThrownBy(() -> chat.chat(request(SCHEMA, Duration.ofSeconds(5))))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.kind()).isEqualTo(ChatException.Kind.REFUSED));
    assertThat(chat.jsonModeOnly()).isFalse();
  }

  @Test
  void closed_model_rejects_calls_and_builder_checks_values() {
    OpenAiChatModel chat = client().build();
    chat.close();
    assertThatThrownBy(() -> chat.chat(request("", Duration.ofSeconds(1))))
        .isInstanceOf(IllegalStateException.class).hasMessage("chat model openai:test-chat is closed");
    assertThatThrownBy(() -> client().maxRetries(21))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRetries (21) must be in [0, 20]");
    assertThatThrownBy(() -> OpenAiChatModel.builder(java.net.URI.create("ftp://x"), "m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseUrl (ftp://x) must be an http or https URL with a host");
  }

  /** Time advances only by sleeping; records the sleeps. */
  private static final class FakeTicker implements Ticker {
    final List<Long> sleeps = new CopyOnWriteArrayList<>();
    private long now = 1_000_000_000L;

    @Override
    public synchronized long nanoTime() {
      return now;
    }

    @Override
    public synchronized void sleep(long nanos) {
      sleeps.add(nanos);
      now += nanos;
    }
  }
}

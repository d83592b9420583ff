package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.tandem.llm.chat.ChatMessage;
import dev.tandem.llm.chat.ChatModel;
import dev.tandem.llm.chat.ChatRequest;
import dev.tandem.llm.chat.LlmIntentParser;
import dev.tandem.llm.intent.Goal;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.IntentParser;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatConfigTest {

  private static TandemConfig parse(String toml) throws Exception {
    return TandemConfig.parse(new ByteArrayInputStream(toml.getBytes(StandardCharsets.UTF_8)), "test.toml");
  }

  private static final IntentParser IN_PROCESS = (text, catalogue, shown) ->
      new Intent(Goal.SEARCH, List.of(), List.of(), List.of(), 0, List.of(), text, "en");

  @Test
  void defaults_have_no_chat_model() {
    ChatConfig d = TandemConfig.DEFAULTS.chat();
    assertThat(d).isEqualTo(new ChatConfig("", "", "TANDEM_CHAT_API_KEY", Duration.ofSeconds(5), true, true, false,
        20, Duration.ofSeconds(2)));
    assertThat(d.configured()).isFalse();
    assertThat(d.open(Map.of())).isEmpty();
    assertThat(d.intentParser(Optional.empty(), IN_PROCESS)).isSameAs(IN_PROCESS);
    assertThat(d.reranker(Optional.empty())).isEmpty();
  }

  @Test
  void values_are_read() throws Exception {
    ChatConfig c = parse("""
        [chat]
        url = "http://localhost:11434"
        model = "qwen2.5:7b"
        api_key_env = "MY_KEY"
        timeout = "800ms"
        intent = false
        explain = false
        rerank = true
        rerank_top_k = 10
        rerank_budget = "1s"
        """).chat();
    assertThat(c).isEqualTo(new ChatConfig("http://localhost:11434", "qwen2.5:7b", "MY_KEY", Duration.ofMillis(800),
        false, false, true, 10, Duration.ofSeconds(1)));
    Optional<ChatModel> chat = c.open(Map.of());
    assertThat(chat).get().extracting(ChatModel::id).isEqualTo("openai:qwen2.5:7b");
    assertThat(c.intentParser(chat, IN_PROCESS)).isSameAs(IN_PROCESS); // intent = false
    assertThat(c.reranker(chat)).isPresent();
  }

  @Test
  void invalid_values_name_key_value_and_rule() {
    assertThatThrownBy(() -> parse("[chat]\nurl = \"ftp://x\"\nmodel = \"m\"\n"))
        .hasMessage("test.toml: chat.url (ftp://x) must be an http or https URL with a host, or \"\"");
    assertThatThrownBy(() -> parse("[chat]\nurl = \"http://localhost:8000\"\n"))
        .hasMessage("test.toml: chat.model must name the service's model when chat.url (http://localhost:8000) is set");
    assertThatThrownBy(() -> parse("[chat]\ntimeout = \"0\"\n"))
        .hasMessage("test.toml: chat.timeout (PT0S) must be > 0, e.g. \"5s\" or \"800ms\"");
    assertThatThrownBy(() -> parse("[chat]\nrerank_top_k = 1\n"))
        .hasMessage("test.toml: chat.rerank_top_k (1) must be in [2, 100]");
    assertThatThrownBy(() -> parse("[chat]\nintent = \"yes\"\n"))
        .hasMessage("test.toml: chat.intent (\"yes\") must be true or false");
    assertThatThrownBy(() -> parse("[chat]\napi_key_env = \"sk-abc\"\n"))
        .hasMessage("test.toml: chat.api_key_env (sk-abc) must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
    assertThatThrownBy(() -> parse("[chat]\napi_key = \"sk-abc\"\n"))
        .hasMessageStartingWith("test.toml: unknown key chat.api_key; expected one of");
  }

  @Test
  void the_key_comes_from_the_named_environment_variable_and_the_parser_wraps_the_in_process_one() throws Exception {
    List<String> auth = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", ex -> {
      ex.getRequestBody().readAllBytes();
      auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      byte[] out = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}]}"
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    server.start();
    try {
      ChatConfig c = new ChatConfig("http://127.0.0.1:" + server.getAddress().getPort(), "m", "MY_KEY",
          Duration.ofSeconds(5), true, true, false, 20, Duration.ofSeconds(2));
      ChatModel chat = c.open(Map.of("MY_KEY", "sk-from-env")).orElseThrow();
      assertThat(chat.chat(new ChatRequest(List.of(ChatMessage.user("x")), "", 0, 5, Duration.ofSeconds(5)))
          .content()).isEqualTo("hi");
      assertThat(auth).containsExactly("Bearer sk-from-env");
      assertThat(c.intentParser(Optional.of(chat), IN_PROCESS)).isInstanceOf(LlmIntentParser.class);
      assertThat(c.reranker(Optional.of(chat))).isEmpty(); // rerank = false
    } finally {
      server.stop(0);
    }
  }

  @Test
  void tandem_opens_the_configured_chat_model_lazily(@TempDir Path home) throws Exception {
    try (Tandem t = Tandem.open(home)) {
      assertThat(t.intentParser()).isNotInstanceOf(LlmIntentParser.class);
    }
    Files.writeString(home.resolve("tandem.toml"), "[chat]\nurl = \"http://127.0.0.1:9\"\nmodel = \"m\"\n");
    try (Tandem t = Tandem.open(home)) {
      assertThat(t.intentParser()).isInstanceOf(LlmIntentParser.class);
    }
  }
}

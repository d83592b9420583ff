package dev.tandem.engine;

import dev.tandem.llm.chat.ChatModel;
import dev.tandem.llm.chat.LlmIntentParser;
import dev.tandem.llm.chat.LlmReranker;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.llm.openai.OpenAiChatModel;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code [chat]} section of {@code tandem.toml}: an optional OpenAI-compatible chat model and
 * what Tandem uses it for. Without a URL (the default) everything runs in-process. Immutable;
 * validated on construction. Holds no secret: the API key is read from the environment variable
 * named by {@code api_key_env} when the model is opened.
 *
 * @param url base URL of an OpenAI-compatible service ({@code https://api.openai.com},
 *     {@code http://localhost:11434}, ...); "" (default) for no chat model
 * @param model the service's model name; required when {@code url} is set; default ""
 * @param apiKeyEnv environment variable holding the API key (sent as {@code Authorization: Bearer});
 *     default {@value #DEFAULT_API_KEY_ENV}; an unset variable sends no key (local servers)
 * @param timeout budget of one intent-parsing or explanation call, retries included; default 5 s
 * @param intent whether requests are parsed by the chat model (falling back to the in-process
 *     parser) when one is configured; default true
 * @param explain whether explanations are written by the chat model (checked for faithfulness,
 *     falling back to templates) when one is configured; default true
 * @param rerank whether the top {@code rerankTopK} items are reordered by the chat model; default
 *     false (it adds a model call to every request)
 * @param rerankTopK candidates sent for reranking, in [2, 100]; default 20
 * @param rerankBudget budget of one rerank call; on expiry the fused order stands; default 2 s
 */
public record ChatConfig(String url, String model, String apiKeyEnv, Duration timeout, boolean intent,
    boolean explain, boolean rerank, int rerankTopK, Duration rerankBudget) {

  /** The default name of the API key's environment variable. */
  public static final String DEFAULT_API_KEY_ENV = "TANDEM_CHAT_API_KEY";

  /** The defaults, as documented in the shipped {@code tandem.toml}: no chat model. */
  public static final ChatConfig DEFAULTS = new ChatConfig("", "", DEFAULT_API_KEY_ENV, Duration.ofSeconds(5), true,
      true, false, 20, Duration.ofSeconds(2));

  /**
   * Validates every field, and that a URL comes with a model.
   *
   * @throws IllegalArgumentException naming the key ({@code chat.*}), its value and the rule
   */
  public ChatConfig {
    Objects.requireNonNull(url, "chat.url");
    Objects.requireNonNull(model, "chat.model");
    Objects.requireNonNull(apiKeyEnv, "chat.api_key_env");
    url = url.strip();
    model = model.strip();
    if (!url.isEmpty()) {
      URI u;
      try {
        u = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("chat.url (" + url + ") must be an http or https URL", e);
      }
      if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getHost() == null) {
        throw new IllegalArgumentException("chat.url (" + url + ") must be an http or https URL with a host, or \"\"");
      }
      if (model.isEmpty()) {
        throw new IllegalArgumentException("chat.model must name the service's model when chat.url (" + url
            + ") is set");
      }
    }
    if (!apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("chat.api_key_env (" + apiKeyEnv
          + ") must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
    }
    positive(timeout, "chat.timeout");
    positive(rerankBudget, "chat.rerank_budget");
    if (rerankTopK < 2 || rerankTopK > 100) {
      throw new IllegalArgumentException("chat.rerank_top_k (" + rerankTopK + ") must be in [2, 100]");
    }
  }

  private static void positive(Duration d, String key) {
    Objects.requireNonNull(d, key);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " (" + d + ") must be > 0, e.g. \"5s\" or \"800ms\"");
    }
  }

  /** Whether a chat model is configured. */
  public boolean configured() {
    return !url.isEmpty();
  }

  /**
   * A new client for the configured chat model, its API key read from {@code env}; empty when
   * no URL is configured. The caller closes it.
   */
  public Optional<ChatModel> open(Map<String, String> env) {
    if (!configured()) {
      return Optional.empty();
    }
    String key = env.getOrDefault(apiKeyEnv, "");
    return Optional.of(OpenAiChatModel.builder(URI.create(url), model).apiKey(key == null ? "" : key).build());
  }

  /**
   * The parser requests should go through: {@code inProcess} itself, or, when {@code chat} is
   * present and {@link #intent()} is on, an {@link LlmIntentParser} over it that falls back to
   * {@code inProcess}.
   */
  public IntentParser intentParser(Optional<ChatModel> chat, IntentParser inProcess) {
    Objects.requireNonNull(inProcess, "inProcess");
    if (chat.isEmpty() || !intent) {
      return inProcess;
    }
    return new LlmIntentParser(chat.get(), inProcess,
        new LlmIntentParser.Options(timeout, LlmIntentParser.Options.DEFAULTS.maxLabels(),
            LlmIntentParser.Options.DEFAULTS.maxTokens()));
  }

  /** A reranker over {@code chat} when it is present and {@link #rerank()} is on. */
  public Optional<LlmReranker> reranker(Optional<ChatModel> chat) {
    if (chat.isEmpty() || !rerank) {
      return Optional.empty();
    }
    return Optional.of(new LlmReranker(chat.get(), rerankTopK, rerankBudget));
  }
}

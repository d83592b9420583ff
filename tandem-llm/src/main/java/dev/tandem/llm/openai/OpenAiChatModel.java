package dev.tandem.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.llm.chat.ChatException;
import dev.tandem.llm.chat.ChatException.Kind;
import dev.tandem.llm.chat.ChatMessage;
import dev.tandem.llm.chat.ChatModel;
import dev.tandem.llm.chat.ChatReply;
import dev.tandem.llm.chat.ChatRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChatModel} backed by any OpenAI-compatible {@code POST {baseUrl}/v1/chat/completions}
 * (OpenAI, vLLM, Ollama, llama.cpp server, LiteLLM and the like), reading
 * {@code choices[0].message.content}.
 *
 * <p>A request with a JSON schema is sent with {@code response_format:
 * {type: json_schema, json_schema: {name, schema, strict: true}}}. Servers that answer 400 about
 * {@code response_format} get the request again at once in JSON mode ({@code {type: json_object}},
 * with the schema written into the system message); this instance remembers that and uses JSON
 * mode from then on. The answer is still untrusted: callers validate it.
 *
 * <p>The request's {@link ChatRequest#timeout()} bounds the whole call, retries and back-off
 * included. HTTP 429, 5xx and connection errors are retried up to {@link Builder#maxRetries}
 * times, after the server's {@code Retry-After} or an exponential back-off with seeded jitter, as
 * long as the wait ends before the deadline. Failures map to {@link ChatException.Kind}s: no answer
 * in time {@code TIMEOUT}; 429 {@code RATE_LIMITED}; 5xx or no connection {@code UNAVAILABLE};
 * other 4xx or a refusal {@code REFUSED}; not a chat completion {@code MALFORMED}. The API key is
 * sent as {@code Authorization: Bearer} and never logged or put into a message; neither are the
 * prompts.
 *
 * <p>Thread-safe once built.
 *
 * {@snippet :
 * ChatModel chat = OpenAiChatModel.builder(URI.create("https://api.openai.com"), "gpt-4o-mini")
 *     .apiKey(System.getenv("TANDEM_CHAT_API_KEY"))
 *     .build();
 * ChatReply r = chat.chat(new ChatRequest(List.of(ChatMessage.user("Say hi")), "", 0, 20,
 *     Duration.ofSeconds(5)));
 * }
 */
public final class OpenAiChatModel implements ChatModel {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiChatModel.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final String model;
  private final String apiKey;
  private final int maxRetries;
  private final Backoff backoff;
  private final Ticker ticker;
  private final RateLimiter limiter;
  private final HttpClient http;
  private volatile boolean jsonModeOnly;
  private volatile boolean closed;

  private OpenAiChatModel(Builder b) {
    this.endpoint = Backoff.endpoint(b.baseUrl, "chat/completions");
    this.model = b.model;
    this.apiKey = b.apiKey;
    this.maxRetries = b.maxRetries;
    this.backoff = b.backoff();
    this.ticker = b.ticker;
    this.limiter = b.limiter();
    this.http = b.httpClient(endpoint);
  }

  /**
   * A builder for a service at {@code baseUrl} (e.g. {@code https://api.openai.com} or
   * {@code http://localhost:11434}; a trailing {@code /v1} is accepted) serving {@code model}.
   *
   * @throws IllegalArgumentException if the URL is not http(s) with a host or the model is blank
   */
  public static Builder builder(URI baseUrl, String model) {
    return new Builder(baseUrl, model);
  }

  /** {@code openai:} and the model name. */
  @Override
  public String id() {
    return "openai:" + model;
  }

  /** Whether this instance has fallen back to JSON mode because the server refused {@code json_schema}. */
  public boolean jsonModeOnly() {
    return jsonModeOnly;
  }

  @Override
  public ChatReply chat(ChatRequest request) {
    if (closed) {
      throw new IllegalStateException("chat model " + id() + " is closed");
    }
    Objects.requireNonNull(request, "request");
    long deadline = ticker.nanoTime() + request.timeout().toNanos();
    String where = "POST " + endpoint;
    boolean schema = !request.jsonSchema().isEmpty();
    boolean jsonMode = schema && jsonModeOnly;
    String payload = payload(request, jsonMode);
    String lastFailure = "";
    Kind lastKind = Kind.UNAVAILABLE;
    for (int attempt = 0; attempt <= maxRetries; attempt++) {
      Duration retryAfter = null;
      long remaining = deadline - ticker.nanoTime();
      if (remaining <= 0) {
        throw new ChatException(Kind.TIMEOUT, where + ": no answer within " + request.timeout().toMillis()
            + " ms" + (lastFailure.isEmpty() ? "" : "; last: " + lastFailure), null);
      }
      try {
        limiter.acquire();
        HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofNanos(Math.max(remaining, 1_000_000L)))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
        if (!apiKey.isEmpty()) {
          rb.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = resp.statusCode();
        if (status >= 200 && status < 300) {
          return parse(resp.body(), where);
        }
        lastFailure = "status " + status + ", body: " + Backoff.snippet(resp.body());
        if (status == 400 && schema && !jsonMode && mentionsResponseFormat(resp.body())) {
          LOG.warn("{} refused response_format json_schema; using JSON mode from now on", where);
          jsonModeOnly = true;
          jsonMode = true;
          payload = payload(request, true);
          attempt--; // the fallback is not a retry
          continue;
        }
        if (status != 429 && status < 500) {
          throw new ChatException(Kind.REFUSED, where + " failed with " + lastFailure + " (not retried)", null);
        }
        lastKind = status == 429 ? Kind.RATE_LIMITED : Kind.UNAVAILABLE;
        retryAfter = Backoff.retryAfter(resp.headers()).orElse(null);
      } catch (HttpConnectTimeoutException e) {
        lastFailure = "no connection within the connect timeout";
        lastKind = Kind.UNAVAILABLE;
      } catch (HttpTimeoutException e) {
        throw new ChatException(Kind.TIMEOUT, where + ": no answer within " + request.timeout().toMillis() + " ms",
            e);
      } catch (IOException e) {
        lastFailure = "I/O error: " + e;
        lastKind = Kind.UNAVAILABLE;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChatException(Kind.TIMEOUT, where + " was interrupted", e);
      }
      if (attempt == maxRetries) {
        break;
      }
      Duration delay = backoff.delay(attempt, retryAfter);
      if (ticker.nanoTime() + delay.toNanos() >= deadline) {
        throw new ChatException(lastKind, where + " failed with " + lastFailure + "; the next retry (in "
            + delay.toMillis() + " ms) would end after the " + request.timeout().toMillis() + " ms budget", null);
      }
      LOG.warn("{}: {}; retry {} of {} in {} ms", where, lastFailure, attempt + 1, maxRetries, delay.toMillis());
      try {
        ticker.sleep(delay.toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChatException(Kind.TIMEOUT, where + " was interrupted while backing off", e);
      }
    }
    throw new ChatException(lastKind, where + " failed after " + (maxRetries + 1) + " attempts; last: "
        + lastFailure, null);
  }

  /** Marks this model closed; the shared HTTP client's connections close when idle. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "OpenAiChatModel[" + model + " at " + endpoint + (apiKey.isEmpty() ? "" : ", with API key") + "]";
  }

  /** The request body: model, messages, temperature, max_tokens and the response format. */
  String payload(ChatRequest request, boolean jsonMode) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    List<ChatMessage> ms = request.messages();
    boolean schemaWritten = false;
    for (ChatMessage m : ms) {
      String content = m.content();
      if (jsonMode && !schemaWritten && m.role().equals("system")) {
        content = content + "\n\n" + schemaInstruction(request.jsonSchema());
        schemaWritten = true;
      }
      messages.addObject().put("role", m.role()).put("content", content);
    }
    if (jsonMode && !schemaWritten) {
      messages.insertObject(0).put("role", "system").put("content", schemaInstruction(request.jsonSchema()));
    }
    body.put("temperature", request.temperature());
    body.put("max_tokens", request.maxTokens());
    if (!request.jsonSchema().isEmpty()) {
      ObjectNode format = body.putObject("response_format");
      if (jsonMode) {
        format.put("type", "json_object");
      } else {
        format.put("type", "json_schema");
        ObjectNode js = format.putObject("json_schema");
        js.put("name", "answer");
        js.set("schema", schemaNode(request.jsonSchema()));
        js.put("strict", true);
      }
    }
    return body.toString();
  }

  private static String schemaInstruction(String schema) {
    return "Answer with one JSON object, and nothing else, that follows this JSON Schema:\n" + schema;
  }

  private static JsonNode schemaNode(String schema) {
    try {
      return JSON.readTree(schema);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("jsonSchema (" + Backoff.snippet(schema) + ") must be JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  private static boolean mentionsResponseFormat(String body) {
    String b = body == null ? "" : body.toLowerCase(Locale.ROOT);
    return b.contains("response_format") || b.contains("json_schema");
  }

  private static ChatReply parse(String body, String where) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ChatException(Kind.MALFORMED, where + " returned malformed JSON (" + e.getOriginalMessage()
          + "); body: " + Backoff.snippet(body), e);
    }
    JsonNode choices = root == null ? null : root.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw new ChatException(Kind.MALFORMED, where + " returned no 'choices'; body: " + Backoff.snippet(body), null);
    }
    JsonNode message = choices.get(0).path("message");
    JsonNode content = message.get("content");
    if (content == null || !content.isTextual()) {
      JsonNode refusal = message.get("refusal");
      if (refusal != null && refusal.isTextual()) {
        throw new ChatException(Kind.REFUSED, where + ": the model refused: " + Backoff.snippet(refusal.asText()),
            null);
      }
      throw new ChatException(Kind.MALFORMED, where + ": choices[0].message.content must be a string; body: "
          + Backoff.snippet(body), null);
    }
    JsonNode usage = root.path("usage");
    return new ChatReply(content.asText(), root.path("model").asText(""), usage.path("prompt_tokens").asInt(0),
        usage.path("completion_tokens").asInt(0));
  }

  /**
   * Configures an {@link OpenAiChatModel}. Not thread-safe; each setter checks its value and
   * {@link #build()} may be called repeatedly.
   */
  public static final class Builder extends ClientBuilder<Builder> {
    /** Defaults: connection 5 s, 3 retries, back-off 200 ms to 5 s. */
    private Builder(URI baseUrl, String model) {
      super(baseUrl, model, Duration.ofSeconds(5), 3, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    @Override
    Builder self() {
      return this;
    }

    /** A new chat model with these settings. */
    public OpenAiChatModel build() {
      return new OpenAiChatModel(this);
    }
  }
}

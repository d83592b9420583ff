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
import java.net.URI;
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

  private final String model;
  private final JsonPost post;
  private volatile boolean jsonModeOnly;
  private volatile boolean closed;

  private OpenAiChatModel(Builder b) {
    this.model = b.model;
    this.post = new JsonPost(Backoff.endpoint(b.baseUrl, "chat/completions"), b);
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
    long deadline = post.now() + request.timeout().toNanos();
    String where = "POST " + post.endpoint;
    boolean schema = !request.jsonSchema().isEmpty();
    boolean jsonMode = schema && jsonModeOnly;
    try {
      String body;
      try {
        body = post.send(payload(request, jsonMode), where, request.timeout(), deadline, request.timeout());
      } catch (JsonPost.Failure f) {
        if (f.status != 400 || !schema || jsonMode || !mentionsResponseFormat(f.body)) {
          throw f;
        }
        LOG.warn("{} refused response_format json_schema; using JSON mode from now on", where);
        jsonModeOnly = true;
        // the fallback is not a retry: the retries start again, within the same deadline
        body = post.send(payload(request, true), where, request.timeout(), deadline, request.timeout());
      }
      return parse(body, where);
    } catch (JsonPost.Failure f) {
      throw new ChatException(Kind.valueOf(f.kind.name()), f.getMessage(), f.getCause());
    }
  }

  /** Marks this model closed; the shared HTTP client's connections close when idle. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "OpenAiChatModel[" + model + " at " + post.endpoint + (post.hasKey ? ", with API key" : "") + "]";
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

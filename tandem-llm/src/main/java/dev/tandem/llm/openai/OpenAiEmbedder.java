package dev.tandem.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.llm.embed.Embedder;
import dev.tandem.llm.embed.EmbeddingException;
import dev.tandem.llm.embed.Vectors;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An {@link Embedder} backed by an OpenAI-compatible service: {@code POST {baseUrl}/v1/embeddings}
 * with {@code {"model": ..., "input": [...]}}, reading {@code data[].embedding} placed by
 * {@code data[].index}. Works with OpenAI and the many servers that speak its protocol.
 *
 * <p>Texts are sent in batches of {@link Builder#batchSize}, one request at a time per call.
 * Requests that fail transiently (HTTP 429, any 5xx, a timeout or a connection error) are retried
 * up to {@link Builder#maxRetries} times after an exponential back-off with seeded jitter, or after
 * the server's {@code Retry-After}; other 4xx statuses and malformed responses fail at once.
 * A client-side rate limit ({@link Builder#requestsPerSecond}) spaces requests. Every error names
 * the endpoint, the batch (and its text positions), the status and the start of the body. The API
 * key is sent as {@code Authorization: Bearer} and never logged, printed or put in a message.
 *
 * <p>Vectors are L2-normalised here (services differ on that) and all must have the same
 * dimension: the configured one, or else the one of the first response.
 *
 * <p>Thread-safe once built: concurrent calls share the HTTP client and the rate limit.
 *
 * {@snippet :
 * Embedder e = OpenAiEmbedder.builder(URI.create("https://api.openai.com"), "text-embedding-3-small")
 *     .apiKey(System.getenv("OPENAI_API_KEY"))
 *     .dimension(1536)
 *     .requestsPerSecond(5)
 *     .build();
 * float[][] v = e.embedDocuments(List.of("red running shoes", "a cast-iron skillet"));
 * }
 */
public final class OpenAiEmbedder implements Embedder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String model;
  private final String modelId;
  private final String queryPrefix;
  private final int batchSize;
  private final Duration requestTimeout;
  private final JsonPost post;
  private volatile int dimension;
  private volatile boolean closed;

  private OpenAiEmbedder(Builder b) {
    this.model = b.model;
    this.modelId = b.modelId != null ? b.modelId : b.model;
    this.queryPrefix = b.queryPrefix;
    this.batchSize = b.batchSize;
    this.requestTimeout = b.requestTimeout;
    this.dimension = b.dimension;
    this.post = new JsonPost(Backoff.endpoint(b.baseUrl, "embeddings"), b);
  }

  /**
   * A builder for a service at {@code baseUrl} (e.g. {@code https://api.openai.com} or
   * {@code http://localhost:11434}; a trailing {@code /v1} is accepted) serving {@code model}.
   */
  public static Builder builder(URI baseUrl, String model) {
    return new Builder(baseUrl, model);
  }

  /** {@inheritDoc} {@link Builder#modelId}, by default the service's model name. */
  @Override
  public String modelId() {
    return modelId;
  }

  /**
   * {@inheritDoc} The configured dimension; if none was configured and no response has been seen
   * yet, sends one short request to learn it.
   */
  @Override
  public int dimension() {
    int d = dimension;
    if (d == 0) {
      embedDocuments(List.of("dimension"));
      d = dimension;
    }
    return d;
  }

  @Override
  public float[][] embedDocuments(List<String> texts) {
    checkOpen();
    Objects.requireNonNull(texts, "texts");
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) == null) {
        throw new IllegalArgumentException("texts[" + i + "] is null; expected a string (empty is allowed)");
      }
    }
    int n = texts.size();
    float[][] out = new float[n][];
    int batches = (n + batchSize - 1) / batchSize;
    for (int k = 0; k < batches; k++) {
      int from = k * batchSize;
      int to = Math.min(n, from + batchSize);
      float[][] v = send(texts.subList(from, to), "batch " + (k + 1) + " of " + batches + " (texts " + from + ".."
          + (to - 1) + ")");
      System.arraycopy(v, 0, out, from, v.length);
    }
    return out;
  }

  /** {@inheritDoc} Prepends {@link Builder#queryPrefix} (none by default). */
  @Override
  public float[] embedQuery(String text) {
    checkOpen();
    if (text == null) {
      throw new IllegalArgumentException("query text is null; expected a string");
    }
    return send(List.of(queryPrefix + text), "query")[0];
  }

  /** Marks this embedder closed; the shared HTTP client's connections close when idle. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "OpenAiEmbedder[" + model + " at " + post.endpoint + (post.hasKey ? ", with API key" : "") + "]";
  }

  private float[][] send(List<String> texts, String what) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    ArrayNode input = body.putArray("input");
    texts.forEach(input::add);
    String payload = body.toString();
    String where = "POST " + post.endpoint + " for " + what;
    String answer;
    try {
      answer = post.send(payload, where, requestTimeout, Long.MAX_VALUE, requestTimeout);
    } catch (JsonPost.Failure f) {
      throw new EmbeddingException(f.getMessage(), f.getCause());
    }
    return parse(answer, texts.size(), where);
  }

  private float[][] parse(String body, int expected, String where) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new EmbeddingException(where + " returned malformed JSON (" + e.getOriginalMessage() + "); body: "
          + Backoff.snippet(body));
    }
    JsonNode data = root == null ? null : root.get("data");
    if (data == null || !data.isArray()) {
      throw new EmbeddingException(where + " returned no 'data' array; body: " + Backoff.snippet(body));
    }
    if (data.size() != expected) {
      throw new EmbeddingException(where + " returned " + data.size() + " embeddings for " + expected + " texts");
    }
    float[][] out = new float[expected][];
    for (int pos = 0; pos < expected; pos++) {
      JsonNode item = data.get(pos);
      JsonNode idx = item.get("index");
      int index = idx == null ? pos : idx.isInt() ? idx.intValue() : -1;
      if (index < 0 || index >= expected || out[index] != null) {
        throw new EmbeddingException(where + ": data[" + pos + "].index (" + idx + ") must be a distinct integer in [0, "
            + (expected - 1) + "]");
      }
      JsonNode emb = item.get("embedding");
      if (emb == null || !emb.isArray() || emb.isEmpty()) {
        throw new EmbeddingException(where + ": data[" + pos + "].embedding must be a non-empty array of numbers "
            + "(ask for encoding_format float); got " + Backoff.snippet(String.valueOf(emb)));
      }
      float[] v = new float[emb.size()];
      for (int d = 0; d < v.length; d++) {
        JsonNode x = emb.get(d);
        if (!x.isNumber()) {
          throw new EmbeddingException(where + ": data[" + pos + "].embedding[" + d + "] (" + x + ") must be a number");
        }
        v[d] = x.floatValue();
      }
      checkDimension(v.length, pos, where);
      try {
        out[index] = Vectors.normalize(v);
      } catch (EmbeddingException e) {
        throw new EmbeddingException(where + ": data[" + pos + "].embedding: " + e.getMessage());
      }
    }
    return out;
  }

  private void checkDimension(int length, int pos, String where) {
    int d = dimension;
    if (d == 0) {
      synchronized (this) {
        if (dimension == 0) {
          dimension = length;
        }
        d = dimension;
      }
    }
    if (length != d) {
      throw new EmbeddingException(where + ": data[" + pos + "].embedding has " + length
          + " components; expected dimension " + d);
    }
  }






  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("embedder " + modelId + " is closed");
    }
  }

  /**
   * Configures an {@link OpenAiEmbedder}. Not thread-safe; {@link #build()} validates nothing
   * further (each setter checks its value) and may be called repeatedly.
   */
  public static final class Builder extends ClientBuilder<Builder> {
    private String modelId;
    private String queryPrefix = "";
    private int dimension;
    private int batchSize = 64;
    private Duration requestTimeout = Duration.ofSeconds(60);

    /** Defaults: connection 10 s, 4 retries, back-off 500 ms to 30 s. */
    private Builder(URI baseUrl, String model) {
      super(baseUrl, model, Duration.ofSeconds(10), 4, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    @Override
    Builder self() {
      return this;
    }

    /** The {@link Embedder#modelId()} (cache key); default the model name. */
    public Builder modelId(String modelId) {
      if (Objects.requireNonNull(modelId, "modelId").isBlank()) {
        throw new IllegalArgumentException("modelId ('" + modelId + "') must not be blank");
      }
      this.modelId = modelId;
      return this;
    }

    /** Put before queries, not documents (e.g. for BGE or E5 behind a server); default none. */
    public Builder queryPrefix(String queryPrefix) {
      this.queryPrefix = Objects.requireNonNull(queryPrefix, "queryPrefix");
      return this;
    }

    /**
     * The expected vector dimension, checked on every response; default 0: learned from the first
     * response.
     */
    public Builder dimension(int dimension) {
      if (dimension < 0) {
        throw new IllegalArgumentException("dimension (" + dimension + ") must be >= 1, or 0 to learn it");
      }
      this.dimension = dimension;
      return this;
    }

    /** Texts per request, in [1, 2048] (OpenAI's limit); default 64. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 2048) {
        throw new IllegalArgumentException("batchSize (" + batchSize + ") must be in [1, 2048]");
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Time for one request until the response headers arrive; default 60 s. A timeout is retried. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive("requestTimeout", timeout);
      return this;
    }

    /** A new embedder with these settings. */
    public OpenAiEmbedder build() {
      return new OpenAiEmbedder(this);
    }
  }
}

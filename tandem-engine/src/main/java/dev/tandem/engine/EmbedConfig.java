package dev.tandem.engine;

import dev.tandem.engine.embed.ItemDocuments;
import dev.tandem.llm.embed.Embedder;
import dev.tandem.llm.embed.Embedders;
import dev.tandem.llm.embed.ModelSpec;
import dev.tandem.llm.embed.OnnxEmbedder;
import dev.tandem.llm.embed.Pooling;
import dev.tandem.llm.openai.OpenAiEmbedder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code [embed]} section of {@code tandem.toml}: which embedding model embeds item documents
 * and profile texts, and how. Three providers: a built-in in-process ONNX model ({@code onnx}, the
 * default), an ONNX model in a folder of the user's ({@code folder}: {@code model.onnx} and
 * {@code tokenizer.json}), or any OpenAI-compatible {@code /v1/embeddings} endpoint
 * ({@code openai}: OpenAI, Ollama, vLLM, text-embeddings-inference). Immutable; validated on
 * construction. Holds no secret: the endpoint's API key is read from the environment variable
 * named by {@code api_key_env} when the embedder is opened.
 *
 * @param provider {@value #ONNX}, {@value #FOLDER} or {@value #OPENAI}; default {@value #ONNX}
 * @param model for {@code onnx} a built-in name, one of {@link Embedders#names()} (default
 *     {@value Embedders#DEFAULT}); for {@code openai} the service's model name (required); for
 *     {@code folder} a name for the model, part of the cache key (default the folder's name)
 * @param path the model folder of {@code folder}; "" otherwise (default)
 * @param pooling {@code cls} or {@code mean}: how {@code folder}'s token vectors become one; default
 *     {@code cls}
 * @param queryPrefix put before query texts, never documents ({@code folder} and {@code openai});
 *     default ""
 * @param baseUrl the endpoint of {@code openai}, e.g. {@code http://127.0.0.1:11434/v1}; default ""
 * @param dimensions the vector dimension {@code openai} answers with, checked on every response,
 *     in [0, 65536]; 0 (default) learns it from the first answer
 * @param apiKeyEnv environment variable holding {@code openai}'s API key (sent as
 *     {@code Authorization: Bearer}); default {@value #DEFAULT_API_KEY_ENV}; unset sends no key
 * @param rateLimit requests per second to {@code openai}, in [0, 10000]; 0 (default) unlimited
 * @param timeout time for one {@code openai} request, in (0, 10 min]; default 60 s; retried on expiry
 * @param template item document template (see {@link ItemDocuments}); default
 *     {@value ItemDocuments#DEFAULT_TEMPLATE}
 * @param maxChars length cap of a document in characters, in [16, 100000]; default 2000
 * @param batchSize documents per model call or request, in [1, 4096] ([1, 2048] for
 *     {@code openai}, OpenAI's limit); default 32. Larger in-process batches pad more.
 * @param threads threads embedding batches in parallel in-process, in [0, 256]; 0 (default) uses
 *     every core
 */
public record EmbedConfig(String provider, String model, String path, String pooling, String queryPrefix,
    String baseUrl, int dimensions, String apiKeyEnv, double rateLimit, Duration timeout, String template,
    int maxChars, int batchSize, int threads) {

  /** The built-in in-process models. */
  public static final String ONNX = "onnx";
  /** An ONNX model in a folder of the user's. */
  public static final String FOLDER = "folder";
  /** An OpenAI-compatible endpoint. */
  public static final String OPENAI = "openai";
  /** The providers. */
  public static final List<String> PROVIDERS = List.of(ONNX, FOLDER, OPENAI);
  /** The default name of the endpoint's API key variable. */
  public static final String DEFAULT_API_KEY_ENV = "TANDEM_EMBED_API_KEY";
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  /** The defaults, as documented in the shipped {@code tandem.toml}. */
  public static final EmbedConfig DEFAULTS = new EmbedConfig(ONNX, Embedders.DEFAULT, "", "cls", "", "", 0,
      DEFAULT_API_KEY_ENV, 0, Duration.ofSeconds(60), ItemDocuments.DEFAULT_TEMPLATE,
      ItemDocuments.DEFAULT_MAX_CHARS, 32, 0);

  /** A built-in in-process model with the other provider keys at their defaults. */
  public EmbedConfig(String model, String template, int maxChars, int batchSize, int threads) {
    this(ONNX, model, "", "cls", "", "", 0, DEFAULT_API_KEY_ENV, 0, Duration.ofSeconds(60), template, maxChars,
        batchSize, threads);
  }

  /**
   * Validates every field, and the keys each provider needs.
   *
   * @throws IllegalArgumentException naming the key ({@code embed.*}), its value and the rule
   */
  public EmbedConfig {
    Objects.requireNonNull(provider, "embed.provider");
    Objects.requireNonNull(path, "embed.path");
    Objects.requireNonNull(pooling, "embed.pooling");
    Objects.requireNonNull(queryPrefix, "embed.query_prefix");
    Objects.requireNonNull(baseUrl, "embed.base_url");
    Objects.requireNonNull(apiKeyEnv, "embed.api_key_env");
    Objects.requireNonNull(timeout, "embed.timeout");
    provider = provider.strip().toLowerCase(Locale.ROOT);
    if (!PROVIDERS.contains(provider)) {
      throw new IllegalArgumentException("embed.provider (" + provider + ") must be one of " + PROVIDERS);
    }
    model = model == null ? null : model.strip();
    path = path.strip();
    baseUrl = baseUrl.strip();
    pooling = pooling.strip().toLowerCase(Locale.ROOT);
    switch (provider) {
      case ONNX -> {
        if (model == null || !Embedders.names().contains(model.toLowerCase(Locale.ROOT))) {
          throw new IllegalArgumentException("embed.model (" + model + ") must be one of " + Embedders.names()
              + " with embed.provider = \"onnx\"");
        }
        model = model.toLowerCase(Locale.ROOT);
      }
      case FOLDER -> {
        Objects.requireNonNull(model, "embed.model");
        if (path.isEmpty()) {
          throw new IllegalArgumentException("embed.path (\"\") must name a folder holding model.onnx and"
              + " tokenizer.json with embed.provider = \"folder\"");
        }
      }
      default -> {
        if (model == null || model.isEmpty()) {
          throw new IllegalArgumentException("embed.model (" + (model == null ? null : "\"\"") + ") must name the"
              + " endpoint's model with"
              + " embed.provider = \"openai\"");
        }
        if (baseUrl.isEmpty()) {
          throw new IllegalArgumentException("embed.base_url (\"\") must be the endpoint's http or https URL with"
              + " embed.provider = \"openai\", e.g. \"http://127.0.0.1:11434/v1\"");
        }
      }
    }
    if (!baseUrl.isEmpty()) {
      URI u;
      try {
        u = URI.create(baseUrl);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("embed.base_url (" + baseUrl + ") must be an http or https URL", e);
      }
      if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getHost() == null) {
        throw new IllegalArgumentException("embed.base_url (" + baseUrl
            + ") must be an http or https URL with a host, or \"\"");
      }
    }
    if (!pooling.equals("cls") && !pooling.equals("mean")) {
      throw new IllegalArgumentException("embed.pooling (" + pooling + ") must be \"cls\" or \"mean\"");
    }
    if (dimensions < 0 || dimensions > 65536) {
      throw new IllegalArgumentException("embed.dimensions (" + dimensions + ") must be in [0, 65536] (0 = learn"
          + " it from the first answer)");
    }
    if (!apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("embed.api_key_env (" + apiKeyEnv
          + ") must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
    }
    if (!(rateLimit >= 0 && rateLimit <= 10_000)) {
      throw new IllegalArgumentException("embed.rate_limit (" + rateLimit + ") must be in [0, 10000] requests per"
          + " second (0 = unlimited)");
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("embed.timeout (" + timeout + ") must be in (0, 10m], e.g. \"60s\"");
    }
    try {
      ItemDocuments.parse(template, maxChars);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("embed." + e.getMessage(), e);
    }
    int maxBatch = provider.equals(OPENAI) ? 2048 : 4096;
    if (batchSize < 1 || batchSize > maxBatch) {
      throw new IllegalArgumentException("embed.batch_size (" + batchSize + ") must be in [1, " + maxBatch + "]"
          + (provider.equals(OPENAI) ? " with embed.provider = \"openai\"" : ""));
    }
    if (threads < 0 || threads > 256) {
      throw new IllegalArgumentException("embed.threads (" + threads + ") must be in [0, 256] (0 = every core)");
    }
  }

  /** The document renderer of this configuration. */
  public ItemDocuments documents() {
    return ItemDocuments.parse(template, maxChars);
  }

  /** The thread count to use: {@link #threads()}, or the available processors when it is 0. */
  public int effectiveThreads() {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }

  /**
   * The embedding cache's key of this model, known without loading it: the built-in model's id;
   * {@code folder:NAME} (NAME the model key, else the folder's name); {@code openai:MODEL}, with
   * {@code @DIMENSIONS} when set. Vectors of different keys never mix.
   */
  public String modelId() {
    return switch (provider) {
      case ONNX -> Embedders.spec(model).id();
      case FOLDER -> "folder:" + folderName();
      default -> "openai:" + model + (dimensions > 0 ? "@" + dimensions : "");
    };
  }

  private String folderName() {
    if (!model.isEmpty()) {
      return model;
    }
    Path p = Path.of(path).toAbsolutePath().normalize();
    return p.getFileName() == null ? p.toString() : p.getFileName().toString();
  }

  /**
   * A new embedder of this configuration, an endpoint's API key read from {@code env}. The caller
   * closes it. A folder path that is relative is resolved against {@code home}.
   *
   * @throws dev.tandem.llm.embed.EmbeddingException if the model cannot be loaded
   */
  public Embedder open(Path home, Map<String, String> env) {
    return switch (provider) {
      case ONNX -> Embedders.builtIn(model, new OnnxEmbedder.Options(batchSize, true, effectiveThreads()));
      case FOLDER -> OnnxEmbedder.open(ModelSpec.folder(modelId(), home.resolve(path),
          pooling.equals("mean") ? Pooling.MEAN : Pooling.CLS, queryPrefix),
          new OnnxEmbedder.Options(batchSize, true, effectiveThreads()));
      default -> {
        String key = env.getOrDefault(apiKeyEnv, "");
        OpenAiEmbedder.Builder b = OpenAiEmbedder.builder(URI.create(baseUrl), model).modelId(modelId())
            .queryPrefix(queryPrefix).dimension(dimensions).batchSize(batchSize).requestTimeout(timeout)
            .apiKey(key == null ? "" : key);
        if (rateLimit > 0) {
          b.requestsPerSecond(rateLimit);
        }
        yield b.build();
      }
    };
  }
}

package dev.tandem.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.core.data.Quote;
import dev.tandem.core.data.ValueRange;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.ParamValues;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The typed configuration of a Tandem home, read from {@code tandem.toml}. Parsed and
 * validated once (every key, cross-field too), then immutable.
 *
 * {@snippet :
 * TandemConfig cfg = TandemConfig.load(home.resolve("tandem.toml"));
 * }
 *
 * @param feedback how feedback types weigh
 * @param trainModels models {@code train} fits by default
 * @param recommendModel model answering {@code recommend} by default
 * @param modelParams per model, its validated parameter overrides ({@code [models.NAME]})
 * @param embed how item documents are written and embedded ({@code [embed]})
 * @param store where the data lives ({@code [store]})
 * @param server who may call the REST API, limits ({@code [server]})
 * @param retrain background retraining and snapshot retention ({@code [server]} keys
 *     {@code retrain_every}, {@code retrain_models}, {@code keep_snapshots}, {@code reload_every})
 * @param chat the optional chat model and its uses ({@code [chat]})
 * @param ask conversations of {@code /ask} ({@code [ask]})
 * @param log the format and level of the {@code tandem} command's application logs ({@code [log]})
 */
public record TandemConfig(FeedbackWeights feedback, List<String> trainModels, String recommendModel,
    Map<String, ParamValues> modelParams, EmbedConfig embed, StoreConfig store, ServerConfig server,
    RetrainConfig retrain, ChatConfig chat, AskConfig ask, LogConfig log) {

  /** Resource holding the documented default configuration. */
  public static final String DEFAULT_RESOURCE = "/dev/tandem/engine/tandem.toml";

  /** The built-in defaults (equal to the shipped {@code tandem.toml}; a test checks it). */
  public static final TandemConfig DEFAULTS = new TandemConfig(FeedbackWeights.DEFAULT,
      List.of("pop", "itemknn", "ease", "ials"), "ease", Map.of(), EmbedConfig.DEFAULTS, StoreConfig.DEFAULTS,
      ServerConfig.DEFAULTS, RetrainConfig.DEFAULTS, ChatConfig.DEFAULTS, AskConfig.DEFAULTS, LogConfig.DEFAULTS);

  /** A configuration with the default {@code [log]} section. */
  public TandemConfig(FeedbackWeights feedback, List<String> trainModels, String recommendModel,
      Map<String, ParamValues> modelParams, EmbedConfig embed, StoreConfig store, ServerConfig server,
      RetrainConfig retrain, ChatConfig chat, AskConfig ask) {
    this(feedback, trainModels, recommendModel, modelParams, embed, store, server, retrain, chat, ask,
        LogConfig.DEFAULTS);
  }

  /** A configuration with the default {@code [ask]} section. */
  public TandemConfig(FeedbackWeights feedback, List<String> trainModels, String recommendModel,
      Map<String, ParamValues> modelParams, EmbedConfig embed, StoreConfig store, ServerConfig server,
      RetrainConfig retrain, ChatConfig chat) {
    this(feedback, trainModels, recommendModel, modelParams, embed, store, server, retrain, chat, AskConfig.DEFAULTS);
  }

  /** A configuration with the default {@code [chat]} section. */
  public TandemConfig(FeedbackWeights feedback, List<String> trainModels, String recommendModel,
      Map<String, ParamValues> modelParams, EmbedConfig embed, StoreConfig store, ServerConfig server,
      RetrainConfig retrain) {
    this(feedback, trainModels, recommendModel, modelParams, embed, store, server, retrain, ChatConfig.DEFAULTS);
  }

  /** A configuration with the default {@code [server]} section. */
  public TandemConfig(FeedbackWeights feedback, List<String> trainModels, String recommendModel,
      Map<String, ParamValues> modelParams, EmbedConfig embed, StoreConfig store) {
    this(feedback, trainModels, recommendModel, modelParams, embed, store, ServerConfig.DEFAULTS, RetrainConfig.DEFAULTS);
  }

  /**
   * Validates every field and copies the collections.
   *
   * @throws IllegalArgumentException naming the key, value and rule of the first invalid entry
   */
  public TandemConfig {
    Objects.requireNonNull(embed, "embed");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(retrain, "retrain");
    Objects.requireNonNull(chat, "chat");
    Objects.requireNonNull(ask, "ask");
    if (trainModels.isEmpty()) {
      throw new IllegalArgumentException("train.models must name at least one model");
    }
    for (String m : trainModels) {
      ModelTypes.byName(m);
    }
    ModelTypes.byName(recommendModel);
    for (var e : modelParams.entrySet()) {
      ModelTypes.byName(e.getKey());
      ModelTypes.bind(e.getValue()); // the rules spanning several keys
    }
    trainModels = List.copyOf(trainModels);
    modelParams = TrainOptions.copy(modelParams);
  }

  /**
   * The configured parameters of {@code model} (every value at its default when none are).
   *
   * @throws IllegalArgumentException if {@code model} is not a registered model type
   */
  public ParamValues paramsOf(String model) {
    ParamValues v = modelParams.get(model);
    return v != null ? v : ModelTypes.byName(model).parameters().defaults();
  }

  /**
   * The parameters model {@code model} runs with: its configured parameters, then {@code run}'s on
   * top; for a fused model ({@code rrf}, {@code fusion}) also each channel's configured parameters
   * as nested {@code CHANNEL.KEY} defaults, so that e.g. rrf's EASE is the configured
   * {@code [models.ease]}. The one place where configuration meets a run's parameters.
   *
   * @throws IllegalArgumentException if the merged parameters are invalid (a nested key naming a
   *     channel that the run's {@code channels} dropped)
   */
  public ParamValues overridesOf(String model, ParamValues run) {
    return paramsOf(model).with(run).withChannelDefaults(this::paramsOf);
  }

  /** Reads {@code file}; the defaults when it does not exist. No environment variable applies. */
  public static TandemConfig load(Path file) {
    if (!Files.exists(file)) {
      return DEFAULTS;
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads {@code file} (the defaults when it does not exist) with every {@code TANDEM_<SECTION>_<KEY>}
   * variable of {@code env} applied on top (see {@link #loadWithSources}).
   *
   * @throws IllegalArgumentException naming the file or the variable, the key, value and rule
   */
  public static TandemConfig load(Path file, Map<String, String> env) {
    return loadWithSources(file, env).config();
  }

  /**
   * One effective key of a configuration.
   *
   * @param key the dotted key, e.g. {@code server.rate_limit} or {@code models.ease.lambda}
   * @param value its value as TOML text, secrets masked ({@code store.password}, a password in
   *     {@code store.url}, the key part of {@code server.api_keys} entries)
   * @param source {@code default}, the file's name (e.g. {@code tandem.toml}) or {@code env VARIABLE}
   */
  public record Setting(String key, String value, String source) {
    /** Validates that nothing is null. */
    public Setting {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(source, "source");
    }
  }

  /**
   * A loaded configuration and where each of its values came from.
   *
   * @param config the validated configuration
   * @param settings every key, in the order of the shipped {@code tandem.toml} (keys that only the file
   *     has, such as feedback types of its own, in the file's order within their table)
   */
  public record Loaded(TandemConfig config, List<Setting> settings) {
    /** Copies the list. */
    public Loaded {
      Objects.requireNonNull(config, "config");
      settings = List.copyOf(settings);
    }
  }

  /**
   * Reads {@code file} (the defaults when it does not exist), applies the environment and validates
   * the result. Every key of the shipped {@code tandem.toml} can be set by the variable
   * {@code TANDEM_} + its dotted path in upper case with {@code _} for {@code .} ({@code embed.base_url}:
   * {@code TANDEM_EMBED_BASE_URL}; {@code models.ease.lambda}: {@code TANDEM_MODELS_EASE_LAMBDA}); a
   * variable wins over the file, and blank variables are ignored. Values are read as the key's type:
   * {@code true}/{@code false}, numbers, text as is, lists as {@code a,b} or a TOML list
   * ({@code ["a", "b"]}).
   *
   * @throws IllegalArgumentException naming the file, or for a value from a variable the variable
   *     ({@code env TANDEM_SERVER_RATE_LIMIT: server.rate_limit (0) must be >= 1}), and the key, value and rule
   */
  public static Loaded loadWithSources(Path file, Map<String, String> env) {
    ObjectNode root;
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        root = readTree(in, file.toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    } else {
      root = JsonNodeFactory.instance.objectNode();
    }
    Map<String, String> fromFile = new LinkedHashMap<>();
    ConfigEnv.leaves(root, "", (k, n) -> fromFile.put(k, ""));
    Map<String, String> fromEnv = new LinkedHashMap<>();
    ConfigEnv.applyEnv(ConfigEnv.Shipped.TREE, root, new ArrayList<>(), env, fromEnv);
    TandemConfig config = fromTree(root, file.toString(), fromEnv);
    String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    List<Setting> settings = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    ConfigEnv.leaves(ConfigEnv.Shipped.TREE, "", (k, n) -> {
      if (!ConfigEnv.replacedTable(root, k)) {
        listed.add(k);
        settings.add(ConfigEnv.setting(k, ConfigEnv.at(root, k), fromEnv, fromFile, fileName, n));
      }
    });
    ConfigEnv.leaves(root, "", (k, n) -> {
      if (!listed.contains(k)) {
        settings.add(ConfigEnv.setting(k, n, fromEnv, fromFile, fileName, n));
      }
    });
    return new Loaded(config, settings);
  }

  /** A TOML document as a tree (an empty table for an empty document). */
  static ObjectNode readTree(InputStream in, String source) {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " is not valid TOML: " + e.getMessage(), e);
    }
    return root instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
  }

  /** The text of the documented default configuration. */
  public static String defaultText() {
    try (InputStream in = TandemConfig.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses TOML text.
   *
   * @param source name used in error messages
   * @throws IllegalArgumentException naming the key, value and rule for any invalid entry
   */
  public static TandemConfig parse(InputStream in, String source) throws IOException {
    ObjectNode root = readTree(in, source);
    if (root.isEmpty()) {
      return DEFAULTS;
    }
    return fromTree(root, source, Map.of());
  }

  /**
   * The configuration of a TOML tree; an error names {@code source}, or the variable when the key it
   * names was set by one ({@code fromEnv}: key -> variable).
   */
  private static TandemConfig fromTree(ObjectNode root, String source, Map<String, String> fromEnv) {
    try {
      onlyKeys(root, "", Set.of("feedback", "train", "recommend", "models", "embed", "store", "server", "chat", "ask",
          "log"));
      FeedbackWeights feedback = feedback(root.path("feedback"));
      List<String> models = DEFAULTS.trainModels();
      JsonNode train = root.path("train");
      if (!train.isMissingNode()) {
        onlyKeys(train, "train.", Set.of("models"));
        if (train.has("models")) {
          JsonNode list = train.get("models");
          if (!list.isArray()) {
            throw new IllegalArgumentException("train.models (" + shortText(list) + ") must be a list of model names");
          }
          models = new ArrayList<>();
          for (JsonNode m : list) {
            models.add(m.asText());
          }
        }
      }
      String recommend = DEFAULTS.recommendModel();
      JsonNode rec = root.path("recommend");
      if (!rec.isMissingNode()) {
        onlyKeys(rec, "recommend.", Set.of("model"));
        if (rec.has("model")) {
          recommend = rec.get("model").asText();
        }
      }
      Map<String, ParamValues> params = new LinkedHashMap<>();
      JsonNode ms = root.path("models");
      for (Iterator<Map.Entry<String, JsonNode>> it = ms.fields(); it.hasNext(); ) {
        var e = it.next();
        Map<String, String> p = new LinkedHashMap<>();
        flatten("", e.getValue(), p);
        params.put(e.getKey(), ModelTypes.byName(e.getKey()).parameters().parse(p));
      }
      EmbedConfig embed = embed(root.path("embed"));
      StoreConfig store = DEFAULTS.store();
      JsonNode st = root.path("store");
      if (!st.isMissingNode()) {
        onlyKeys(st, "store.", Set.of("url", "user", "password", "history_cache_events", "max_history_events"));
        store = new StoreConfig(
            st.has("url") ? text(st.get("url"), "store.url") : store.url(),
            st.has("user") ? text(st.get("user"), "store.user") : store.user(),
            st.has("password") ? text(st.get("password"), "store.password") : store.password(),
            st.has("history_cache_events") ? integer(st.get("history_cache_events"), "store.history_cache_events")
                : store.historyCacheEvents(),
            st.has("max_history_events") ? integer(st.get("max_history_events"), "store.max_history_events")
                : store.maxHistoryEvents());
      }
      ServerConfig server = server(root.path("server"));
      RetrainConfig retrain = retrain(root.path("server"));
      ChatConfig chat = chat(root.path("chat"));
      AskConfig ask = ask(root.path("ask"));
      LogConfig log = LogConfig.DEFAULTS;
      JsonNode lg = root.path("log");
      if (!lg.isMissingNode()) {
        onlyKeys(lg, "log.", Set.of("format", "level"));
        log = new LogConfig(lg.has("format") ? text(lg.get("format"), "log.format") : log.format(),
            lg.has("level") ? text(lg.get("level"), "log.level") : log.level());
      }
      return new TandemConfig(feedback, models, recommend, params, embed, store, server, retrain, chat, ask, log);
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      for (var v : fromEnv.entrySet()) {
        if (mentions(msg, v.getKey())) {
          throw new IllegalArgumentException("env " + v.getValue() + ": " + msg, e);
        }
      }
      throw new IllegalArgumentException(source + ": " + msg, e);
    }
  }

  /** Whether message {@code msg} is about dotted {@code key} (for a model parameter, also without "models."). */
  private static boolean mentions(String msg, String key) {
    if (mentionsExactly(msg, key)) {
      return true;
    }
    return key.startsWith("models.") && mentionsExactly(msg, key.substring("models.".length()));
  }

  private static boolean mentionsExactly(String msg, String key) {
    int i = msg.indexOf(key);
    while (i >= 0) {
      int end = i + key.length();
      boolean startOk = i == 0 || !(Character.isLetterOrDigit(msg.charAt(i - 1)) || msg.charAt(i - 1) == '_'
          || msg.charAt(i - 1) == '.');
      boolean endOk = end == msg.length() || !(Character.isLetterOrDigit(msg.charAt(end)) || msg.charAt(end) == '_');
      if (startOk && endOk) {
        return true;
      }
      i = msg.indexOf(key, i + 1);
    }
    return false;
  }

  /**
   * {@code [feedback]}: {@code positive_rating}, {@code value_range} (types without their own),
   * {@code [feedback.weights]} and {@code [feedback.value_ranges]} ({@code TYPE = [min, max]}). When
   * {@code value_ranges} is absent, the default ranges of the configured types apply (rating
   * [0, 100]).
   */
  private static FeedbackWeights feedback(JsonNode fb) {
    FeedbackWeights d = FeedbackWeights.DEFAULT;
    if (fb.isMissingNode()) {
      return d;
    }
    if (!fb.isObject()) {
      throw new IllegalArgumentException("feedback (" + shortText(fb) + ") must be a table");
    }
    onlyKeys(fb, "feedback.", Set.of("positive_rating", "weights", "value_range", "value_ranges"));
    double positive = fb.has("positive_rating") ? number(fb.get("positive_rating"), "feedback.positive_rating")
        : d.positiveRating();
    Map<String, Double> weights = new LinkedHashMap<>(d.weights());
    JsonNode w = fb.path("weights");
    if (!w.isMissingNode()) {
      if (!w.isObject()) {
        throw new IllegalArgumentException("feedback.weights (" + shortText(w) + ") must be a table of TYPE = weight");
      }
      weights = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = w.fields(); it.hasNext(); ) {
        var e = it.next();
        weights.put(e.getKey(), number(e.getValue(), "feedback.weights." + e.getKey()));
      }
    }
    ValueRange fallback = fb.has("value_range") ? range(fb.get("value_range"), "feedback.value_range")
        : d.defaultRange();
    Map<String, ValueRange> ranges = new LinkedHashMap<>();
    JsonNode r = fb.path("value_ranges");
    if (r.isMissingNode()) {
      for (var e : d.valueRanges().entrySet()) {
        if (weights.containsKey(e.getKey())) {
          ranges.put(e.getKey(), e.getValue());
        }
      }
    } else {
      if (!r.isObject()) {
        throw new IllegalArgumentException("feedback.value_ranges (" + shortText(r) + ") must be a table of"
            + " TYPE = [min, max]");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
        var e = it.next();
        ranges.put(e.getKey(), range(e.getValue(), "feedback.value_ranges." + e.getKey()));
      }
    }
    return new FeedbackWeights(weights, positive, ranges, fallback);
  }

  /** {@code [min, max]}: two finite numbers, min <= max, within ±1e6. */
  private static ValueRange range(JsonNode n, String key) {
    if (!n.isArray() || n.size() != 2 || !n.get(0).isNumber() || !n.get(1).isNumber()) {
      throw new IllegalArgumentException(key + " (" + shortText(n) + ") must be [min, max], two numbers");
    }
    try {
      return new ValueRange(n.get(0).asDouble(), n.get(1).asDouble());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  /** A node as TOML-ish text for a message, quoted and cut ({@link Quote}) when it is long or odd. */
  private static String shortText(JsonNode n) {
    String t = n.toString();
    return t.length() <= 60 ? t : Quote.of(t, 60);
  }

  private static ServerConfig server(JsonNode sv) {
    ServerConfig d = DEFAULTS.server();
    if (sv.isMissingNode()) {
      return d;
    }
    onlyKeys(sv, "server.", Set.of("open_reads", "max_body_bytes", "rate_limit", "rate_burst", "api_keys",
        "retrain_every", "retrain_models", "keep_snapshots", "reload_every", "max_batch", "max_history",
        "max_query_chars", "deadline", "max_connections", "max_in_flight", "header_timeout", "min_body_rate",
        "idle_timeout", "max_pending_body_bytes", "tls_cert", "tls_key", "cors_origins", "access_log"));
    boolean openReads = d.openReads();
    if (sv.has("open_reads")) {
      if (!sv.get("open_reads").isBoolean()) {
        throw new IllegalArgumentException("server.open_reads (" + shortText(sv.get("open_reads")) + ") must be true or false");
      }
      openReads = sv.get("open_reads").asBoolean();
    }
    long maxBody = d.maxBodyBytes();
    if (sv.has("max_body_bytes")) {
      JsonNode n = sv.get("max_body_bytes");
      if (!n.isIntegralNumber() || !n.canConvertToLong()) {
        throw new IllegalArgumentException("server.max_body_bytes (" + n + ") must be an integer");
      }
      maxBody = n.asLong();
    }
    int rate = sv.has("rate_limit") ? integer(sv.get("rate_limit"), "server.rate_limit") : d.rateLimit();
    int burst = sv.has("rate_burst") ? integer(sv.get("rate_burst"), "server.rate_burst") : d.rateBurst();
    List<ServerConfig.ApiKey> keys = new ArrayList<>();
    if (sv.has("api_keys")) {
      JsonNode list = sv.get("api_keys");
      if (!list.isArray()) {
        throw new IllegalArgumentException("server.api_keys must be a list of \"name:key:scope\" strings");
      }
      for (int i = 0; i < list.size(); i++) {
        if (!list.get(i).isTextual()) {
          throw new IllegalArgumentException("server.api_keys[" + i + "] must be a \"name:key:scope\" string");
        }
        keys.add(ServerConfig.ApiKey.parse(list.get(i).asText(), "server.api_keys[" + i + "]"));
      }
    }
    ServerConfig.Limits dl = d.limits();
    ServerConfig.Limits limits = new ServerConfig.Limits(
        sv.has("max_batch") ? integer(sv.get("max_batch"), "server.max_batch") : dl.maxBatch(),
        sv.has("max_history") ? integer(sv.get("max_history"), "server.max_history") : dl.maxHistory(),
        sv.has("max_query_chars") ? integer(sv.get("max_query_chars"), "server.max_query_chars") : dl.maxQueryChars(),
        sv.has("deadline") ? duration(sv.get("deadline"), "server.deadline") : dl.deadline());
    ServerConfig.Connections dc = d.connections();
    ServerConfig.Connections connections = new ServerConfig.Connections(
        sv.has("max_connections") ? integer(sv.get("max_connections"), "server.max_connections") : dc.maxConnections(),
        sv.has("max_in_flight") ? integer(sv.get("max_in_flight"), "server.max_in_flight") : dc.maxInFlight(),
        sv.has("header_timeout") ? duration(sv.get("header_timeout"), "server.header_timeout") : dc.headerTimeout(),
        sv.has("min_body_rate") ? integer(sv.get("min_body_rate"), "server.min_body_rate") : dc.minBodyRate(),
        sv.has("idle_timeout") ? duration(sv.get("idle_timeout"), "server.idle_timeout") : dc.idleTimeout(),
        sv.has("max_pending_body_bytes") ? longInteger(sv.get("max_pending_body_bytes"), "server.max_pending_body_bytes")
            : dc.maxPendingBodyBytes());
    ServerConfig.Tls tls = new ServerConfig.Tls(
        sv.has("tls_cert") ? text(sv.get("tls_cert"), "server.tls_cert") : d.tls().cert(),
        sv.has("tls_key") ? text(sv.get("tls_key"), "server.tls_key") : d.tls().key());
    List<String> origins = new ArrayList<>();
    if (sv.has("cors_origins")) {
      JsonNode list = sv.get("cors_origins");
      if (!list.isArray()) {
        throw new IllegalArgumentException("server.cors_origins (" + list + ") must be a list of origins such as"
            + " [\"https://shop.example\"]");
      }
      for (int i = 0; i < list.size(); i++) {
        origins.add(text(list.get(i), "server.cors_origins[" + i + "]"));
      }
    }
    String accessLog = sv.has("access_log") ? text(sv.get("access_log"), "server.access_log") : d.accessLog();
    return new ServerConfig(openReads, maxBody, rate, burst, keys, limits, connections, tls, origins, accessLog);
  }

  private static Duration duration(JsonNode n, String key) {
    Duration d = RetrainConfig.parseDuration(text(n, key), key);
    if (d.isZero()) {
      throw new IllegalArgumentException(key + " (" + n + ") must be a positive duration like \"2s\" or \"500ms\"");
    }
    return d;
  }

  private static long longInteger(JsonNode n, String key) {
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new IllegalArgumentException(key + " (" + n + ") must be an integer");
    }
    return n.asLong();
  }

  private static EmbedConfig embed(JsonNode em) {
    EmbedConfig d = DEFAULTS.embed();
    if (em.isMissingNode()) {
      return d;
    }
    onlyKeys(em, "embed.", Set.of("provider", "model", "path", "pooling", "query_prefix", "base_url", "dimensions",
        "api_key_env", "rate_limit", "timeout", "template", "max_chars", "batch_size", "threads"));
    String provider = em.has("provider") ? text(em.get("provider"), "embed.provider") : d.provider();
    // the built-in default model means nothing to an endpoint or a folder: their model is named explicitly
    String model = em.has("model") ? text(em.get("model"), "embed.model")
        : provider.strip().equalsIgnoreCase(EmbedConfig.ONNX) ? d.model() : "";
    return new EmbedConfig(provider, model,
        em.has("path") ? text(em.get("path"), "embed.path") : d.path(),
        em.has("pooling") ? text(em.get("pooling"), "embed.pooling") : d.pooling(),
        em.has("query_prefix") ? text(em.get("query_prefix"), "embed.query_prefix") : d.queryPrefix(),
        em.has("base_url") ? text(em.get("base_url"), "embed.base_url") : d.baseUrl(),
        em.has("dimensions") ? integer(em.get("dimensions"), "embed.dimensions") : d.dimensions(),
        em.has("api_key_env") ? text(em.get("api_key_env"), "embed.api_key_env") : d.apiKeyEnv(),
        em.has("rate_limit") ? number(em.get("rate_limit"), "embed.rate_limit") : d.rateLimit(),
        em.has("timeout") ? duration(em.get("timeout"), "embed.timeout") : d.timeout(),
        em.has("template") ? text(em.get("template"), "embed.template") : d.template(),
        em.has("max_chars") ? integer(em.get("max_chars"), "embed.max_chars") : d.maxChars(),
        em.has("batch_size") ? integer(em.get("batch_size"), "embed.batch_size") : d.batchSize(),
        em.has("threads") ? integer(em.get("threads"), "embed.threads") : d.threads());
  }

  private static AskConfig ask(JsonNode a) {
    if (a.isMissingNode()) {
      return DEFAULTS.ask();
    }
    onlyKeys(a, "ask.", Set.of("session_ttl"));
    return new AskConfig(a.has("session_ttl")
        ? RetrainConfig.parseDuration(text(a.get("session_ttl"), "ask.session_ttl"), "ask.session_ttl")
        : DEFAULTS.ask().sessionTtl());
  }

  private static ChatConfig chat(JsonNode ch) {
    ChatConfig d = DEFAULTS.chat();
    if (ch.isMissingNode()) {
      return d;
    }
    onlyKeys(ch, "chat.", Set.of("url", "model", "api_key_env", "timeout", "intent", "explain", "rerank",
        "rerank_top_k", "rerank_budget"));
    return new ChatConfig(
        ch.has("url") ? text(ch.get("url"), "chat.url") : d.url(),
        ch.has("model") ? text(ch.get("model"), "chat.model") : d.model(),
        ch.has("api_key_env") ? text(ch.get("api_key_env"), "chat.api_key_env") : d.apiKeyEnv(),
        ch.has("timeout") ? RetrainConfig.parseDuration(text(ch.get("timeout"), "chat.timeout"), "chat.timeout")
            : d.timeout(),
        ch.has("intent") ? bool(ch.get("intent"), "chat.intent") : d.intent(),
        ch.has("explain") ? bool(ch.get("explain"), "chat.explain") : d.explain(),
        ch.has("rerank") ? bool(ch.get("rerank"), "chat.rerank") : d.rerank(),
        ch.has("rerank_top_k") ? integer(ch.get("rerank_top_k"), "chat.rerank_top_k") : d.rerankTopK(),
        ch.has("rerank_budget") ? RetrainConfig.parseDuration(text(ch.get("rerank_budget"), "chat.rerank_budget"),
            "chat.rerank_budget") : d.rerankBudget());
  }

  private static boolean bool(JsonNode n, String key) {
    if (!n.isBoolean()) {
      throw new IllegalArgumentException(key + " (" + shortText(n) + ") must be true or false");
    }
    return n.asBoolean();
  }

  /** The retraining keys of {@code [server]} (unknown keys are rejected by {@link #server}). */
  private static RetrainConfig retrain(JsonNode sv) {
    RetrainConfig d = DEFAULTS.retrain();
    if (sv.isMissingNode()) {
      return d;
    }
    List<String> retrainModels = d.models();
    if (sv.has("retrain_models")) {
      JsonNode list = sv.get("retrain_models");
      if (!list.isArray()) {
        throw new IllegalArgumentException("server.retrain_models (" + shortText(list) + ") must be a list of model names");
      }
      retrainModels = new ArrayList<>();
      for (JsonNode m : list) {
        retrainModels.add(text(m, "server.retrain_models[]"));
      }
    }
    return new RetrainConfig(
        sv.has("retrain_every") ? RetrainConfig.parseDuration(text(sv.get("retrain_every"), "server.retrain_every"),
            "server.retrain_every") : d.every(),
        retrainModels,
        sv.has("keep_snapshots") ? integer(sv.get("keep_snapshots"), "server.keep_snapshots") : d.keepSnapshots(),
        sv.has("reload_every") ? RetrainConfig.parseDuration(text(sv.get("reload_every"), "server.reload_every"),
            "server.reload_every") : d.reloadEvery());
  }

  /**
   * Sets the parameters of {@code model} in the TOML file {@code file}, keeping everything else
   * (comments, other sections, key order): each key's line in {@code [models.<model>]} is
   * rewritten, missing keys are added at the end of the section, a missing section is appended.
   * The result is parsed and validated before it replaces the file (atomically).
   *
   * @throws IllegalArgumentException if the new configuration would be invalid (the file is then unchanged)
   */
  public static void writeModelParams(Path file, String model, Map<String, String> params) throws IOException {
    ModelTypes.bind(ModelTypes.byName(model).parameters().parse(params));
    List<String> lines = new ArrayList<>(Files.exists(file) ? Files.readAllLines(file) : List.of());
    String header = "[models." + model + "]";
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(header)) {
        start = i;
        break;
      }
    }
    if (start < 0) {
      if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
        lines.add("");
      }
      lines.add(header);
      start = lines.size() - 1;
    }
    int end = start + 1;
    while (end < lines.size() && !lines.get(end).strip().startsWith("[")) {
      end++;
    }
    Map<String, String> remaining = new LinkedHashMap<>(params);
    for (int i = start + 1; i < end; i++) {
      String line = lines.get(i).strip();
      int eq = line.indexOf('=');
      if (line.startsWith("#") || eq < 0) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      if (remaining.containsKey(key)) {
        lines.set(i, key + " = " + tomlValue(remaining.remove(key)));
      }
    }
    int insertAt = end;
    while (insertAt > start + 1 && lines.get(insertAt - 1).isBlank()) {
      insertAt--;
    }
    for (var e : remaining.entrySet()) {
      lines.add(insertAt++, e.getKey() + " = " + tomlValue(e.getValue()));
    }
    String text = String.join("\n", lines) + "\n";
    parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), file.toString());
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "tandem", ".toml.tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** A parameter value as TOML: numbers and booleans bare, anything else quoted. */
  private static String tomlValue(String v) {
    if (v.matches("-?\\d+") || v.matches("-?\\d*\\.\\d+([eE][-+]?\\d+)?|-?\\d+[eE][-+]?\\d+|-?\\d+\\.\\d*") || v.equals("true")
        || v.equals("false")) {
      return v;
    }
    return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Model parameters; dotted TOML keys (a fused model's {@code ease.lambda = 300}) become "ease.lambda". */
  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    for (Iterator<Map.Entry<String, JsonNode>> kv = node.fields(); kv.hasNext(); ) {
      var k = kv.next();
      if (k.getValue().isObject()) {
        flatten(prefix + k.getKey() + ".", k.getValue(), out);
      } else {
        out.put(prefix + k.getKey(), k.getValue().asText());
      }
    }
  }

  private static void onlyKeys(JsonNode node, String prefix, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException("unknown key " + prefix + k + "; expected one of " + new TreeSet<>(allowed));
      }
    }
  }

  private static String text(JsonNode n, String key) {
    if (!n.isTextual()) {
      throw new IllegalArgumentException(key + " (" + shortText(n) + ") must be a string");
    }
    return n.asText();
  }

  private static int integer(JsonNode n, String key) {
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new IllegalArgumentException(key + " (" + shortText(n) + ") must be an integer");
    }
    return n.asInt();
  }

  private static double number(JsonNode n, String key) {
    if (!n.isNumber()) {
      throw new IllegalArgumentException(key + " (" + shortText(n) + ") must be a number");
    }
    return n.asDouble();
  }
}

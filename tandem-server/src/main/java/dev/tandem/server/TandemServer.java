package dev.tandem.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.User;
import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.engine.AskItem;
import dev.tandem.engine.AskResult;
import dev.tandem.engine.Conversation;
import dev.tandem.engine.Deadline;
import dev.tandem.engine.RecommendOptions;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Recommendation;
import dev.tandem.engine.RetrainConfig;
import dev.tandem.engine.SnapshotInfo;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import dev.tandem.engine.TrainReport;
import dev.tandem.store.StoreUnavailableException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The Tandem REST API over one open {@link Tandem} home: catalogue, users and feedback writes,
 * recommendations from the history in the store (a write changes the next answer without
 * retraining), similar items, health, admin routes for training in the background
 * ({@link Retrainer}: on demand, on a schedule) and listing snapshots, and an OpenAPI document
 * generated from the same route table that registers the handlers.
 *
 * <p>Every route declares its {@link Access}; the {@link Guard} checks the bearer key, its scope,
 * the per-key rate limit and the body size ({@code [server]} in {@code tandem.toml}) before the
 * handler runs. {@code GET /metrics} serves Prometheus metrics ({@link ServerMetrics}).
 *
 * {@snippet :
 * try (Tandem tandem = Tandem.open(home); TandemServer server = TandemServer.start(tandem, "127.0.0.1", 8080)) {
 *   server.join();
 * }
 * }
 */
public final class TandemServer implements AutoCloseable {
  /** Largest page or list size a request may ask for. */
  public static final int MAX_LIMIT = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FEEDBACK_FIELDS = Set.of("user", "item", "type", "value", "ts");
  private static final Set<String> HISTORY_FIELDS = Set.of("item", "type", "value", "ts");

  private final Tandem tandem;
  private final ServerConfig config;
  private final List<Endpoint> endpoints;
  /** {@link #endpoints} plus the HEAD and OPTIONS routes derived from them: everything registered. */
  private final List<Endpoint> routes;
  private final ServerMetrics metrics;
  private final Guard guard;
  private final JsonBody json;
  private final Intake intake;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TandemServer.class);
  private final List<String> registered = Collections.synchronizedList(new ArrayList<>());
  private final Retrainer retrainer;
  private final Conversation conversation;
  private volatile dev.tandem.llm.intent.IntentParser parser;
  private Javalin app;

  private TandemServer(Tandem tandem, ServerConfig config, LongSupplier nanoClock) {
    this.tandem = tandem;
    this.config = config;
    this.retrainer = Retrainer.start(tandem, tandem.config().retrain());
    this.conversation = Conversation.of(tandem);
    this.endpoints = List.of(
        new Endpoint(HandlerType.GET, "/health", "Snapshot version, models and the last training facts", this::health,
            Access.OPEN, 0),
        new Endpoint(HandlerType.GET, "/openapi.json", "This API as an OpenAPI 3 document", this::openApi, Access.OPEN,
            0),
        new Endpoint(HandlerType.GET, "/metrics", "Prometheus metrics: request rates, latencies, errors, model age",
            this::metrics, Access.READ, 1),
        new Endpoint(HandlerType.POST, "/items", "Insert or replace items (JSON array)", this::upsertItems, Access.WRITE,
            10),
        new Endpoint(HandlerType.GET, "/items", "A page of items (offset, limit, category)", this::listItems, Access.READ,
            2),
        new Endpoint(HandlerType.GET, "/items/{id}", "One item", this::getItem, Access.READ, 1),
        new Endpoint(HandlerType.DELETE, "/items/{id}", "Delete an item and its feedback", this::deleteItem,
            Access.WRITE, 2),
        new Endpoint(HandlerType.GET, "/items/{id}/similar", "Items similar to an item (n, model, category)",
            this::similar, Access.READ, 4),
        new Endpoint(HandlerType.POST, "/users", "Insert or replace users (JSON array)", this::upsertUsers, Access.WRITE,
            2),
        new Endpoint(HandlerType.GET, "/users/{id}", "One user with the size of their history", this::getUser,
            Access.READ, 1),
        new Endpoint(HandlerType.DELETE, "/users/{id}", "Delete a user and erase their feedback", this::deleteUser,
            Access.WRITE, 2),
        new Endpoint(HandlerType.POST, "/feedback", "Append feedback events (JSON array); valid ones are committed",
            this::feedback, Access.WRITE, 2),
        new Endpoint(HandlerType.GET, "/recommend/{user}", "Recommendations from the user's stored history"
            + " (n, model, category, explain, lang)", this::recommendUser, Access.READ, 4),
        new Endpoint(HandlerType.POST, "/recommend", "Recommendations for an anonymous history and/or profile text",
            this::recommendAnonymous, Access.READ, 8),
        new Endpoint(HandlerType.POST, "/ask", "A natural-language request {user?, session?, query, n?}: the parsed"
            + " intent and items; continues a conversation by session id; a write key records the feedback it implies",
            this::ask, Access.READ, 20),
        new Endpoint(HandlerType.GET, "/ask/sessions/{id}", "A conversation's state in force (goal, query, include,"
            + " exclude, ranges, liked, unwanted, shown; user must match the session's owner)", this::getSession,
            Access.READ, 1),
        new Endpoint(HandlerType.DELETE, "/ask/sessions/{id}", "End a conversation now (user, if sent, must match"
            + " the session's owner)", this::deleteSession, Access.WRITE, 1),
        new Endpoint(HandlerType.POST, "/admin/train", "Queue a training run in the background (optional body"
            + " {models, params}); 202 with the job, or 200 with the job already queued or running", this::train,
            Access.ADMIN, 50),
        new Endpoint(HandlerType.GET, "/admin/train", "The training job queued or running, else the last finished one",
            this::lastJob, Access.ADMIN, 1),
        new Endpoint(HandlerType.GET, "/admin/train/{id}", "One training job by id (the last 50 are kept)",
            this::job, Access.ADMIN, 1),
        new Endpoint(HandlerType.GET, "/admin/snapshots", "Snapshot files: version, createdAt, bytes, models, serving",
            this::snapshotList, Access.ADMIN, 1));
    this.routes = withHeadAndOptions(endpoints);
    this.metrics = new ServerMetrics(routes);
    this.guard = new Guard(config, nanoClock);
    this.json = new JsonBody(config.maxBodyBytes(), 64L * config.limits().maxHistory() + 4096,
        config.limits().maxBatch());
    this.intake = new Intake(config, guard::mayReceive);
  }

  /**
   * One route: method, path (Javalin and OpenAPI syntax, {@code {name}}), summary, handler, what it
   * needs from the caller, and its cost: the tokens it takes from the caller's rate-limit bucket
   * ({@code server.rate_limit} per second), about its work relative to {@code GET /items/{id}} (1):
   * an {@code /ask} costs 20, a recommendation 4 to 8, a training run 50. Open routes cost nothing.
   */
  record Endpoint(HandlerType method, String path, String summary, Handler handler, Access access, int cost) {
    Endpoint {
      if (cost < 0) {
        throw new IllegalArgumentException("cost (" + cost + ") must be >= 0");
      }
    }
  }

  /**
   * {@code endpoints} plus, for every GET route, the same route for HEAD (same status and headers,
   * no body), and for every path an OPTIONS route answering 204 with {@code Allow}.
   */
  private List<Endpoint> withHeadAndOptions(List<Endpoint> endpoints) {
    List<Endpoint> all = new ArrayList<>(endpoints);
    Map<String, List<String>> methods = new LinkedHashMap<>();
    for (Endpoint e : endpoints) {
      List<String> m = methods.computeIfAbsent(e.path(), p -> new ArrayList<>());
      m.add(e.method().name());
      if (e.method() == HandlerType.GET) {
        all.add(new Endpoint(HandlerType.HEAD, e.path(), e.summary() + " (headers only)", e.handler(), e.access(),
            e.cost()));
        m.add("HEAD");
      }
    }
    methods.forEach((path, m) -> {
      m.add("OPTIONS");
      String allow = String.join(", ", m);
      all.add(new Endpoint(HandlerType.OPTIONS, path, "The methods of " + path + " (Allow)",
          ctx -> ctx.status(204).header("Allow", allow), Access.OPEN, 0));
    });
    return List.copyOf(all);
  }

  /**
   * Starts serving {@code tandem} on {@code host}:{@code port} (0 picks a free port) with the
   * home's {@code [server]} configuration plus the keys of the {@code TANDEM_API_KEYS}
   * environment variable. Training runs in the background as {@code [server]}'s retraining keys say
   * ({@link dev.tandem.engine.TandemConfig#retrain()}, {@link Retrainer}).
   *
   * @throws IllegalArgumentException if the port is outside 0..65535 or TANDEM_API_KEYS is invalid
   */
  public static TandemServer start(Tandem tandem, String host, int port) {
    return start(tandem, host, port, tandem.config().server().withEnv(System.getenv()));
  }

  /**
   * Starts serving {@code tandem} on {@code host}:{@code port} (0 picks a free port) with
   * {@code server} as the keys and limits. With no key configured every route but the open ones
   * answers 401 (read routes too unless {@code open_reads}); {@code tandem serve} refuses to start
   * in that case.
   *
   * @throws IllegalArgumentException if the port is outside 0..65535
   */
  public static TandemServer start(Tandem tandem, String host, int port, ServerConfig server) {
    return start(tandem, host, port, server, System::nanoTime);
  }

  /** As {@link #start(Tandem, String, int, ServerConfig)}, with the rate limiter's clock given (tests). */
  static TandemServer start(Tandem tandem, String host, int port, ServerConfig server, LongSupplier nanoClock) {
    requirePort(port);
    TandemServer s = new TandemServer(tandem, server, nanoClock);
    ServerConfig.Connections limits = server.connections();
    s.app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.http.maxRequestSize = server.maxBodyBytes();
      config.http.prefer405over404 = true;
      config.requestLogger.http(s.metrics::request);
      config.events(ev -> ev.handlerAdded(meta -> {
        if (meta.getHttpMethod().isHttpMethod()) {
          s.registered.add(meta.getHttpMethod().name() + " " + meta.getPath());
        }
      }));
      config.jetty.modifyHttpConfiguration(http -> {
        http.setIdleTimeout(limits.idleTimeout().toMillis());
        http.setMinRequestDataRate(limits.minBodyRate()); // bodies the routes read themselves (none by default)
        http.setMinResponseDataRate(limits.minBodyRate()); // a client that does not read its answer frees the thread
      });
      config.jetty.addConnector((jetty, http) -> Transport.connector(jetty, http, host, port, server.tls(), s.intake,
          limits.idleTimeout().toMillis()));
      config.jetty.modifyServer(jetty -> {
        jetty.addBean(new org.eclipse.jetty.server.ConnectionLimit(limits.maxConnections(), jetty));
        jetty.setErrorHandler(new Transport.JsonErrors());
      });
      config.jetty.modifyServletContextHandler(context -> {
        context.addFilter(new org.eclipse.jetty.servlet.FilterHolder(s.intake), "/*",
            java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ASYNC));
        context.setErrorHandler(new Transport.JsonErrors());
      });
      if (!server.corsOrigins().isEmpty()) {
        config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
          for (String origin : server.corsOrigins()) {
            if (origin.equals("*")) {
              rule.anyHost();
            } else {
              rule.allowHost(origin);
            }
          }
          rule.exposeHeader("Retry-After");
          rule.maxAge = 600;
        }));
      }
    });
    s.app.before(ctx -> ctx.header("X-Content-Type-Options", "nosniff"));
    s.app.beforeMatched(s.guard);
    for (Endpoint e : s.routes) {
      s.app.addHttpHandler(e.method(), e.path(), e.handler(), e.access(), new Cost(e.cost()));
    }
    s.app.exception(HttpResponseException.class, (e, ctx) -> {
      String allowed = e.getDetails().get("availableMethods");
      if (e.getStatus() == 405 && allowed != null) {
        ctx.header("Allow", allowed);
        s.error(ctx, 405, "", ctx.method().name() + " " + Values.quoteText(ctx.path()) + " is not allowed; allowed: "
            + allowed);
      } else {
        s.error(ctx, e.getStatus(), "", e.getMessage());
      }
    });
    s.app.exception(ApiError.class, (e, ctx) -> {
      if (e.retryAfterSeconds() > 0) {
        ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
      }
      s.error(ctx, e.status(), e.field(), e.getMessage());
    });
    s.app.exception(Deadline.DeadlineExceededException.class, (e, ctx) -> {
      ctx.header("Retry-After", "1");
      s.error(ctx, 503, "", e.getMessage());
    });
    s.app.exception(IllegalArgumentException.class, (e, ctx) -> s.error(ctx, 400, "", e.getMessage()));
    s.app.exception(IllegalStateException.class, (e, ctx) -> s.error(ctx, 503, "", e.getMessage()));
    s.app.exception(Exception.class, (e, ctx) -> {
      if (StoreUnavailableException.isUnavailable(e)) { // by type, also when wrapped: the database is unreachable
        s.storeUnavailable(ctx, e);
        return;
      }
      LOG.error("{} {} failed", ctx.method(), Values.quoteText(ctx.path()), e);
      s.error(ctx, 500, "", e.getClass().getSimpleName() + ": " + e.getMessage());
    });
    try {
      s.app.start();
    } catch (RuntimeException e) {
      s.metrics.close();
      s.intake.close();
      s.retrainer.close(0);
      throw e;
    }
    return s;
  }

  /**
   * Checks a port number before anything is opened.
   *
   * @throws IllegalArgumentException if the port is outside 0..65535
   */
  public static void requirePort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port (" + port + ") must be in 0..65535");
    }
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  /** The routes Javalin registered, as {@code "GET /items/{id}"}, in registration order. */
  public List<String> registeredRoutes() {
    synchronized (registered) {
      return List.copyOf(registered);
    }
  }

  /** Records a training run done outside the server (e.g. before it started) so that {@code /health} reports it. */
  public void trained(TrainReport report) {
    retrainer.recordExternal(report);
  }

  /** How requests come in: bodies being received, requests in flight, what was turned away. */
  Intake intake() {
    return intake;
  }

  /** The background trainer: on-demand and scheduled jobs. */
  public Retrainer retrainer() {
    return retrainer;
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    app.jettyServer().server().join();
  }

  /** The keys and limits this server runs with (keys redacted in its text form). */
  public ServerConfig serverConfig() {
    return config;
  }

  /**
   * Stops the server, its metrics and the retrainer (which lets a running training job finish;
   * the home stays open).
   */
  @Override
  public void close() {
    try {
      app.stop();
      metrics.close();
      intake.close();
    } finally {
      retrainer.close();
    }
  }

  /** Seconds a client is told to wait when the store is unreachable (the pool reconnects in the background). */
  static final long STORE_RETRY_AFTER_SECONDS = 2;

  /**
   * 503 with {@code Retry-After} for a request that failed because the store is unreachable
   * ({@link StoreUnavailableException}): nothing about the request is wrong, and a write that got
   * this was not acknowledged (retrying it is safe: writes are idempotent). Logged at WARN without
   * a stack trace, once per failure.
   */
  private void storeUnavailable(Context ctx, Exception e) {
    String why = storeFailure(e);
    LOG.warn("{} {}: the store is unreachable ({}); answered 503", ctx.method(), Values.quoteText(ctx.path()), why);
    ctx.header("Retry-After", Long.toString(STORE_RETRY_AFTER_SECONDS));
    error(ctx, 503, "", "the store is unreachable (" + why + "); nothing was changed by this request unless it"
        + " said so; retry after " + STORE_RETRY_AFTER_SECONDS + " s");
  }

  /** The message of the first {@link StoreUnavailableException} in {@code e}'s chain (else {@code e}'s). */
  private static String storeFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StoreUnavailableException) {
        return t.getMessage();
      }
    }
    return e.getMessage();
  }

  // ---- handlers ----------------------------------------------------------------------------

  private void health(Context ctx) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    Optional<Retrainer.Job> last = retrainer.lastFinished();
    boolean failed = last.isPresent() && last.get().state() == Retrainer.State.FAILED;
    List<String> problems = new ArrayList<>();
    if (failed) {
      problems.add("training job " + last.get().id() + " failed (" + Values.quoteText(String.valueOf(last.get().error()))
          + "); the previous snapshot serves");
    }
    tandem.servingProblem().ifPresent(problems::add);
    Object items = null;
    Object users = null;
    Object feedback = null;
    String store = "ok";
    try {
      items = tandem.store().items().count();
      users = tandem.store().users().count();
      feedback = tandem.store().feedback().count();
    } catch (StoreUnavailableException e) {
      // the server still answers (reads from its caches, /health itself): degraded, counts unknown
      store = "unreachable";
      problems.add("the store is unreachable (" + e.getMessage() + "); writes are refused with 503 until it is back");
    }
    out.put("status", problems.isEmpty() ? "ok" : "degraded");
    out.put("problems", problems);
    out.put("store", store);
    out.put("items", items);
    out.put("users", users);
    out.put("feedback", feedback);
    Optional<ModelSnapshot> snap = tandem.snapshots().latest().isPresent()
        ? Optional.of(tandem.snapshotHeader()) : Optional.empty();
    if (snap.isPresent()) {
      ModelSnapshot h = snap.get();
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("version", h.version());
      s.put("createdAtMillis", h.createdAtMillis());
      s.put("models", new ArrayList<>(h.params().keySet()));
      s.put("training", h.info());
      out.put("snapshot", s);
    } else {
      out.put("snapshot", null);
    }
    if (last.isPresent()) {
      Map<String, Object> t = jobJson(last.get());
      t.put("at", t.get("finishedAt"));
      out.put("lastTraining", t);
    }
    out.put("training", retrainer.active().map(TandemServer::jobJson).orElse(null));
    out.put("retrainEvery", RetrainConfig.format(retrainer.config().every()));
    send(ctx, 200, out);
  }

  // ---- admin ---------------------------------------------------------------------------------

  private void train(Context ctx) {
    TrainOptions options = trainOptions(guard.body(ctx));
    Retrainer.Submitted s = retrainer.submit(options, "api");
    send(ctx, s.created() ? 202 : 200, jobJson(s.job()));
  }

  /** The body of {@code POST /admin/train}: empty, or {models:[...], params:{model:{key:value}}}, validated. */
  private TrainOptions trainOptions(byte[] body) {
    List<String> models = tandem.config().retrain().models();
    Map<String, Map<String, String>> params = new LinkedHashMap<>();
    if (!new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      JsonNode n = json.value(body);
      JsonFields.requireObject(n, "");
      JsonFields.onlyKnown(n, "", Set.of("models", "params"));
      if (n.has("models") && !n.get("models").isNull()) {
        models = JsonFields.stringList(n, "models", "");
        for (int i = 0; i < models.size(); i++) {
          try {
            ModelTypes.byName(models.get(i));
          } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("models[" + i + "]", e.getMessage());
          }
        }
      }
      JsonNode p = n.get("params");
      if (p != null && !p.isNull()) {
        if (!p.isObject()) {
          throw ApiError.badRequest("params", "got " + Values.quote(p) + "; expected an object {model: {key: value}}");
        }
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) p::fields) {
          if (!e.getValue().isObject()) {
            throw ApiError.badRequest("params." + Values.quoteText(e.getKey()), "got " + Values.quote(e.getValue())
                + "; expected an object {key: value}");
          }
          Map<String, String> kv = new LinkedHashMap<>();
          for (var f : (Iterable<Map.Entry<String, JsonNode>>) e.getValue()::fields) {
            if (!f.getValue().isValueNode() || f.getValue().isNull()) {
              throw ApiError.badRequest("params." + Values.quoteText(e.getKey()) + "." + Values.quoteText(f.getKey()),
                  "got " + Values.quote(f.getValue())
                  + "; expected a string, number or boolean");
            }
            kv.put(f.getKey(), f.getValue().asText());
          }
          params.put(e.getKey(), kv);
        }
      }
    }
    TrainOptions options;
    try {
      options = new TrainOptions(models, TrainOptions.parseParams(params), (m, s) -> {});
      tandem.trainParams(options); // the CLI's validation, before anything is queued
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("params", e.getMessage());
    }
    return options;
  }

  private void lastJob(Context ctx) {
    Retrainer.Job job = retrainer.active().or(retrainer::lastFinished)
        .orElseThrow(() -> new ApiError(404, "", "no training job yet; POST /admin/train starts one"));
    send(ctx, 200, jobJson(job));
  }

  private void job(Context ctx) {
    String id = ctx.pathParam("id");
    long n;
    try {
      n = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("id", "got '" + id + "'; expected a job number");
    }
    send(ctx, 200, jobJson(retrainer.job(n).orElseThrow(() -> ApiError.notFound("training job", id))));
  }

  private void snapshotList(Context ctx) throws IOException {
    List<Map<String, Object>> list = new ArrayList<>();
    for (SnapshotInfo i : tandem.snapshotList()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("version", i.version());
      m.put("createdAt", java.time.Instant.ofEpochMilli(i.createdAtMillis()).toString());
      m.put("bytes", i.bytes());
      m.put("models", i.models());
      m.put("serving", i.serving());
      list.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("serving", tandem.servingVersion().isPresent() ? tandem.servingVersion().getAsLong() : null);
    out.put("keep", tandem.snapshots().keep());
    out.put("snapshots", list);
    send(ctx, 200, out);
  }

  static Map<String, Object> jobJson(Retrainer.Job j) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", j.id());
    m.put("state", j.state().json());
    m.put("trigger", j.trigger());
    m.put("models", j.models());
    m.put("queuedAt", j.queuedAt().toString());
    m.put("startedAt", j.startedAt() == null ? null : j.startedAt().toString());
    m.put("finishedAt", j.finishedAt() == null ? null : j.finishedAt().toString());
    m.put("version", j.report() == null ? null : j.version());
    m.put("error", j.error());
    if (j.report() != null) {
      TrainReport r = j.report();
      m.put("users", r.users());
      m.put("items", r.items());
      m.put("interactions", r.interactions());
      m.put("fitSeconds", r.fitSeconds());
      Map<String, Object> invalid = new LinkedHashMap<>(); // events training skipped (tandem doctor lists them)
      invalid.put("invalid", r.invalid().invalid());
      invalid.put("counts", r.invalid().counts());
      invalid.put("sampleIds", r.invalid().sampleIds());
      m.put("invalidEvents", invalid);
    }
    return m;
  }

  private void openApi(Context ctx) {
    send(ctx, 200, OpenApiDocument.of(routes, config.openReads()));
  }

  private void metrics(Context ctx) {
    double version = Double.NaN;
    double created = Double.NaN;
    try {
      if (tandem.snapshots().latest().isPresent()) {
        ModelSnapshot h = tandem.snapshotHeader();
        version = h.version();
        created = h.createdAtMillis();
      }
    } catch (IOException | RuntimeException e) {
      // no readable snapshot: the gauges show NaN
    }
    metrics.snapshot(version, created);
    ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }

  private void upsertItems(Context ctx) {
    List<Item> items = readItems(json, guard.body(ctx));
    int created = tandem.store().items().upsert(items);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("upserted", items.size());
    out.put("created", created);
    try { // committed above: a failing overlay update must not turn the acknowledged write into an error
      out.put("fresh", tandem.itemsUpserted(items));
    } catch (RuntimeException | IOException e) {
      out.put("fresh", 0);
      out.put("freshError", e.getMessage());
    }
    send(ctx, 200, out);
  }

  private void listItems(Context ctx) {
    int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = intParam(ctx, "limit", 50, 1, MAX_LIMIT);
    String category = QueryParams.category(ctx.queryParam("category"));
    List<Map<String, Object>> page = new ArrayList<>();
    int total;
    if (category.isEmpty()) {
      for (Item it : tandem.store().items().list(offset, limit)) {
        page.add(itemJson(it));
      }
      total = tandem.store().items().count();
    } else {
      int[] seen = {0};
      tandem.store().items().forEach(it -> {
        if (inCategory(it, category)) {
          if (seen[0] >= offset && page.size() < limit) {
            page.add(itemJson(it));
          }
          seen[0]++;
        }
      });
      total = seen[0];
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("offset", offset);
    out.put("limit", limit);
    out.put("total", total);
    out.put("items", page);
    send(ctx, 200, out);
  }

  private static boolean inCategory(Item it, String category) {
    for (String c : it.categories()) {
      if (c.equalsIgnoreCase(category)) {
        return true;
      }
    }
    for (String t : it.tags()) {
      if (t.equalsIgnoreCase(category)) {
        return true;
      }
    }
    return false;
  }

  private void getItem(Context ctx) {
    String id = ctx.pathParam("id");
    Item it = tandem.store().items().get(id).orElseThrow(() -> ApiError.notFound("item", id));
    send(ctx, 200, itemJson(it));
  }

  private void deleteItem(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    if (!tandem.store().items().delete(id)) {
      throw ApiError.notFound("item", id);
    }
    tandem.itemsDeleted(List.of(id));
    send(ctx, 200, Map.of("deleted", id));
  }

  private void similar(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    if (tandem.store().items().get(id).isEmpty()) {
      throw ApiError.notFound("item", id);
    }
    RecommendResult r = tandem.similar(id, options(ctx));
    send(ctx, 200, resultJson(r, false));
  }

  private void upsertUsers(Context ctx) {
    List<User> users = readUsers(json, guard.body(ctx));
    int created = tandem.store().users().upsert(users);
    send(ctx, 200, Map.of("upserted", users.size(), "created", created));
  }

  private void getUser(Context ctx) {
    String id = ctx.pathParam("id");
    User u = tandem.store().users().get(id).orElseThrow(() -> ApiError.notFound("user", id));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", u.id());
    out.put("attributes", attributesJson(u.attributes()));
    out.put("profile", u.profile());
    out.put("feedbackEvents", tandem.store().feedback().countOf(id));
    send(ctx, 200, out);
  }

  private void deleteUser(Context ctx) {
    String id = ctx.pathParam("id");
    if (!tandem.store().users().delete(id)) {
      throw ApiError.notFound("user", id);
    }
    send(ctx, 200, Map.of("deleted", id));
  }

  private void feedback(Context ctx) {
    List<Feedback> accepted = new ArrayList<>();
    List<Map<String, Object>> rejected = new ArrayList<>();
    readFeedback(json, guard.body(ctx), tandem.config().feedback(), System.currentTimeMillis() / 1000, accepted,
        rejected);
    if (!accepted.isEmpty()) {
      tandem.store().feedback().append(accepted); // committed before the response
    }
    metrics.feedback(accepted.size(), rejected.size());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accepted", accepted.size());
    out.put("rejected", rejected);
    send(ctx, 200, out);
  }

  /** One event (see {@link JsonFields#event}), its timestamp defaulting to now. */
  private Feedback event(JsonNode n, String path, String user) {
    return JsonFields.event(n, path, user, tandem.config().feedback(), System.currentTimeMillis() / 1000);
  }

  private void recommendUser(Context ctx) throws IOException {
    String user = ctx.pathParam("user");
    if (tandem.store().users().get(user).isEmpty()) {
      throw ApiError.notFound("user", user);
    }
    boolean explain = boolParam(ctx, "explain");
    dev.tandem.llm.explain.Language lang = QueryParams.lang(ctx.queryParam("lang"));
    RecommendOptions options = options(ctx);
    RecommendResult r = tandem.recommend(user, options);
    if (explain) {
      options.deadline().check("explaining");
      r = tandem.explain(r, tandem.historyOf(user), lang, List.of(), options.deadline());
    }
    send(ctx, 200, resultJson(r, explain));
  }

  private void recommendAnonymous(Context ctx) throws IOException {
    JsonNode body = json.value(guard.body(ctx));
    JsonFields.requireObject(body, "");
    JsonFields.onlyKnown(body, "", Set.of("history", "profile", "n", "model", "category", "explain", "lang"));
    JsonNode hist = body.get("history");
    List<Feedback> events = new ArrayList<>();
    if (hist != null && !hist.isNull()) {
      if (!hist.isArray()) {
        throw ApiError.badRequest("history", "got " + Values.quote(hist) + "; expected an array of {item, type|value, ts}");
      }
      int max = config.limits().maxHistory();
      if (hist.size() > max) {
        throw ApiError.badRequest("history", "has " + hist.size() + " events; expected at most " + max
            + " (server.max_history): send the most recent ones");
      }
      for (int i = 0; i < hist.size(); i++) {
        String p = "history[" + i + "].";
        JsonFields.requireObject(hist.get(i), "history[" + i + "]");
        JsonFields.onlyKnown(hist.get(i), p, HISTORY_FIELDS);
        events.add(event(hist.get(i), p, "anonymous"));
      }
    }
    String profile = boundedText(JsonFields.optionalText(body, "profile", "", ""), "profile");
    int n = count(body);
    String model = JsonFields.optionalText(body, "model", "", "");
    String category = JsonFields.optionalText(body, "category", "", "");
    boolean explain = JsonFields.optionalBoolean(body, "explain", "", false);
    dev.tandem.llm.explain.Language lang = QueryParams.lang(JsonFields.optionalText(body, "lang", "", ""));
    if (events.isEmpty() && profile.isBlank()) {
      throw ApiError.badRequest("history", "empty and no profile; expected at least one event or a profile text");
    }
    events.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
    Deadline deadline = deadline(ctx);
    RecommendResult r = tandem.recommend(events, profile, new RecommendOptions(n, checkModel(model), category)
        .withDeadline(deadline));
    if (explain) {
      deadline.check("explaining");
      dev.tandem.core.data.History h = tandem.historyOf(events);
      r = tandem.explain(r, profile.isBlank() ? h : h.withProfile(tandem.profile(profile)), lang, List.of(), deadline);
    }
    send(ctx, 200, resultJson(r, explain));
  }

  private void ask(Context ctx) throws IOException {
    JsonNode body = json.value(guard.body(ctx));
    JsonFields.requireObject(body, "");
    JsonFields.onlyKnown(body, "", Set.of("user", "session", "query", "n"));
    String query = boundedText(JsonFields.optionalText(body, "query", "", ""), "query");
    if (query.isBlank()) {
      throw ApiError.badRequest("query", "missing or blank; expected the request in words, e.g. \"cosy mysteries,"
          + " nothing too dark\"");
    }
    int n = count(body);
    String user = JsonFields.optionalText(body, "user", "", "").strip();
    if (!user.isEmpty() && tandem.store().users().get(user).isEmpty()) {
      throw ApiError.notFound("user", user);
    }
    String session = JsonFields.optionalText(body, "session", "", "").strip();
    boolean mayWrite = Guard.keyIncludes(ctx, ServerConfig.Scope.WRITE);
    Deadline deadline = deadline(ctx);
    Conversation.Turn turn;
    try {
      dev.tandem.llm.intent.IntentParser p = parser;
      turn = conversation.ask(tandem, p == null ? tandem.intentParser() : p, session, user, query, n, mayWrite,
          deadline);
    } catch (java.util.NoSuchElementException e) {
      throw new ApiError(404, "session", e.getMessage());
    } catch (java.util.ConcurrentModificationException e) {
      throw new ApiError(409, "session", e.getMessage());
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("user (")) {
        throw ApiError.badRequest("user", e.getMessage());
      }
      throw e;
    }
    if (!turn.recorded().isEmpty()) {
      metrics.feedback(turn.recorded().size(), 0);
    }
    Map<String, Object> out = askJson(turn, mayWrite);
    deadline.check("explaining");
    explainAsk(out, tandem.explain(turn.result(), user, deadline));
    send(ctx, 200, out);
  }

  /** Tests: answers {@code POST /ask} with {@code p} instead of the home's configured parser. */
  TandemServer useParser(dev.tandem.llm.intent.IntentParser p) {
    this.parser = p;
    return this;
  }

  /** The live session of the path, its owner checked against the {@code user} query parameter. */
  private Conversation.Live liveSession(Context ctx) {
    String id = ctx.pathParam("id");
    Conversation.Live live;
    try {
      live = conversation.live(id).orElseThrow(() -> new ApiError(404, "session", "session (" + id
          + ") is unknown or expired (sessions live " + conversation.ttlMillis() / 1000 + " s after their last turn)"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("id", e.getMessage());
    }
    String user = Optional.ofNullable(ctx.queryParam("user")).orElse("").strip();
    if (!live.user().isEmpty() && !live.user().equals(user)) {
      throw ApiError.badRequest("user", "user (" + user + ") does not match the user of session " + id);
    }
    return live;
  }

  private void getSession(Context ctx) {
    send(ctx, 200, sessionJson(liveSession(ctx)));
  }

  private void deleteSession(Context ctx) {
    Conversation.Live live = liveSession(ctx);
    if (!conversation.delete(live.id())) {
      throw new ApiError(404, "session", "session (" + live.id() + ") is unknown or expired");
    }
    send(ctx, 200, Map.of("deleted", live.id()));
  }

  /**
   * A stored conversation as {@code GET /ask/sessions/{id}} shows it: id, user, goal (null before
   * the first turn), query, include, exclude, ranges ({attribute, min, max}, null for an open side),
   * liked, unwanted, shown, lastTurn and expires (epoch milliseconds).
   */
  static Map<String, Object> sessionJson(Conversation.Live live) {
    dev.tandem.engine.Session s = live.session();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", live.id());
    m.put("user", live.user());
    m.put("goal", s.goal() == null ? null : s.goal().json());
    m.put("query", s.query());
    m.put("include", s.include());
    m.put("exclude", s.exclude());
    m.put("ranges", rangesJson(s.ranges()));
    m.put("liked", s.liked());
    m.put("unwanted", s.unwanted());
    m.put("shown", s.shown());
    m.put("lastTurn", live.lastTurnMillis());
    m.put("expires", live.expiresMillis());
    return m;
  }

  /** Adds each item's explanation (sentence, source, cited history items, matched terms) and the intro. */
  @SuppressWarnings("unchecked")
  public static void explainAsk(Map<String, Object> out, RecommendResult explained) {
    List<Map<String, Object>> items = (List<Map<String, Object>>) out.get("items");
    for (int i = 0; i < items.size(); i++) {
      dev.tandem.engine.Explanation x = explained.items().get(i).explanation();
      items.get(i).put("because", becauseJson(x));
      items.get(i).put("matchedTerms", x.matchedTerms());
      items.get(i).put("explanation", x.sentence());
      items.get(i).put("explanationSource", x.source().json());
    }
    out.put("intro", explained.intro());
  }

  /** The body of a {@code POST /ask} answer. */
  public static Map<String, Object> askJson(Conversation.Turn turn, boolean mayWrite) {
    AskResult r = turn.result();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("session", turn.sessionId());
    out.put("intent", intentJson(r.intent(), r));
    out.put("intentSource", r.intentSource());
    if (!r.intentProblems().isEmpty()) {
      out.put("intentProblems", r.intentProblems());
    }
    Map<String, Object> eff = new LinkedHashMap<>();
    eff.put("goal", r.effective().goal().json());
    eff.put("include", r.effective().include());
    eff.put("exclude", r.effective().exclude());
    eff.put("prefer", r.effective().prefer());
    eff.put("ranges", rangesJson(r.effective().ranges()));
    eff.put("query", r.effective().query());
    out.put("constraints", eff);
    List<Map<String, Object>> items = new ArrayList<>();
    for (AskItem it : r.items()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("item", it.itemId());
      m.put("title", it.title());
      m.put("score", it.score());
      Map<String, Object> ev = new LinkedHashMap<>();
      ev.put("personalRank", it.personalRank());
      ev.put("matchRank", it.matchRank());
      ev.put("similarRank", it.similarRank());
      ev.put("matched", it.matched());
      m.put("evidence", ev);
      items.add(m);
    }
    out.put("items", items);
    out.put("liked", r.session().liked());
    out.put("unwanted", r.session().unwanted());
    out.put("personalModel", r.personalModel());
    out.put("matchModel", r.matchModel());
    out.put("relaxed", r.relaxed());
    out.put("matching", r.matching());
    out.put("shortfall", shortfallJson(r.shortfall()));
    out.put("narrowedBy", r.narrowest().map(dev.tandem.llm.explain.Narrowing::describe).orElse(""));
    out.put("reranked", r.reranked());
    if (!r.rerankProblem().isEmpty()) {
      out.put("rerankProblem", r.rerankProblem());
    }
    out.put("fallback", r.fallback());
    if (r.fallback()) {
      out.put("fallbackReason", r.fallbackReason());
    }
    out.put("cutShort", r.cutShort());
    out.put("snapshotVersion", r.snapshotVersion());
    out.put("recorded", feedbackJson(turn.recorded()));
    if (turn.recorded().isEmpty() && !r.feedback().isEmpty()) {
      out.put("notRecorded", Map.of("events", feedbackJson(r.feedback()), "reason", mayWrite ? "" :
          "the API key does not have scope write (or none was sent); feedback from a conversation is recorded"
              + " only for write keys"));
    }
    return out;
  }

  /**
   * A short answer's constraints as JSON, as {@code POST /ask} and {@code tandem ask --json} show
   * them: {kind, constraint, alone, withoutIt} per constraint (plus min and max for a range, null
   * for an open side); empty when the answer is not short.
   */
  public static List<Map<String, Object>> shortfallJson(List<dev.tandem.llm.explain.Narrowing> shortfall) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (dev.tandem.llm.explain.Narrowing c : shortfall) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", c.kind().json());
      m.put("constraint", c.describe());
      m.put("terms", c.terms());
      if (c.kind() == dev.tandem.llm.explain.Narrowing.Kind.RANGE) {
        m.put("min", Double.isInfinite(c.min()) ? null : c.min());
        m.put("max", Double.isInfinite(c.max()) ? null : c.max());
      }
      m.put("alone", c.alone());
      m.put("withoutIt", c.withoutIt());
      out.add(m);
    }
    return out;
  }

  private static List<Map<String, Object>> feedbackJson(List<Feedback> events) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Feedback f : events) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("user", f.user());
      m.put("item", f.item());
      m.put("type", f.type());
      out.add(m);
    }
    return out;
  }

  /** An intent as JSON: goal, include, exclude, ranges, count, references (with titles), query, language. */
  /**
   * An intent as JSON, as {@code POST /ask} and {@code tandem ask --json} show it: goal, include,
   * exclude, prefer (labels the encoder inferred: preferences, not filters), ranges ({attribute,
   * min, max}, null for an open side), count, references ({mention,
   * item, title}), query, language.
   */
  public static Map<String, Object> intentJson(dev.tandem.llm.intent.Intent intent, AskResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("goal", intent.goal().json());
    m.put("include", intent.include());
    m.put("exclude", intent.exclude());
    m.put("prefer", intent.prefer());
    m.put("ranges", rangesJson(intent.ranges()));
    m.put("count", intent.count());
    List<Map<String, Object>> refs = new ArrayList<>();
    for (dev.tandem.llm.intent.Reference ref : intent.references()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("mention", ref.mention());
      x.put("item", ref.itemId());
      x.put("title", r.titles().getOrDefault(ref.itemId(), ""));
      refs.add(x);
    }
    m.put("references", refs);
    m.put("query", intent.query());
    m.put("language", intent.language());
    return m;
  }

  /** Ranges as {attribute, min, max}; an open side is null. */
  private static List<Map<String, Object>> rangesJson(List<dev.tandem.llm.intent.Range> ranges) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (dev.tandem.llm.intent.Range g : ranges) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("attribute", g.attribute());
      x.put("min", Double.isInfinite(g.min()) ? null : g.min());
      x.put("max", Double.isInfinite(g.max()) ? null : g.max());
      out.add(x);
    }
    return out;
  }

  // ---- parameters and JSON -----------------------------------------------------------------

  private RecommendOptions options(Context ctx) throws IOException {
    int n = intParam(ctx, "n", 10, 1, MAX_LIMIT);
    return new RecommendOptions(n, checkModel(ctx.queryParam("model")), QueryParams.category(ctx.queryParam("category")))
        .withDeadline(deadline(ctx));
  }

  /**
   * The request's deadline: {@code server.deadline} from now, passing early when the client's
   * connection is seen closed (Jetty sees it when a read or write on it fails).
   */
  private Deadline deadline(Context ctx) {
    org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(ctx.req());
    org.eclipse.jetty.io.EndPoint endPoint = base == null ? null : base.getHttpChannel().getEndPoint();
    return Deadline.after(config.limits().deadline(), endPoint == null ? () -> false : () -> !endPoint.isOpen());
  }

  /** {@code model} when blank or trained in the current snapshot; a 400 naming the trained ones otherwise. */
  private String checkModel(String model) throws IOException {
    return model == null || model.isBlank() ? "" : QueryParams.model(model, tandem.snapshotHeader().params().keySet());
  }

  private static int intParam(Context ctx, String name, int dflt, int min, int max) {
    return QueryParams.integer(name, ctx.queryParam(name), dflt, min, max);
  }

  private static boolean boolParam(Context ctx, String name) {
    return QueryParams.bool(name, ctx.queryParam(name));
  }

  /** The body's {@code n}: an integer in 1..{@value #MAX_LIMIT}, 10 when absent. */
  private static int count(JsonNode body) {
    double n = JsonFields.optionalNumber(body, "n", "", 10);
    if (n != Math.rint(n) || n < 1 || n > MAX_LIMIT) {
      throw ApiError.badRequest("n", "got " + Values.quote(body.get("n")) + "; expected an integer in 1.." + MAX_LIMIT);
    }
    return (int) n;
  }

  /** {@code text} when at most {@code server.max_query_chars} characters long; a 400 naming {@code field} otherwise. */
  private String boundedText(String text, String field) {
    int max = config.limits().maxQueryChars();
    if (text.length() > max) {
      throw ApiError.badRequest(field, "has " + text.length() + " characters; expected at most " + max
          + " (server.max_query_chars)");
    }
    return text;
  }

  /** A {@code POST /items} body as items; a 400 naming the element and field on the first bad one. */
  static List<Item> readItems(JsonBody json, byte[] body) {
    List<Item> items = new ArrayList<>();
    json.array(body, (i, n) -> items.add(record(i, () -> JsonFields.item(n, "[" + i + "]"))));
    return items;
  }

  /** A {@code POST /users} body as users; a 400 naming the element and field on the first bad one. */
  static List<User> readUsers(JsonBody json, byte[] body) {
    List<User> users = new ArrayList<>();
    json.array(body, (i, n) -> users.add(record(i, () -> JsonFields.user(n, "[" + i + "]"))));
    return users;
  }

  /**
   * A {@code POST /feedback} body: valid events to {@code accepted}, each invalid one to
   * {@code rejected} as {index, error}; a body that is not a JSON array of at most
   * {@code max_batch} elements is a 400.
   */
  static void readFeedback(JsonBody json, byte[] body, dev.tandem.core.data.FeedbackWeights weights, long now,
      List<Feedback> accepted, List<Map<String, Object>> rejected) {
    json.array(body, (i, n) -> {
      try {
        JsonFields.requireObject(n, "[" + i + "]");
        JsonFields.onlyKnown(n, "", FEEDBACK_FIELDS);
        accepted.add(JsonFields.event(n, "", JsonFields.requiredText(n, "user", ""), weights, now));
      } catch (ApiError | IllegalArgumentException e) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("index", i);
        r.put("error", e.getMessage());
        rejected.add(r);
      }
    });
  }

  /** Builds element {@code i}'s record; a record that refuses its values is a 400 naming the element. */
  private static <T> T record(int i, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("[" + i + "]", "[" + i + "]: " + e.getMessage());
    }
  }

  static Map<String, Object> itemJson(Item it) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", it.id());
    m.put("title", it.title());
    m.put("description", it.description());
    m.put("categories", it.categories());
    m.put("tags", it.tags());
    m.put("attributes", attributesJson(it.attributes()));
    m.put("createdAt", it.createdAt());
    m.put("available", it.available());
    return m;
  }

  private static Map<String, Object> attributesJson(Map<String, Attribute> attrs) {
    Map<String, Object> m = new LinkedHashMap<>();
    attrs.forEach((k, v) -> m.put(k, v instanceof Attribute.Number num ? (Object) num.value()
        : ((Attribute.Text) v).value()));
    return m;
  }

  /** The history items an explanation cites: {@code [{item, title, share}]}. */
  private static List<Map<String, Object>> becauseJson(dev.tandem.engine.Explanation x) {
    List<Map<String, Object>> because = new ArrayList<>();
    x.because().forEach(b -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("item", b.itemId());
      e.put("title", b.title());
      e.put("share", b.share());
      because.add(e);
    });
    return because;
  }

  private static Map<String, Object> resultJson(RecommendResult r, boolean explain) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (Recommendation rec : r.items()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("item", rec.itemId());
      m.put("title", rec.title());
      m.put("score", rec.score());
      if (explain) {
        List<Map<String, Object>> ev = new ArrayList<>();
        rec.evidence().forEach(c -> {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("channel", c.channel());
          e.put("rank", c.rank());
          e.put("score", c.score());
          e.put("contribution", c.contribution());
          ev.add(e);
        });
        m.put("evidence", ev);
        dev.tandem.engine.Explanation x = rec.explanation();
        m.put("because", becauseJson(x));
        List<Map<String, Object>> labels = new ArrayList<>();
        x.sharedLabels().forEach(l -> {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("label", l.label());
          e.put("becauseItems", l.becauseCount());
          e.put("historyItems", l.historyCount());
          labels.add(e);
        });
        m.put("sharedLabels", labels);
        m.put("matchedTerms", x.matchedTerms());
        m.put("profileShare", x.profileShare());
        m.put("explanation", x.sentence());
        m.put("explanationSource", x.source().json());
      }
      items.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", r.model());
    out.put("historySize", r.historySize());
    out.put("fallback", r.fallback());
    if (r.fallback()) {
      out.put("fallbackReason", r.fallbackReason());
    }
    out.put("cutShort", r.cutShort());
    out.put("reranked", r.reranked());
    if (!r.rerankProblem().isEmpty()) {
      out.put("rerankProblem", r.rerankProblem());
    }
    out.put("snapshotVersion", r.snapshotVersion());
    if (explain) {
      out.put("intro", r.intro());
    }
    out.put("items", items);
    return out;
  }

  private void error(Context ctx, int status, String field, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status);
    m.put("error", message == null ? "" : message);
    if (!field.isEmpty()) {
      m.put("field", field);
    }
    send(ctx, status, m);
  }

  private static void send(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }
}

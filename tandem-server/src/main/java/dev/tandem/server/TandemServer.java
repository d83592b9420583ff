package dev.tandem.server;

import dev.tandem.engine.ApiException;
import dev.tandem.engine.Deadline;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainReport;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.store.StoreUnavailableException;
import dev.tandem.wire.Schemas;
import dev.tandem.wire.Wire;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The Tandem REST API over one open {@link Tandem} home: catalogue, users and feedback writes,
 * recommendations from the history in the store (a write changes the next answer without
 * retraining), similar items, health, admin routes for training in the background
 * ({@link Retrainer}: on demand, on a schedule) and listing snapshots, and an OpenAPI document
 * generated from the same route table that registers the handlers.
 *
 * <p>This class assembles the server: its lifecycle and the one route table (method, path,
 * summary, handler, access, cost). The handlers live in one class per resource ({@link ItemRoutes},
 * {@link UserRoutes}, {@link FeedbackRoutes}, {@link RecommendRoutes}, {@link AskRoutes},
 * {@link AdminRoutes}, {@link SystemRoutes}), read requests through {@link Requests} and answer in
 * the wire format of {@code tandem-wire}. A refused request is an {@link ApiException}, rendered
 * as RFC 9457 problem details extended with {@code field}, {@code value} and {@code expected}
 * ({@link Wire#error}).
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
  public static final int MAX_LIMIT = Schemas.MAX_LIMIT;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TandemServer.class);

  private final ServerConfig config;
  /** The route table plus the HEAD and OPTIONS routes derived from it: everything registered. */
  private final List<Endpoint> routes;
  private final ServerMetrics metrics;
  private final Guard guard;
  private final Intake intake;
  private final List<String> registered = Collections.synchronizedList(new ArrayList<>());
  private final Retrainer retrainer;
  private final AskRoutes ask;
  private final AccessLog accessLog;
  private Javalin app;

  private TandemServer(Tandem tandem, ServerConfig config, LongSupplier nanoClock) {
    this.config = config;
    this.retrainer = Retrainer.start(tandem, tandem.config().retrain());
    this.guard = new Guard(config, nanoClock);
    this.intake = new Intake(config, guard::mayReceive);
    Requests requests = new Requests(tandem, config, guard);
    ServerMetrics.FeedbackSink counted = this::countFeedback;
    SystemRoutes system = new SystemRoutes(tandem, retrainer, this::metrics, this::openApi);
    ItemRoutes items = new ItemRoutes(requests);
    UserRoutes users = new UserRoutes(requests);
    FeedbackRoutes feedback = new FeedbackRoutes(requests, counted);
    RecommendRoutes lists = new RecommendRoutes(requests);
    PredictRoutes predictions = new PredictRoutes(requests);
    this.ask = new AskRoutes(requests, counted);
    AdminRoutes admin = new AdminRoutes(requests, retrainer);
    DocsRoutes docs = new DocsRoutes();
    // the one table of the API: every route, its handler, scope and cost
    List<Endpoint> endpoints = List.of(
        new Endpoint(HandlerType.GET, "/health", "Snapshot version, models and the last training facts", system::health,
            Access.OPEN, 0).doc("getHealth", "system").answers("Health"),
        new Endpoint(HandlerType.GET, "/openapi.json", "This API as an OpenAPI 3.1 document", system::openApi,
            Access.OPEN, 0).doc("getOpenApi", "system").answers(Endpoint.OPENAPI),
        new Endpoint(HandlerType.GET, "/docs", "This API's reference, as a web page (assets served locally)",
            docs::page, Access.OPEN, 0).doc("getDocs", "system").answers(Endpoint.HTML),
        new Endpoint(HandlerType.GET, "/docs/{asset}", "A script or style sheet of the reference page (from the"
            + " Swagger UI WebJar)", docs::asset, Access.OPEN, 0).doc("getDocsAsset", "system").answers(Endpoint.ASSET),
        new Endpoint(HandlerType.GET, "/metrics", "Prometheus metrics: request rates, latencies, errors, model age",
            system::metrics, Access.READ, 1).doc("getMetrics", "system").answers(Endpoint.PROMETHEUS),
        new Endpoint(HandlerType.POST, "/items", "Insert or replace items (JSON array)", items::upsert, Access.WRITE,
            10).doc("upsertItems", "items").body(Body.ARRAY, "ItemInput").answers("ItemsUpserted"),
        new Endpoint(HandlerType.GET, "/items", "A page of items (offset, limit, category)", items::list, Access.READ,
            2).doc("listItems", "items").query(QueryParam.OFFSET, QueryParam.LIMIT, QueryParam.CATEGORY)
            .answers("ItemPage"),
        new Endpoint(HandlerType.GET, "/items/{id}", "One item", items::get, Access.READ, 1).doc("getItem", "items")
            .answers("Item"),
        new Endpoint(HandlerType.DELETE, "/items/{id}", "Delete an item and its feedback", items::delete,
            Access.WRITE, 2).doc("deleteItem", "items").answers("Deleted"),
        new Endpoint(HandlerType.GET, "/items/{id}/similar", "Items similar to an item (n, model, category)",
            lists::similar, Access.READ, 4).doc("similarItems", "recommendations")
            .query(QueryParam.N, QueryParam.MODEL, QueryParam.CATEGORY).answers("RecommendationList"),
        new Endpoint(HandlerType.POST, "/users", "Insert or replace users (JSON array)", users::upsert, Access.WRITE,
            2).doc("upsertUsers", "users").body(Body.ARRAY, "UserInput").answers("UsersUpserted"),
        new Endpoint(HandlerType.GET, "/users/{id}", "One user with the size of their history", users::get,
            Access.READ, 1).doc("getUser", "users").answers("User"),
        new Endpoint(HandlerType.DELETE, "/users/{id}", "Delete a user and erase their feedback", users::delete,
            Access.WRITE, 2).doc("deleteUser", "users").answers("Deleted"),
        new Endpoint(HandlerType.POST, "/feedback", "Append feedback events (JSON array); valid ones are committed",
            feedback::append, Access.WRITE, 2).doc("appendFeedback", "feedback").body(Body.ARRAY, "FeedbackEvent")
            .answers("FeedbackAnswer"),
        new Endpoint(HandlerType.GET, "/recommend/{user}", "Recommendations from the user's stored history"
            + " (n, model, category, explain, lang)", lists::forUser, Access.READ, 4)
            .doc("recommendForUser", "recommendations")
            .query(QueryParam.N, QueryParam.MODEL, QueryParam.CATEGORY, QueryParam.EXPLAIN, QueryParam.LANG)
            .answers("RecommendationList"),
        new Endpoint(HandlerType.GET, "/predict/{user}/{item}", "The rating the user would give the item, from"
            + " their stored ratings folded into a rating model (model)", predictions::predict, Access.READ, 2)
            .doc("predictRating", "recommendations").query(QueryParam.RATING_MODEL).answers("Prediction"),
        new Endpoint(HandlerType.POST, "/recommend", "Recommendations for an anonymous history and/or profile text",
            lists::anonymous, Access.READ, 8).doc("recommendAnonymous", "recommendations")
            .body(Body.OBJECT, "RecommendRequest").answers("RecommendationList"),
        new Endpoint(HandlerType.POST, "/ask", "A natural-language request {user?, session?, query, n?}: the parsed"
            + " intent and items; continues a conversation by session id; a write key records the feedback it implies",
            ask::ask, Access.READ, 20).doc("ask", "ask").body(Body.OBJECT, "AskRequest").answers("AskAnswer")
            .status(404),
        new Endpoint(HandlerType.GET, "/ask/sessions/{id}", "A conversation's state in force (goal, query, include,"
            + " exclude, ranges, liked, unwanted, shown; user must match the session's owner)", ask::getSession,
            Access.READ, 1).doc("getAskSession", "ask").query(QueryParam.USER).answers("AskSession"),
        new Endpoint(HandlerType.DELETE, "/ask/sessions/{id}", "End a conversation now (user, if sent, must match"
            + " the session's owner)", ask::deleteSession, Access.WRITE, 1).doc("deleteAskSession", "ask")
            .query(QueryParam.USER).answers("Deleted"),
        new Endpoint(HandlerType.POST, "/admin/train", "Queue a training run in the background (optional body"
            + " {models, params}); 202 with the job, or 200 with the job already queued or running", admin::train,
            Access.ADMIN, 50).doc("train", "admin").body(Body.OPTIONAL_OBJECT, "TrainRequest").answers("TrainJob")
            .status(202),
        new Endpoint(HandlerType.GET, "/admin/train", "The training job queued or running, else the last finished one",
            admin::lastJob, Access.ADMIN, 1).doc("getTrainingJob", "admin").answers("TrainJob").status(404),
        new Endpoint(HandlerType.GET, "/admin/train/{id}", "One training job by id (the last 50 are kept)",
            admin::job, Access.ADMIN, 1).doc("getTrainingJobById", "admin").answers("TrainJob").status(400),
        new Endpoint(HandlerType.GET, "/admin/snapshots", "Snapshot files: version, createdAt, bytes, models, serving",
            admin::snapshots, Access.ADMIN, 1).doc("listSnapshots", "admin").answers("Snapshots"));
    this.routes = withHeadAndOptions(endpoints);
    this.metrics = new ServerMetrics(routes);
    try {
      this.accessLog = AccessLog.open(config.accessLog(), routes.stream().map(Endpoint::path).toList());
    } catch (RuntimeException e) { // a file that cannot be opened: stop what was started
      metrics.close();
      intake.close();
      retrainer.close(0);
      throw e;
    }
  }

  private void countFeedback(int accepted, int rejected) {
    metrics.feedback(accepted, rejected);
  }

  private ServerMetrics metrics() {
    return metrics;
  }

  /** The OpenAPI document of the routes, as {@code GET /openapi.json} answers it. */
  private Object openApi() {
    return OpenApiDocument.of(routes, config.openReads());
  }

  /**
   * One route: method, path (Javalin and OpenAPI syntax, {@code {name}}), summary, handler, what it
   * needs from the caller, and its cost: the tokens it takes from the caller's rate-limit bucket
   * ({@code server.rate_limit} per second), about its work relative to {@code GET /items/{id}} (1):
   * an {@code /ask} costs 20, a recommendation 4 to 8, a training run 50. Open routes cost nothing.
   * What the OpenAPI document says of it is declared here too ({@link OpenApiDocument}): its
   * operation id and tag ({@link #doc}), the query parameters it reads ({@link #query}, parsed
   * through the same declarations), the body it takes ({@link #body}: a schema of
   * {@link dev.tandem.wire.Schemas}), what it answers ({@link #answers}) and the statuses it can
   * answer besides those that follow from the rest ({@link #status}).
   */
  record Endpoint(HandlerType method, String path, String summary, Handler handler, Access access, int cost,
      String operationId, String tag, List<QueryParam> query, Body body, String request, String response,
      List<Integer> statuses) {
    /** {@link #answers}: the OpenAPI document itself. */
    static final String OPENAPI = "openapi";
    /** {@link #answers}: an HTML page. */
    static final String HTML = "html";
    /** {@link #answers}: a script or style sheet. */
    static final String ASSET = "asset";
    /** {@link #answers}: Prometheus text. */
    static final String PROMETHEUS = "prometheus";

    Endpoint {
      if (cost < 0) {
        throw new IllegalArgumentException("cost (" + cost + ") must be >= 0");
      }
      query = List.copyOf(query);
      statuses = List.copyOf(statuses);
    }

    /** A route without query parameters or body, not documented yet. */
    Endpoint(HandlerType method, String path, String summary, Handler handler, Access access, int cost) {
      this(method, path, summary, handler, access, cost, "", "", List.of(), Body.NONE, "", "", List.of());
    }

    /** This route, with the operation id {@code id} and the tag {@code tag} in the OpenAPI document. */
    Endpoint doc(String id, String tagName) {
      return new Endpoint(method, path, summary, handler, access, cost, id, tagName, query, body, request, response,
          statuses);
    }

    /** This route, reading the query parameters {@code params}. */
    Endpoint query(QueryParam... params) {
      return new Endpoint(method, path, summary, handler, access, cost, operationId, tag, List.of(params), body,
          request, response, statuses);
    }

    /** This route, taking a JSON body of kind {@code kind} whose elements (or itself) have schema {@code schema}. */
    Endpoint body(Body kind, String schema) {
      return new Endpoint(method, path, summary, handler, access, cost, operationId, tag, query, kind, schema,
          response, statuses);
    }

    /** This route, answering 200 with a body of schema {@code schema} (or {@link #HTML}, ...). */
    Endpoint answers(String schema) {
      return new Endpoint(method, path, summary, handler, access, cost, operationId, tag, query, body, request,
          schema, statuses);
    }

    /** This route, also answering {@code status} (202 with the same body as 200, or an error). */
    Endpoint status(int status) {
      List<Integer> more = new ArrayList<>(statuses);
      more.add(status);
      return new Endpoint(method, path, summary, handler, access, cost, operationId, tag, query, body, request,
          response, more);
    }
  }

  /** The JSON body a route takes. */
  enum Body {
    /** None. */
    NONE,
    /** A JSON array (a batch). */
    ARRAY,
    /** A JSON object. */
    OBJECT,
    /** A JSON object, or nothing. */
    OPTIONAL_OBJECT
  }

  /**
   * {@code endpoints} plus, for every GET route, the same route for HEAD (same status and headers,
   * no body), and for every path an OPTIONS route answering 204 with {@code Allow}.
   */
  private static List<Endpoint> withHeadAndOptions(List<Endpoint> endpoints) {
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
        // No Jetty minimum request data rate (setMinRequestDataRate): the Intake receives every body a route reads
        // and applies server.min_body_rate itself, after the grace of server.header_timeout. Jetty's check has no
        // grace: it measured from the body's first byte at every read, so a 60-byte body whose last read came 15 ms
        // late (a busy thread pool) was refused with 408, which the Intake then left unanswered (an empty 200).
        http.setMinResponseDataRate(limits.minBodyRate()); // a client that does not read its answer frees the thread
      });
      config.jetty.addConnector((jetty, http) -> Transport.connector(jetty, http, host, port, server.tls(), s.intake,
          limits.idleTimeout().toMillis()));
      config.jetty.modifyServer(jetty -> {
        jetty.addBean(new org.eclipse.jetty.server.ConnectionLimit(limits.maxConnections(), jetty));
        jetty.setErrorHandler(new Transport.JsonErrors());
        if (s.accessLog.enabled()) {
          jetty.setRequestLog(s.accessLog);
        }
      });
      config.jetty.modifyServletContextHandler(context -> {
        context.addFilter(new org.eclipse.jetty.servlet.FilterHolder(new RequestIds()), "/*",
            EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        context.addFilter(new org.eclipse.jetty.servlet.FilterHolder(s.intake), "/*",
            EnumSet.of(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ASYNC));
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
          rule.exposeHeader(RequestIds.HEADER);
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
        error(ctx, 405, ctx.method().name() + " " + Values.quoteText(ctx.path()) + " is not allowed; allowed: "
            + allowed);
      } else {
        error(ctx, e.getStatus(), e.getMessage());
      }
    });
    s.app.exception(ApiException.class, (e, ctx) -> {
      if (e.retryAfterSeconds() > 0) {
        ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
      }
      error(ctx, e);
    });
    s.app.exception(Deadline.DeadlineExceededException.class, (e, ctx) -> {
      ctx.header("Retry-After", "1");
      error(ctx, 503, e.getMessage());
    });
    s.app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
    s.app.exception(IllegalStateException.class, (e, ctx) -> error(ctx, 503, e.getMessage()));
    s.app.exception(Exception.class, (e, ctx) -> {
      if (StoreUnavailableException.isUnavailable(e)) { // by type, also when wrapped: the database is unreachable
        storeUnavailable(ctx, e);
        return;
      }
      LOG.error("{} {} failed", ctx.method(), Values.quoteText(ctx.path()), e);
      error(ctx, 500, e.getClass().getSimpleName() + ": " + e.getMessage());
    });
    try {
      s.app.start();
    } catch (RuntimeException e) {
      s.metrics.close();
      s.intake.close();
      s.accessLog.close();
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
      accessLog.close();
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
  private static void storeUnavailable(Context ctx, Exception e) {
    String why = storeFailure(e);
    LOG.warn("{} {}: the store is unreachable ({}); answered 503", ctx.method(), Values.quoteText(ctx.path()), why);
    ctx.header("Retry-After", Long.toString(STORE_RETRY_AFTER_SECONDS));
    error(ctx, 503, "the store is unreachable (" + why + "); nothing was changed by this request unless it"
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

  /** Tests: answers {@code POST /ask} with {@code p} instead of the home's configured parser. */
  TandemServer useParser(IntentParser p) {
    ask.useParser(p);
    return this;
  }

  private static void error(Context ctx, ApiException e) {
    Requests.send(ctx, e.status(), Wire.error(e));
  }

  private static void error(Context ctx, int status, String message) {
    Requests.send(ctx, status, Wire.error(status, "", "", "", message));
  }
}

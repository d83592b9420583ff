package dev.tandem.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A small typed client for the Tandem REST API ({@code tandem serve}). Depends only on
 * {@code java.net.http} and Jackson, so an application can take it without the engine.
 *
 * {@snippet :
 * TandemClient tandem = TandemClient.builder(URI.create("http://127.0.0.1:8080"))
 *     .apiKey(System.getenv("TANDEM_API_KEY"))   // optional: sent as "Authorization: Bearer KEY"
 *     .timeout(Duration.ofSeconds(5))
 *     .build();
 * tandem.upsertItems(List.of(Item.of("dune", "Dune").withCategories("scifi")));
 * tandem.sendFeedback(List.of(FeedbackEvent.of("alice", "dune", "like", 1_700_000_000L)));
 * Recommendations recs = tandem.recommend("alice", RecommendQuery.top(10).withExplain(true));
 * recs.items().forEach(r -> System.out.println(r.item() + " " + r.title() + " " + r.score()));
 * }
 *
 * <p><b>Errors.</b> A non-2xx answer throws {@link TandemApiException} carrying the status, the
 * field at fault and the server's message ({@link #getItem} and {@link #getUser} return empty on a
 * 404 instead, {@link #deleteItem} and {@link #deleteUser} false). A server that cannot be
 * reached, a timeout or an unreadable answer throws {@link UncheckedIOException} naming the URI.
 * Arguments are checked before sending ({@link IllegalArgumentException}).
 *
 * <p><b>Guarantees.</b> Once built a client is immutable and thread-safe: all threads share one
 * {@link HttpClient} (its connection pool). A 2xx answer to a write means the server committed
 * it. The {@link Builder} is not thread-safe.
 */
public final class TandemClient {
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final String base;
  private final String authorization;
  private final Duration timeout;
  private final HttpClient http;

  private TandemClient(Builder b) {
    String s = b.base.toString();
    this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    this.authorization = b.apiKey.isEmpty() ? "" : "Bearer " + b.apiKey;
    this.timeout = b.timeout;
    this.http = HttpClient.newBuilder().connectTimeout(b.connectTimeout).build();
  }

  /**
   * A builder for a client of the server at {@code base} (e.g. {@code http://127.0.0.1:8080};
   * a path prefix such as {@code https://host/tandem} is kept).
   *
   * @throws IllegalArgumentException if {@code base} is not an absolute http(s) URI
   */
  public static Builder builder(URI base) {
    if (base == null || base.getScheme() == null
        || !(base.getScheme().equals("http") || base.getScheme().equals("https")) || base.getHost() == null) {
      throw new IllegalArgumentException("base (" + base + ") must be an absolute http:// or https:// URI");
    }
    if (base.getQuery() != null || base.getFragment() != null) {
      throw new IllegalArgumentException("base (" + base + ") must have no query or fragment");
    }
    return new Builder(base);
  }

  /** Configures a {@link TandemClient}. Not thread-safe. */
  public static final class Builder {
    private final URI base;
    private String apiKey = "";
    private Duration timeout = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(10);

    private Builder(URI base) {
      this.base = base;
    }

    /**
     * The API key sent as {@code Authorization: Bearer KEY} on every request. Default: none
     * (null or blank also means none).
     *
     * @throws IllegalArgumentException if the key holds whitespace or control characters
     */
    public Builder apiKey(String key) {
      if (key == null || key.isBlank()) {
        this.apiKey = "";
        return this;
      }
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        if (c <= ' ' || c == 127) {
          throw new IllegalArgumentException("apiKey must not contain whitespace or control characters (at index "
              + i + ")");
        }
      }
      this.apiKey = key;
      return this;
    }

    /**
     * How long to wait for each answer. Default 30 s.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive("timeout", timeout);
      return this;
    }

    /**
     * How long to wait for a connection. Default 10 s.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    private static Duration positive(String name, Duration d) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " (" + d + ") must be a positive duration");
      }
      return d;
    }

    /** The client. */
    public TandemClient build() {
      return new TandemClient(this);
    }
  }

  /** The server's base URI, without a trailing slash. */
  public URI baseUri() {
    return URI.create(base);
  }

  // ---- items -------------------------------------------------------------------------------

  /**
   * Inserts or replaces items; all or nothing (one invalid item refuses the whole batch with a
   * 400 naming it, e.g. field {@code [3].title}).
   */
  public Upserted upsertItems(Collection<Item> items) {
    return read(post("/items", List.copyOf(items)), Upserted.class);
  }

  /** The item, or empty when the server has no item {@code id}. */
  public Optional<Item> getItem(String id) {
    return orEmptyOn404(() -> read(get("/items/" + segment("id", id)), Item.class));
  }

  /**
   * One page of the catalogue.
   *
   * @param offset items to skip (>= 0)
   * @param limit page size (1..1000)
   * @param category only items with this category or tag (case-insensitive), "" for all
   */
  public ItemPage listItems(int offset, int limit, String category) {
    String q = "/items?offset=" + offset + "&limit=" + limit;
    if (category != null && !category.isEmpty()) {
      q += "&category=" + encode(category);
    }
    return read(get(q), ItemPage.class);
  }

  /** Deletes an item and its feedback; false when there was no such item. */
  public boolean deleteItem(String id) {
    return deleted(() -> delete("/items/" + segment("id", id)));
  }

  // ---- users -------------------------------------------------------------------------------

  /** Inserts or replaces users; all or nothing. */
  public Upserted upsertUsers(Collection<User> users) {
    return read(post("/users", List.copyOf(users)), Upserted.class);
  }

  /** The user with the size of their history, or empty when unknown. */
  public Optional<UserInfo> getUser(String id) {
    return orEmptyOn404(() -> read(get("/users/" + segment("id", id)), UserInfo.class));
  }

  /** Deletes a user and erases their feedback; false when there was no such user. */
  public boolean deleteUser(String id) {
    return deleted(() -> delete("/users/" + segment("id", id)));
  }

  // ---- conversations -----------------------------------------------------------------------

  /**
   * Answers a request in words ({@code POST /ask}), as one turn of a conversation.
   *
   * @param user the user whose history personalises the answer, {@code ""} for none
   * @param session the conversation to continue, {@code ""} to start one
   * @param query the request, e.g. "cosy mysteries, nothing too dark"
   * @param n how many items when the request names no count (1..1000)
   * @throws TandemApiException 404 if the session is unknown or expired (start a new one), 400 if
   *     it belongs to another user
   */
  public AskAnswer ask(String user, String session, String query, int n) {
    if (n < 1 || n > 1000) {
      throw new IllegalArgumentException("n (" + n + ") must be in 1..1000");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    if (user != null && !user.isBlank()) {
      body.put("user", user.strip());
    }
    if (session != null && !session.isBlank()) {
      body.put("session", session.strip());
    }
    body.put("query", Checks.nonBlank("query", query));
    body.put("n", n);
    return read(post("/ask", body), AskAnswer.class);
  }

  /**
   * The state in force of conversation {@code id} ({@code GET /ask/sessions/{id}}), or empty when
   * it is unknown or expired.
   *
   * @param user the caller's user id, {@code ""} for none; must be the session's owner if it has one
   * @throws TandemApiException 400 if {@code user} is not the session's owner
   */
  public Optional<AskSession> askSession(String id, String user) {
    return orEmptyOn404(() -> read(get("/ask/sessions/" + segment("id", id) + userQuery(user)), AskSession.class));
  }

  /**
   * Ends conversation {@code id} now ({@code DELETE /ask/sessions/{id}}, needs a write key); false
   * when it was unknown or expired.
   *
   * @param user the caller's user id, {@code ""} for none; must be the session's owner if it has one
   */
  public boolean deleteAskSession(String id, String user) {
    return deleted(() -> delete("/ask/sessions/" + segment("id", id) + userQuery(user)));
  }

  private static String userQuery(String user) {
    return user == null || user.isBlank() ? "" : "?user=" + encode(user.strip());
  }

  // ---- feedback ----------------------------------------------------------------------------

  /**
   * Appends feedback events. The valid ones are committed before the server answers; invalid ones
   * (e.g. an unconfigured type) are listed in the result with the reason.
   */
  public FeedbackResult sendFeedback(Collection<FeedbackEvent> events) {
    return read(post("/feedback", List.copyOf(events)), FeedbackResult.class);
  }

  // ---- recommendations ---------------------------------------------------------------------

  /** Recommendations for a stored user, from their history in the store (404 if unknown). */
  public Recommendations recommend(String user, RecommendQuery query) {
    String q = "/recommend/" + segment("user", user) + "?n=" + query.n();
    if (!query.category().isEmpty()) {
      q += "&category=" + encode(query.category());
    }
    if (!query.model().isEmpty()) {
      q += "&model=" + encode(query.model());
    }
    if (query.explain()) {
      q += "&explain=true";
    }
    return read(get(q), Recommendations.class);
  }

  /** The top {@code n} for a stored user from the default model. */
  public Recommendations recommend(String user, int n) {
    return recommend(user, RecommendQuery.top(n));
  }

  /** Recommendations for an anonymous or session visitor from a history and/or a profile text. */
  public Recommendations recommend(AnonymousRequest request) {
    return read(post("/recommend", request), Recommendations.class);
  }


  /** Items similar to {@code item} ({@code explain} is not used). */
  public Recommendations similar(String item, RecommendQuery query) {
    String q = "/items/" + segment("item", item) + "/similar?n=" + query.n();
    if (!query.category().isEmpty()) {
      q += "&category=" + encode(query.category());
    }
    if (!query.model().isEmpty()) {
      q += "&model=" + encode(query.model());
    }
    return read(get(q), Recommendations.class);
  }

  /** The {@code n} items most similar to {@code item} by the default model. */
  public Recommendations similar(String item, int n) {
    return similar(item, RecommendQuery.top(n));
  }

  /**
   * The rating {@code user} would give {@code item}, from their stored ratings folded into rating
   * model {@code model} ("" for the snapshot's first rating model).
   *
   * @throws TandemApiException 404 for an unknown user or item, 400 for a model that is not a
   *     rating model of the served snapshot
   */
  public Prediction predict(String user, String item, String model) {
    String q = "/predict/" + segment("user", user) + "/" + segment("item", item);
    if (!model.isEmpty()) {
      q += "?model=" + encode(model);
    }
    return read(get(q), Prediction.class);
  }

    // ---- service -----------------------------------------------------------------------------

  /** The server's health: store counts and the serving snapshot. */
  public Health health() {
    return Health.of(get("/health"));
  }

  /**
   * The server's Prometheus metrics as text ({@code GET /metrics}, scope read): request rates and
   * latencies per route, errors, feedback counts, the serving snapshot's version and age.
   */
  public String metrics() {
    URI uri = URI.create(base + "/metrics");
    HttpResponse<byte[]> r = exchange("GET", uri, null);
    if (r.statusCode() / 100 != 2) {
      json("GET", uri, r); // throws the server's error
    }
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  // ---- admin (scope admin) -----------------------------------------------------------------

  /**
   * Queues a training run of {@code models} (empty: the configured {@code [server] retrain_models})
   * in the server's background; returns the new job, or the one already queued or running.
   * Poll {@link #trainingJob(long)} until it is {@linkplain TrainingJob#finished() finished}.
   */
  public TrainingJob train(List<String> models) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (!models.isEmpty()) {
      body.put("models", List.copyOf(models));
    }
    return TrainingJob.of(post("/admin/train", body));
  }

  /** One training job by id; empty when the server no longer keeps it. */
  public Optional<TrainingJob> trainingJob(long id) {
    return orEmptyOn404(() -> TrainingJob.of(get("/admin/train/" + id)));
  }

  /** The server's snapshot files, newest first, with the serving one marked. */
  public List<SnapshotInfo> snapshots() {
    List<SnapshotInfo> out = new ArrayList<>();
    get("/admin/snapshots").path("snapshots").forEach(n -> out.add(read(n, SnapshotInfo.class)));
    return out;
  }

  // ---- generic calls: a new endpoint is one line over these --------------------------------

  JsonNode get(String pathAndQuery) {
    return call("GET", pathAndQuery, null);
  }

  JsonNode post(String path, Object body) {
    return call("POST", path, body);
  }

  JsonNode delete(String path) {
    return call("DELETE", path, null);
  }

  private JsonNode call(String method, String path, Object body) {
    URI uri = URI.create(base + path);
    HttpResponse<byte[]> r = exchange(method, uri, body);
    return json(method, uri, r);
  }

  /** Sends one request; IO failures and interrupts become {@link UncheckedIOException}s naming the URI. */
  private HttpResponse<byte[]> exchange(String method, URI uri, Object body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json, application/problem+json");
    if (!authorization.isEmpty()) {
      b.header("Authorization", authorization);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      byte[] json;
      try {
        json = JSON.writeValueAsBytes(body);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("cannot write the request body as JSON: " + e.getOriginalMessage(), e);
      }
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(json));
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + uri + " failed: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(method + " " + uri + " interrupted",
          new InterruptedIOException("interrupted while waiting for " + uri));
    }
  }

  /** The answer's JSON; a non-2xx answer as {@link TandemApiException}. */
  private static JsonNode json(String method, URI uri, HttpResponse<byte[]> r) {
    int status = r.statusCode();
    JsonNode tree = parse(method, uri, r.body(), status);
    if (status / 100 != 2) {
      String message = tree != null && tree.hasNonNull("error") ? tree.get("error").asText()
          : "HTTP " + status + " from " + method + " " + uri + (r.body().length == 0 ? ""
              : ": " + new String(r.body(), StandardCharsets.UTF_8));
      String field = tree != null ? tree.path("field").asText("") : "";
      throw new TandemApiException(status, field, message);
    }
    if (tree == null) {
      throw new UncheckedIOException(method + " " + uri + " answered " + status + " without a JSON body",
          new IOException("empty body"));
    }
    return tree;
  }

  /** The body as JSON; null when empty, or when an error answer is not JSON (a proxy's page). */
  private static JsonNode parse(String method, URI uri, byte[] body, int status) {
    if (body.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      if (status / 100 != 2) {
        return null;
      }
      throw new UncheckedIOException(method + " " + uri + " answered " + status + " with a body that is not JSON: "
          + describe(e), e);
    }
  }

  private static <T> T read(JsonNode tree, Class<T> type) {
    try {
      return JSON.treeToValue(tree, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new UncheckedIOException(new IOException("cannot read the answer as " + type.getSimpleName() + ": "
          + msg, e));
    }
  }

  private static <T> Optional<T> orEmptyOn404(Supplier<T> call) {
    try {
      return Optional.of(call.get());
    } catch (TandemApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static boolean deleted(Runnable call) {
    try {
      call.run();
      return true;
    } catch (TandemApiException e) {
      if (e.status() == 404) {
        return false;
      }
      throw e;
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : " (" + m + ")");
  }

  private static String segment(String name, String value) {
    return encode(Checks.nonBlank(name, value));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

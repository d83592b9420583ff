package dev.tandem.server;

import dev.tandem.core.data.Ids;
import dev.tandem.engine.ServerConfig.Scope;
import dev.tandem.wire.Schema;
import dev.tandem.wire.Schemas;
import dev.tandem.wire.Wire;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of the API, built from the same endpoint table that registers the
 * handlers, so that the document cannot list a route the server lacks or miss one it has. Every
 * body's schema comes from {@link Schemas} (declared beside the {@code tandem-wire} writers), every
 * query parameter's from its {@link QueryParam} (which the handlers parse through), every error is
 * a {@code Problem} ({@link Wire#error}). Each operation's {@code security} and
 * {@code x-tandem-scope} follow its {@link Access}: open routes have none, read routes accept no
 * key too when reads are open, the others need a bearer key with the route's scope. The statuses
 * follow from the route: 400 when it reads a query or a body, 401/403/429 when it needs a key
 * (403 only when a key of a lower scope exists), 404 for a path with an id, 408/413/415 for a body,
 * 431 and 503 for every route, plus those the route declares. HEAD (as GET, without a body) and
 * OPTIONS (204 with {@code Allow}) are answered on every path and described in {@code info}, not
 * listed per path. Pure: the same table gives the same document.
 */
final class OpenApiDocument {
  private static final Pattern PATH_PARAM = Pattern.compile("\\{([a-zA-Z]+)}");
  /** The tags, in the order the reference shows them, with their descriptions. */
  private static final Map<String, String> TAGS = tags();
  /** Reusable error responses by status: description. */
  private static final Map<Integer, String> ERRORS = errors();

  private OpenApiDocument() {}

  private static Map<String, String> tags() {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("recommendations", "Recommendation lists from stored or anonymous histories, and similar items");
    t.put("ask", "Requests in words, and the conversations they continue");
    t.put("items", "The catalogue");
    t.put("users", "The user directory");
    t.put("feedback", "Feedback events: the histories recommendations are computed from");
    t.put("admin", "Training in the background and snapshot files (scope admin)");
    t.put("system", "Health, metrics and this document");
    return t;
  }

  private static Map<Integer, String> errors() {
    Map<Integer, String> e = new LinkedHashMap<>();
    e.put(400, "A request field is invalid: field, value and expected name it");
    e.put(401, "Missing, malformed or unknown key (WWW-Authenticate: Bearer)");
    e.put(403, "The key's scope does not include the route's");
    e.put(404, "No such item, user, session or job (field names which)");
    e.put(408, "The body arrived slower than server.min_body_rate");
    e.put(413, "Body larger than server.max_body_bytes");
    e.put(415, "Content-Type other than application/json");
    e.put(429, "Rate limit exceeded, or too many refused keys from this address (Retry-After: seconds)");
    e.put(431, "Request headers larger than the server accepts");
    e.put(503, "Busy (server.max_in_flight), past the deadline (server.deadline), or the store is unreachable"
        + " (Retry-After: seconds)");
    return e;
  }

  static Map<String, Object> of(List<TandemServer.Endpoint> endpoints, boolean openReads) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.1.0");
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("title", "Tandem");
    info.put("version", "0.1.0");
    info.put("summary", "Recommendations from users' histories; LLM embeddings and collaborative filtering");
    info.put("description", "Recommendations computed from histories (stored or sent), similar items, requests in"
        + " words, the catalogue and feedback writes, and background training. Every GET route also answers HEAD"
        + " (same status and headers, no body); every path answers OPTIONS with 204 and Allow listing its methods;"
        + " another method gets 405 with Allow. Errors are RFC 9457 problem details (application/problem+json)"
        + " naming the field, the value and what was expected. The reference is served at /docs.");
    info.put("license", Map.of("name", "Apache-2.0", "identifier", "Apache-2.0"));
    doc.put("info", info);
    doc.put("servers", List.of(Map.of("url", "/", "description",
        "The server that serves this document (tandem serve; port 8080 unless --port)")));
    List<Map<String, Object>> tags = new ArrayList<>();
    TAGS.forEach((name, description) -> tags.add(ordered("name", name, "description", description)));
    doc.put("tags", tags);
    Map<String, Object> paths = new LinkedHashMap<>();
    for (TandemServer.Endpoint e : endpoints) {
      if (e.method() == HandlerType.HEAD || e.method() == HandlerType.OPTIONS) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> ops = (Map<String, Object>) paths.computeIfAbsent(e.path(), p -> new LinkedHashMap<>());
      ops.put(e.method().name().toLowerCase(Locale.ROOT), operation(e, openReads));
    }
    doc.put("paths", paths);
    Map<String, Object> components = new LinkedHashMap<>();
    Map<String, Object> schemas = new LinkedHashMap<>();
    Schemas.all().forEach((name, schema) -> schemas.put(name, schema.json()));
    components.put("schemas", schemas);
    Map<String, Object> responses = new LinkedHashMap<>();
    ERRORS.forEach((status, description) -> responses.put(errorName(status), errorResponse(status, description)));
    components.put("responses", responses);
    Map<String, Object> bearer = new LinkedHashMap<>();
    bearer.put("type", "http");
    bearer.put("scheme", "bearer");
    bearer.put("description", "An API key from [server] api_keys or TANDEM_API_KEYS (Authorization: Bearer KEY)."
        + " Each key has one scope; a scope includes those below it: read < write < admin. An operation's security"
        + " requirement lists the scope it needs (x-tandem-scope)" + (openReads ? "; reads are open"
        + " (server.open_reads), so read routes need no key" : "") + ".");
    Map<String, String> scopes = new LinkedHashMap<>();
    scopes.put(Scope.READ.label(), "Read the catalogue, users, recommendations and conversations; metrics");
    scopes.put(Scope.WRITE.label(), "Also write items, users and feedback; end conversations");
    scopes.put(Scope.ADMIN.label(), "Also train and list snapshots");
    bearer.put("x-tandem-scopes", scopes);
    components.put("securitySchemes", Map.of("bearer", bearer));
    doc.put("components", components);
    return doc;
  }

  private static Map<String, Object> operation(TandemServer.Endpoint e, boolean openReads) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("operationId", e.operationId());
    op.put("tags", List.of(e.tag()));
    op.put("summary", e.summary());
    op.put("x-tandem-cost", e.cost());
    List<Map<String, Object>> params = new ArrayList<>();
    Matcher m = PATH_PARAM.matcher(e.path());
    while (m.find()) {
      String name = m.group(1);
      Schema schema = Schema.string("The " + (e.path().startsWith("/ask/sessions") ? "conversation's"
          : e.path().startsWith("/admin/train") ? "job's" : e.path().startsWith("/items") ? "item's" : "user's")
          + " id", Ids.MAX_CODE_POINTS).with("minLength", 1);
      if (e.path().startsWith("/admin/train")) {
        schema = Schema.integer("The job's id", 1, Long.MAX_VALUE);
      } else if (name.equals("asset")) {
        schema = Schema.oneOf("The asset's name", DocsRoutes.assetNames());
      }
      params.add(ordered("name", name, "in", "path", "required", true, "description",
          schema.json().get("description"), "schema", schema.json()));
    }
    for (QueryParam q : e.query()) {
      params.add(ordered("name", q.name(), "in", "query", "required", false, "description",
          q.schema().json().get("description"), "schema", q.schema().json()));
    }
    if (!params.isEmpty()) {
      op.put("parameters", params);
    }
    if (e.body() != TandemServer.Body.NONE) {
      Map<String, Object> schema = e.body() == TandemServer.Body.ARRAY
          ? ordered("type", "array", "items", ref(e.request())) : ref(e.request());
      op.put("requestBody", ordered("required", e.body() != TandemServer.Body.OPTIONAL_OBJECT, "content",
          Map.of("application/json", Map.of("schema", schema))));
    }
    TreeMap<Integer, Object> responses = new TreeMap<>();
    responses.put(200, success(e));
    for (int s : e.statuses()) {
      responses.put(s, s == 202 ? ordered("description", "Accepted: the new job", "content",
          Map.of("application/json", Map.of("schema", ref(e.response())))) : errorRef(s));
    }
    if (!e.query().isEmpty() || e.body() != TandemServer.Body.NONE) {
      responses.put(400, errorRef(400));
    }
    if (e.path().contains("{")) {
      responses.put(404, errorRef(404));
    }
    if (e.body() != TandemServer.Body.NONE) {
      responses.put(408, errorRef(408));
      responses.put(413, errorRef(413));
      responses.put(415, errorRef(415));
    }
    if (e.access() == Access.OPEN) {
      op.put("security", List.of());
    } else {
      String scope = e.access().scope().label();
      op.put("x-tandem-scope", scope);
      op.put("security", e.access() == Access.READ && openReads
          ? List.of(Map.of(), Map.of("bearer", List.of(scope))) : List.of(Map.of("bearer", List.of(scope))));
      responses.put(401, errorRef(401));
      if (e.access() != Access.READ) {
        responses.put(403, errorRef(403));
      }
      responses.put(429, errorRef(429));
    }
    responses.put(431, errorRef(431));
    responses.put(503, errorRef(503));
    Map<String, Object> out = new LinkedHashMap<>();
    responses.forEach((status, r) -> out.put(Integer.toString(status), r));
    op.put("responses", out);
    return op;
  }

  private static Map<String, Object> success(TandemServer.Endpoint e) {
    return switch (e.response()) {
      case TandemServer.Endpoint.OPENAPI -> ordered("description", "This document", "content",
          Map.of("application/json", Map.of("schema", ordered("type", "object", "description",
              "An OpenAPI 3.1 document"))));
      case TandemServer.Endpoint.HTML -> ordered("description", "The API reference page", "content",
          Map.of("text/html", Map.of("schema", Map.of("type", "string"))));
      case TandemServer.Endpoint.ASSET -> ordered("description", "The asset", "content", Map.of(
          "text/css", Map.of("schema", Map.of("type", "string")),
          "text/javascript", Map.of("schema", Map.of("type", "string"))));
      case TandemServer.Endpoint.PROMETHEUS -> ordered("description", "Prometheus text exposition format 0.0.4",
          "content", Map.of("text/plain; version=0.0.4; charset=utf-8", Map.of("schema", ordered("type", "string",
              "examples", List.of("# TYPE tandem_requests_total counter\n")))));
      default -> ordered("description", "OK", "content", Map.of("application/json", Map.of("schema",
          ref(e.response()))));
    };
  }

  private static Map<String, Object> ref(String schema) {
    Schemas.get(schema); // fails on a name the wire module does not declare
    return Schema.ref(schema).json();
  }

  private static String errorName(int status) {
    return switch (status) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 408 -> "RequestTimeout";
      case 413 -> "ContentTooLarge";
      case 415 -> "UnsupportedMediaType";
      case 429 -> "TooManyRequests";
      case 431 -> "HeadersTooLarge";
      case 503 -> "Unavailable";
      default -> throw new IllegalArgumentException("status (" + status + ") has no error response");
    };
  }

  private static Map<String, Object> errorRef(int status) {
    return Map.of("$ref", "#/components/responses/" + errorName(status));
  }

  private static Map<String, Object> errorResponse(int status, String description) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("description", description);
    if (status == 401) {
      r.put("headers", Map.of("WWW-Authenticate", ordered("description", "Bearer", "schema",
          Map.of("type", "string"))));
    } else if (status == 429 || status == 503) {
      r.put("headers", Map.of("Retry-After", ordered("description", "Seconds to wait before retrying", "schema",
          Map.of("type", "integer", "minimum", 1))));
    }
    r.put("content", Map.of(Wire.PROBLEM_JSON, Map.of("schema", Schema.ref("Problem").json())));
    return r;
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}

package dev.tandem.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3 document of the API, built from the same endpoint table that registers the
 * handlers, so that the document cannot list a route the server lacks or miss one it has. Each
 * operation's {@code security} and {@code x-tandem-scope} follow its {@link Access}: open routes
 * have none, read routes accept no key too when reads are open, the others need a bearer key.
 */
final class OpenApiDocument {
  private static final Pattern PATH_PARAM = Pattern.compile("\\{([a-zA-Z]+)}");

  private OpenApiDocument() {}

  static Map<String, Object> of(List<TandemServer.Endpoint> endpoints, boolean openReads) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.0.3");
    doc.put("info", Map.of("title", "Tandem", "version", "0.1.0",
        "description", "Recommendations from users' histories; LLM embeddings and collaborative filtering."));
    Map<String, Object> paths = new LinkedHashMap<>();
    for (TandemServer.Endpoint e : endpoints) {
      @SuppressWarnings("unchecked")
      Map<String, Object> ops = (Map<String, Object>) paths.computeIfAbsent(e.path(), p -> new LinkedHashMap<>());
      String method = e.method().name().toLowerCase(Locale.ROOT);
      Map<String, Object> op = new LinkedHashMap<>();
      op.put("summary", e.summary());
      op.put("x-tandem-cost", e.cost());
      op.put("operationId", method + e.path().replaceAll("[^a-zA-Z]+", "_"));
      List<Map<String, Object>> params = new ArrayList<>();
      Matcher m = PATH_PARAM.matcher(e.path());
      while (m.find()) {
        params.add(Map.of("name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
      }
      for (String q : e.query()) {
        params.add(Map.of("name", q, "in", "query", "required", false, "schema", Map.of("type", "string")));
      }
      if (!params.isEmpty()) {
        op.put("parameters", params);
      }
      if (e.body() != TandemServer.Body.NONE) {
        op.put("requestBody", Map.of("required", e.body() != TandemServer.Body.OPTIONAL_OBJECT, "content",
            Map.of("application/json", Map.of("schema", Map.of("type", e.body() == TandemServer.Body.ARRAY ? "array"
                : "object")))));
      }
      Map<String, Object> responses = new LinkedHashMap<>();
      if (e.method().name().equals("OPTIONS")) {
        responses.put("204", Map.of("description", "No content; Allow lists the path's methods"));
        op.put("security", List.of());
        op.put("responses", responses);
        ops.put(method, op);
        continue;
      }
      responses.put("200", json("OK"));
      if (e.method().name().equals("POST") && e.path().equals("/admin/train")) {
        responses.put("202", json("Accepted: the new training job {id, state, startedAt, finishedAt, version, error}"));
      }
      responses.put("400", json("Invalid field: {error, field}"));
      if (e.path().contains("{")) {
        responses.put("404", json("Unknown id"));
      }
      if (e.access() == Access.OPEN) {
        op.put("security", List.of());
      } else {
        op.put("x-tandem-scope", e.access().scope().label());
        op.put("security", e.access() == Access.READ && openReads
            ? List.of(Map.of(), Map.of("bearer", List.of())) : List.of(Map.of("bearer", List.of())));
        responses.put("401", json("Missing, malformed or unknown key (WWW-Authenticate: Bearer)"));
        responses.put("403", json("The key's scope does not include " + e.access().scope().label()));
        responses.put("429", json("Rate limit exceeded (Retry-After: seconds)"));
        if (e.method().name().equals("POST")) {
          responses.put("408", json("The body arrived slower than server.min_body_rate"));
          responses.put("413", json("Body larger than server.max_body_bytes"));
          responses.put("415", json("Content-Type other than application/json"));
        }
      }
      responses.put("503", json("Busy (server.max_in_flight), past the deadline, or the store is unreachable;"
          + " Retry-After: seconds"));
      op.put("responses", responses);
      ops.put(method, op);
    }
    doc.put("paths", paths);
    doc.put("components", Map.of("securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer",
        "description", "An API key from [server] api_keys or TANDEM_API_KEYS; scopes read < write < admin"))));
    return doc;
  }

  private static Map<String, Object> json(String description) {
    return Map.of("description", description, "content", Map.of("application/json", Map.of("schema",
        Map.of("type", "object"))));
  }
}

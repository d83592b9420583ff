package dev.tandem.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SpecificationVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks responses against the server's OpenAPI document: the status must be one the operation
 * (method and path) lists, the content type one of that response's media types, and a JSON body
 * must validate against that media type's schema (JSON Schema 2020-12, networknt's validator).
 * A request for a path or method the document lacks must get a {@code Problem}. Not thread-safe.
 */
final class OpenApiConformance {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonNode doc;
  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private final Map<String, Schema> schemas = new HashMap<>();
  private final Map<Pattern, String> templates = new java.util.LinkedHashMap<>();
  private int validated;
  private int requestsValidated;

  OpenApiConformance(JsonNode doc) {
    this.doc = doc;
    for (Iterator<String> it = doc.get("paths").fieldNames(); it.hasNext(); ) {
      String t = it.next();
      templates.put(Pattern.compile(t.replaceAll("\\{[a-zA-Z]+}", "[^/]+")), t);
    }
  }

  /** JSON bodies validated so far. */
  int validated() {
    return validated;
  }

  /**
   * What is wrong with one exchange, empty when nothing, as {@link #check(String, String, int,
   * String, String)}; besides, a request body the server accepted (a 2xx answer) must validate
   * against the operation's request schema.
   */
  List<String> check(String method, String path, String requestBody, int status, String contentType, String body)
      throws Exception {
    List<String> problems = new ArrayList<>(check(method, path, status, contentType, body));
    if (requestBody == null || requestBody.isEmpty() || status >= 300) {
      return problems;
    }
    for (Map.Entry<Pattern, String> t : templates.entrySet()) {
      if (t.getKey().matcher(path).matches()) {
        String pointer = "/paths/" + t.getValue().replace("~", "~0").replace("/", "~1") + "/"
            + method.toLowerCase(Locale.ROOT) + "/requestBody/content/application~1json/schema";
        if (doc.at(pointer).isMissingNode()) {
          problems.add(method + " " + path + ": a request body the document does not describe");
          return problems;
        }
        requestsValidated++;
        for (com.networknt.schema.Error e : schemas.computeIfAbsent(pointer, this::schema).validate(requestBody,
            InputFormat.JSON)) {
          problems.add(method + " " + path + " request: " + e + " in " + requestBody);
        }
        return problems;
      }
    }
    return problems;
  }

  /** Accepted request bodies validated so far. */
  int requestsValidated() {
    return requestsValidated;
  }

  /**
   * What is wrong with one exchange, empty when nothing: {@code path} without the query, the
   * body as received (empty when none).
   */
  List<String> check(String method, String path, int status, String contentType, String body) throws Exception {
    List<String> problems = new ArrayList<>();
    String what = method + " " + path + " " + status;
    String template = null;
    for (Map.Entry<Pattern, String> t : templates.entrySet()) {
      if (t.getKey().matcher(path).matches()) {
        template = t.getValue();
        break;
      }
    }
    JsonNode op = template == null ? null : doc.get("paths").get(template).get(method.toLowerCase(Locale.ROOT));
    if (method.equals("HEAD") || method.equals("OPTIONS")) {
      if (!body.isEmpty()) {
        problems.add(what + ": a " + method + " answer has a body");
      }
      return problems; // described in info: HEAD as GET without a body, OPTIONS 204
    }
    String schemaPointer;
    if (op == null) {
      if (status < 400) {
        problems.add(what + ": no operation in the document for a successful answer");
        return problems;
      }
      schemaPointer = "/components/schemas/Problem";
      if (!contentType.startsWith("application/problem+json")) {
        problems.add(what + ": content type " + contentType + " is not application/problem+json");
      }
    } else {
      JsonNode response = op.get("responses").get(Integer.toString(status));
      if (response == null) {
        problems.add(what + ": status not in the document's " + op.get("responses").fieldNames().next() + "...");
        return problems;
      }
      String pointer = "/paths/" + template.replace("~", "~0").replace("/", "~1") + "/" + method.toLowerCase(Locale.ROOT)
          + "/responses/" + status;
      if (response.has("$ref")) {
        pointer = response.get("$ref").asText().substring(1);
        response = doc.at(pointer);
      }
      JsonNode content = response.get("content");
      if (content == null) {
        if (!body.isEmpty()) {
          problems.add(what + ": a body where the document says none");
        }
        return problems;
      }
      String media = null;
      for (Iterator<String> it = content.fieldNames(); it.hasNext(); ) {
        String m = it.next();
        if (base(m).equals(base(contentType))) {
          media = m;
        }
      }
      if (media == null) {
        problems.add(what + ": content type " + contentType + " is not among " + content);
        return problems;
      }
      if (!base(media).endsWith("json")) {
        return problems;
      }
      schemaPointer = pointer + "/content/" + media.replace("~", "~0").replace("/", "~1") + "/schema";
    }
    Schema schema = schemas.computeIfAbsent(schemaPointer, this::schema);
    List<com.networknt.schema.Error> errors = schema.validate(body, InputFormat.JSON);
    validated++;
    for (com.networknt.schema.Error e : errors) {
      problems.add(what + ": " + e + " in " + body);
    }
    return problems;
  }

  /**
   * Collects the exchanges of a test class and checks each against the document of the server
   * that answered it (read from its {@code /openapi.json} at the first exchange). Thread-safe.
   */
  static final class Recorder {
    private OpenApiConformance conformance;
    private final List<String> problems = new ArrayList<>();

    /** Checks {@code r}, the answer to {@code method} {@code uri}, keeping what is wrong. */
    synchronized void record(String method, URI uri, HttpResponse<String> r) {
      try {
        if (conformance == null) {
          HttpResponse<String> doc = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri.resolve("/openapi.json"))
              .build(), HttpResponse.BodyHandlers.ofString());
          conformance = new OpenApiConformance(JSON.readTree(doc.body()));
        }
        problems.addAll(conformance.check(method, uri.getRawPath(), r.statusCode(),
            r.headers().firstValue("Content-Type").orElse(""), r.body()));
      } catch (Exception e) {
        problems.add(method + " " + uri + ": " + e);
      }
    }

    /** What was wrong so far. */
    synchronized List<String> problems() {
      return List.copyOf(problems);
    }

    /** JSON bodies validated so far. */
    synchronized int validated() {
      return conformance == null ? 0 : conformance.validated();
    }
  }

  private static String base(String mediaType) {
    int semi = mediaType.indexOf(';');
    return (semi < 0 ? mediaType : mediaType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  /** The schema at {@code pointer}, with the document's components in reach of its references. */
  private Schema schema(String pointer) {
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.set("components", doc.get("components"));
    root.set("allOf", JSON.createArrayNode().add(doc.at(pointer)));
    try {
      return registry.getSchema(JSON.writeValueAsString(root), InputFormat.JSON);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

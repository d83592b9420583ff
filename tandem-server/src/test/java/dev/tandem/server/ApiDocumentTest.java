package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.client.AnonymousRequest;
import dev.tandem.client.AskAnswer;
import dev.tandem.client.AskSession;
import dev.tandem.client.FeedbackEvent;
import dev.tandem.client.FeedbackResult;
import dev.tandem.client.Health;
import dev.tandem.client.HistoryEvent;
import dev.tandem.client.Item;
import dev.tandem.client.ItemPage;
import dev.tandem.client.Prediction;
import dev.tandem.client.Recommendations;
import dev.tandem.client.SnapshotInfo;
import dev.tandem.client.TrainingJob;
import dev.tandem.client.Upserted;
import dev.tandem.client.User;
import dev.tandem.client.UserInfo;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.Tandem;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document and what is built on it (issue 14, requirement 1): the Java client's types
 * read only properties the document declares, with the same JSON types; {@code /docs} serves the
 * reference from the WebJar and refers to nothing on another host.
 */
class ApiDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String KEY = "test-admin-0123456789";

  @TempDir static Path home;
  static Tandem tandem;
  static TandemServer server;
  static JsonNode doc;

  @BeforeAll
  static void start() throws Exception {
    tandem = Tandem.open(home);
    server = TandemServer.start(tandem, "127.0.0.1", 0, new ServerConfig(false, ServerConfig.DEFAULT_MAX_BODY_BYTES,
        0, 1, List.of(new ServerConfig.ApiKey("tests", KEY, ServerConfig.Scope.ADMIN))));
    doc = JSON.readTree(get("/openapi.json").body());
  }

  @AfterAll
  static void stop() {
    server.close();
    tandem.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void the_client_types_read_only_properties_the_document_declares_with_their_types() {
    List<String> problems = new ArrayList<>();
    // read by Jackson from the bodies, component name = property name
    agree(ItemPage.class, schema("ItemPage"), "", problems);
    agree(Item.class, schema("Item"), "", problems);
    agree(UserInfo.class, schema("User"), "", problems);
    agree(Upserted.class, schema("ItemsUpserted"), "", problems);
    agree(Upserted.class, schema("UsersUpserted"), "", problems);
    agree(FeedbackResult.class, schema("FeedbackAnswer"), "", problems);
    agree(Recommendations.class, schema("RecommendationList"), "", problems);
    agree(Prediction.class, schema("Prediction"), "", problems);
    agree(AskAnswer.class, schema("AskAnswer"), "", problems);
    agree(AskSession.class, schema("AskSession"), "", problems);
    agree(SnapshotInfo.class, schema("Snapshots").get("properties").get("snapshots").get("items"), "", problems);
    // written by the client as request bodies
    agree(Item.class, schema("ItemInput"), "", problems);
    agree(User.class, schema("UserInput"), "", problems);
    agree(FeedbackEvent.class, schema("FeedbackEvent"), "", problems);
    agree(HistoryEvent.class, schema("HistoryEvent"), "", problems);
    agree(AnonymousRequest.class, schema("RecommendRequest"), "", problems);
    // read by hand from the tree (Health.of, TrainingJob.of): the paths they read
    readsByHand(Health.class, schema("Health"), Map.of("snapshotVersion", "snapshot/version",
        "models", "snapshot/models"), problems);
    readsByHand(TrainingJob.class, schema("TrainJob"), Map.of(), problems);
    assertThat(problems).isEmpty();
  }

  @Test
  void a_property_the_document_lacks_or_types_otherwise_is_reported() {
    record Wrong(String model, String historySize, int nothing) {}
    List<String> problems = new ArrayList<>();
    agree(Wrong.class, schema("RecommendationList"), "", problems);
    assertThat(problems).containsExactly(
        "Wrong.historySize: Java String is JSON string, the document says [\"integer\"]",
        "Wrong.nothing: not in the document's properties [model, historySize, fallback, fallbackReason, cutShort,"
            + " reranked, rerankProblem, snapshotVersion, intro, items]");
  }

  @Test
  void docs_serve_the_reference_from_the_webjar_and_refer_to_no_other_host() throws Exception {
    HttpResponse<String> page = get("/docs");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.body()).doesNotContain("//").doesNotContain("http:").doesNotContain("https:");
    Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
    List<String> assets = new ArrayList<>();
    while (refs.find()) {
      assets.add(refs.group(1));
    }
    assertThat(assets).containsExactly("docs/swagger-ui.css", "docs/swagger-ui-bundle.js", "docs/init.js");
    for (String a : assets) {
      HttpResponse<String> r = get("/" + a);
      assertThat(r.statusCode()).as(a).isEqualTo(200);
      assertThat(r.body()).as(a).hasSizeGreaterThan(a.equals("docs/init.js") ? 50 : 100_000);
    }
    HttpResponse<String> init = get("/docs/init.js");
    assertThat(init.body()).contains("url: \"openapi.json\"").contains("validatorUrl: null");
    assertThat(get("/docs/swagger-ui.css").body()).doesNotContainPattern("url\\(['\"]?(https?:)?//");
    HttpResponse<String> other = get("/docs/..%2Fpom.xml");
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(get("/docs/index.html").statusCode()).isEqualTo(404);
  }

  private static JsonNode schema(String name) {
    return doc.get("components").get("schemas").get(name);
  }

  /** {@code schema} with its reference followed and a nullable wrapper ({@code oneOf [X, null]}) taken off. */
  private static JsonNode resolve(JsonNode schema) {
    if (schema.has("$ref")) {
      return resolve(doc.at(schema.get("$ref").asText().substring(1)));
    }
    if (schema.has("oneOf")) {
      for (JsonNode s : schema.get("oneOf")) {
        if (!"null".equals(s.path("type").asText())) {
          return resolve(s);
        }
      }
    }
    return schema;
  }

  private static List<String> types(JsonNode schema) {
    List<String> out = new ArrayList<>();
    JsonNode t = schema.get("type");
    if (t != null && t.isArray()) {
      t.forEach(x -> out.add(x.asText()));
    } else if (t != null) {
      out.add(t.asText());
    }
    return out;
  }

  /** Checks every component of {@code type} against the object schema {@code schema}. */
  static void agree(Class<?> type, JsonNode schema, String path, List<String> problems) {
    JsonNode object = resolve(schema);
    JsonNode props = object.get("properties");
    for (RecordComponent c : type.getRecordComponents()) {
      String where = (path.isEmpty() ? type.getSimpleName() : path) + "." + c.getName();
      JsonNode p = props == null ? null : props.get(c.getName());
      if (p == null) {
        List<String> names = new ArrayList<>();
        if (props != null) {
          props.fieldNames().forEachRemaining(names::add);
        }
        problems.add(where + ": not in the document's properties " + names);
        continue;
      }
      agreeValue(c.getGenericType(), p, where, problems);
    }
  }

  private static void agreeValue(Type javaType, JsonNode schema, String where, List<String> problems) {
    JsonNode s = resolve(schema);
    Class<?> raw = javaType instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : (Class<?>) javaType;
    String expected = jsonType(raw);
    List<String> declared = types(s);
    boolean ok = declared.contains(expected) || expected.equals("number") && declared.contains("integer");
    if (!ok) {
      problems.add(where + ": Java " + raw.getSimpleName() + " is JSON " + expected + ", the document says "
          + declared.stream().map(t -> "\"" + t + "\"").toList());
      return;
    }
    if (expected.equals("array") && javaType instanceof ParameterizedType pt) {
      agreeValue(pt.getActualTypeArguments()[0], s.get("items"), where + "[]", problems);
    } else if (raw.isRecord()) {
      agree(raw, s, where, problems);
    }
  }

  private static String jsonType(Class<?> raw) {
    if (raw == String.class) {
      return "string";
    } else if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
      return "integer";
    } else if (raw == double.class || raw == float.class || raw == Double.class || raw == Float.class) {
      return "number";
    } else if (raw == boolean.class || raw == Boolean.class) {
      return "boolean";
    } else if (List.class.isAssignableFrom(raw)) {
      return "array";
    } else if (Map.class.isAssignableFrom(raw) || raw.isRecord()) {
      return "object";
    }
    throw new IllegalArgumentException("no JSON type for " + raw);
  }

  /**
   * For a type read by hand from the tree: each component but the raw {@code body} is read at its
   * name, or at the path {@code paths} gives, and must have the component's type there.
   */
  static void readsByHand(Class<?> type, JsonNode schema, Map<String, String> paths, List<String> problems) {
    for (RecordComponent c : type.getRecordComponents()) {
      if (c.getType() == JsonNode.class) {
        continue;
      }
      JsonNode s = resolve(schema);
      String where = type.getSimpleName() + "." + c.getName();
      for (String step : paths.getOrDefault(c.getName(), c.getName()).split("/")) {
        JsonNode p = s.path("properties").get(step);
        if (p == null) {
          problems.add(where + ": " + step + " is not in the document");
          s = null;
          break;
        }
        s = resolve(p);
      }
      if (s != null) {
        agreeValue(c.getGenericType(), s, where, problems);
      }
    }
  }
}

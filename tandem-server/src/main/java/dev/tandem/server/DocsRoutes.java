package dev.tandem.server;

import dev.tandem.engine.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /docs}: the API reference (Swagger UI over {@code /openapi.json}) from the Swagger UI
 * WebJar on the class path, so that the page loads nothing from another host: the page, its
 * script and its style sheet are served by {@code GET /docs/{asset}}, at relative addresses (the
 * page works behind a path prefix too). Thread-safe; assets are read once.
 */
final class DocsRoutes {
  /** The WebJar's artifact, whose version names its folder. */
  private static final String WEBJAR = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
  /** The assets {@code /docs/{asset}} serves: name and content type. */
  static final Map<String, String> ASSETS = assets();

  private static final String PAGE = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Tandem API reference</title>
      <link rel="stylesheet" href="docs/swagger-ui.css">
      </head>
      <body>
      <div id="swagger-ui"></div>
      <script src="docs/swagger-ui-bundle.js"></script>
      <script src="docs/init.js"></script>
      </body>
      </html>
      """;

  /** Swagger UI's start: the document of this server, no online validator (it would call another host). */
  private static final String INIT = """
      window.ui = SwaggerUIBundle({url: "openapi.json", dom_id: "#swagger-ui", deepLinking: true,
        validatorUrl: null, tryItOutEnabled: false});
      """;

  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  private static Map<String, String> assets() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("swagger-ui.css", "text/css; charset=utf-8");
    a.put("swagger-ui-bundle.js", "text/javascript; charset=utf-8");
    a.put("init.js", "text/javascript; charset=utf-8");
    return a;
  }

  /** The asset names, for the OpenAPI document. */
  static List<String> assetNames() {
    return List.copyOf(ASSETS.keySet());
  }

  /** {@code GET /docs}: the reference page. */
  void page(Context ctx) {
    ctx.status(200).contentType("text/html; charset=utf-8").result(PAGE);
  }

  /** {@code GET /docs/{asset}}: a script or style sheet of the page; 404 for any other name. */
  void asset(Context ctx) {
    String name = ctx.pathParam("asset");
    String type = ASSETS.get(name);
    if (type == null) {
      throw ApiException.notFound("asset", Values.quoteText(name));
    }
    byte[] body = name.equals("init.js") ? INIT.getBytes(StandardCharsets.UTF_8)
        : cache.computeIfAbsent(name, DocsRoutes::webjar);
    ctx.status(200).contentType(type).header("Cache-Control", "max-age=86400").result(body);
  }

  /** The WebJar's file {@code name}. */
  private static byte[] webjar(String name) {
    ClassLoader loader = DocsRoutes.class.getClassLoader();
    try (InputStream props = loader.getResourceAsStream(WEBJAR)) {
      if (props == null) {
        throw new IllegalStateException("the Swagger UI WebJar is not on the class path (" + WEBJAR + ")");
      }
      Properties p = new Properties();
      p.load(props);
      String path = "META-INF/resources/webjars/swagger-ui/" + p.getProperty("version") + "/" + name;
      try (InputStream in = loader.getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("the Swagger UI WebJar has no " + path);
        }
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.tandem.server;

import static dev.tandem.testkit.TinyHome.ADMIN_KEY;
import static dev.tandem.testkit.TinyHome.READ_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.testkit.TinyHome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HEAD and OPTIONS on every route, CORS off by default and on when configured, the security
 * headers on every answer (Jetty's own errors too), unknown methods and odd paths never a 5xx, and
 * HTTPS from PEM files made by the JDK's keytool — against a real server on a loopback port.
 */
class HttpHygieneTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> GET_ROUTES = List.of("/health", "/openapi.json", "/metrics", "/items?limit=2",
      "/items/a", "/items/zzz", "/items/a/similar?n=2", "/users/u0", "/recommend/u0?n=2", "/recommend/nobody",
      "/ask/sessions/none", "/admin/train", "/admin/train/1", "/admin/snapshots");

  @TempDir static Path home;
  static Tandem tandem;
  static TandemServer server;

  @BeforeAll
  static void start() throws Exception {
    tandem = TinyHome.open(home);
    server = TandemServer.start(tandem, "127.0.0.1", 0, TinyHome.config(1000));
  }

  @AfterAll
  static void stop() {
    server.close();
    tandem.close();
  }

  /**
   * A raw HTTP/1.1 exchange: sends {@code request}, reads one answer (headers, then Content-Length
   * bytes of body, or until the server closes).
   */
  static String raw(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int headerEnd = -1;
      long length = -1;
      while (true) {
        int c = in.read();
        if (c < 0) {
          break;
        }
        b.write(c);
        if (headerEnd < 0 && b.size() >= 4 && b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          headerEnd = b.size();
          String h = header(b.toString(StandardCharsets.ISO_8859_1), "Content-Length");
          length = request.startsWith("HEAD") ? 0 : h == null ? -1 : Long.parseLong(h);
          if (length == 0) {
            break;
          }
        }
        if (headerEnd >= 0 && length > 0 && b.size() - headerEnd >= length) {
          break;
        }
      }
      return b.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static String request(String method, String path, String key) {
    return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n" + (key == null ? "" : "Authorization: Bearer " + key
        + "\r\n") + "Connection: close\r\n\r\n";
  }

  private static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  private static String header(String response, String name) {
    for (String line : response.substring(0, response.indexOf("\r\n\r\n")).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
        return line.substring(colon + 1).strip();
      }
    }
    return null;
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void head_answers_every_get_route_with_the_get_status_and_headers_and_no_body() throws Exception {
    for (String path : GET_ROUTES) {
      String get = raw(server.port(), request("GET", path, ADMIN_KEY));
      String head = raw(server.port(), request("HEAD", path, ADMIN_KEY));
      assertThat(status(head)).as("HEAD %s", path).isEqualTo(status(get)).isLessThan(500);
      assertThat(header(head, "Content-Type")).as("HEAD %s", path).isEqualTo(header(get, "Content-Type"));
      assertThat(header(head, "X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(body(head)).as("HEAD %s body", path).isEmpty();
      assertThat(body(get)).as("GET %s body", path).isNotEmpty();
    }
    // HEAD needs the same key as GET
    assertThat(status(raw(server.port(), request("HEAD", "/items/a", null)))).isEqualTo(401);
  }

  @Test
  void options_answers_204_with_the_methods_of_the_path_and_needs_no_key() throws Exception {
    String items = raw(server.port(), request("OPTIONS", "/items", null));
    assertThat(status(items)).isEqualTo(204);
    assertThat(header(items, "Allow")).isEqualTo("POST, GET, HEAD, OPTIONS");
    String one = raw(server.port(), request("OPTIONS", "/items/a", null));
    assertThat(header(one, "Allow")).isEqualTo("GET, HEAD, DELETE, OPTIONS");
    assertThat(header(raw(server.port(), request("OPTIONS", "/ask", null)), "Allow")).isEqualTo("POST, OPTIONS");
    assertThat(header(items, "Access-Control-Allow-Origin")).isNull(); // CORS is off by default
  }

  @Test
  void cors_is_off_by_default_and_answers_only_configured_origins_when_on() throws Exception {
    String plain = raw(server.port(), "GET /items/a HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n"
        + "Authorization: Bearer " + READ_KEY + "\r\nConnection: close\r\n\r\n");
    assertThat(status(plain)).isEqualTo(200);
    assertThat(header(plain, "Access-Control-Allow-Origin")).isNull();

    ServerConfig cors = TinyHome.config(1000).withCorsOrigins(List.of("https://shop.example"));
    try (TandemServer s = TandemServer.start(tandem, "127.0.0.1", 0, cors)) {
      String preflight = raw(s.port(), "OPTIONS /recommend/u0 HTTP/1.1\r\nHost: x\r\nOrigin: https://shop.example\r\n"
          + "Access-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: authorization\r\n"
          + "Connection: close\r\n\r\n");
      assertThat(status(preflight)).isEqualTo(204);
      assertThat(header(preflight, "Access-Control-Allow-Origin")).isEqualTo("https://shop.example");
      assertThat(header(preflight, "Access-Control-Allow-Methods")).isEqualTo("GET");
      assertThat(header(preflight, "Access-Control-Allow-Headers")).isEqualTo("authorization");
      String get = raw(s.port(), "GET /items/a HTTP/1.1\r\nHost: x\r\nOrigin: https://shop.example\r\n"
          + "Authorization: Bearer " + READ_KEY + "\r\nConnection: close\r\n\r\n");
      assertThat(status(get)).isEqualTo(200);
      assertThat(header(get, "Access-Control-Allow-Origin")).isEqualTo("https://shop.example");
      assertThat(header(get, "Access-Control-Expose-Headers")).isEqualTo("Retry-After,X-Request-Id");
      String other = raw(s.port(), "GET /items/a HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n"
          + "Authorization: Bearer " + READ_KEY + "\r\nConnection: close\r\n\r\n");
      assertThat(header(other, "Access-Control-Allow-Origin")).isNull();
    }
    assertThatThrownBy(() -> TinyHome.config(1000).withCorsOrigins(List.of("https://shop.example/path")))
        .hasMessage("server.cors_origins[0] (https://shop.example/path) must be an origin like \"https://shop.example\""
            + " or \"http://localhost:3000\" (scheme, host, optional port; no path), or \"*\"");
  }

  @Test
  void every_answer_says_nosniff_and_keyed_answers_are_not_stored() throws Exception {
    List<String> requests = List.of(
        request("GET", "/items/a", READ_KEY), // 200
        request("GET", "/items/a", null), // 401
        request("GET", "/nowhere", READ_KEY), // 404
        request("DELETE", "/health", READ_KEY), // 405
        request("GET", "/health", null), // 200, open
        "GARBAGE\r\n\r\n", // Jetty's own 400
        "GET /items/a HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(20_000) + "\r\n\r\n", // 431 from Jetty
        "POST /items HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ADMIN_KEY + "\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 2\r\nConnection: close\r\n\r\n[]"); // 415
    for (String r : requests) {
      String answer = raw(server.port(), r);
      assertThat(status(answer)).as(r).isLessThan(500);
      assertThat(header(answer, "X-Content-Type-Options")).as(r).isEqualTo("nosniff");
      // errors are problem details (RFC 9457), answers JSON
      assertThat(header(answer, "Content-Type")).as(r).startsWith(status(answer) >= 400 ? "application/problem+json"
          : "application/json");
    }
    assertThat(header(raw(server.port(), request("GET", "/items/a", READ_KEY)), "Cache-Control")).isEqualTo("no-store");
    assertThat(header(raw(server.port(), request("GET", "/items/a", null)), "Cache-Control")).isEqualTo("no-store");
    assertThat(header(raw(server.port(), request("GET", "/health", null)), "Cache-Control")).isNull();
    String unsupported = raw(server.port(), requests.get(requests.size() - 1));
    assertThat(status(unsupported)).isEqualTo(415);
    assertThat(JSON.readTree(body(unsupported)).get("error").asText())
        .isEqualTo("Content-Type: got 'text/plain'; expected application/json");
  }

  @Test
  void unknown_methods_and_odd_paths_never_answer_5xx() throws Exception {
    List<String> methods = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FOO",
        "CONNECT", "PROPFIND");
    List<String> paths = List.of("/", "/items", "/items/gone", "/items/gone/similar", "/recommend", "/recommend/u0",
        "/admin/train", "/../etc/passwd", "/items/..%2f..%2fetc%2fpasswd", "//items", "/items/%00", "/items/%ZZ",
        "/items/" + "x".repeat(300), "/ask/sessions/%2e%2e", "/health?x=" + "%ff".repeat(10), "*");
    int checked = 0;
    for (String m : methods) {
      for (String p : paths) {
        String answer = raw(server.port(), m + " " + p + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ADMIN_KEY
            + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        if (!answer.isEmpty()) {
          assertThat(status(answer)).as("%s %s", m, p).isBetween(200, 499);
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(methods.size() * paths.size());
    String longUri = raw(server.port(), "GET /items/" + "x".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(status(longUri)).isBetween(400, 499);
  }

  @Test
  void https_serves_from_a_pem_certificate_and_key() throws Exception {
    Path dir = Files.createTempDirectory(home, "tls");
    Path p12 = dir.resolve("test.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "t", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", p12.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, "changeit".toCharArray());
    }
    Certificate cert = ks.getCertificate("t");
    Path certPem = dir.resolve("cert.pem");
    Path keyPem = dir.resolve("key.pem");
    Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
    Files.writeString(keyPem, pem("PRIVATE KEY", ks.getKey("t", "changeit".toCharArray()).getEncoded()));

    ServerConfig tls = TinyHome.config(1000).withTls(new ServerConfig.Tls(certPem.toString(), keyPem.toString()));
    try (TandemServer s = TandemServer.start(tandem, "127.0.0.1", 0, tls)) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("t", cert);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
      HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + s.port()
          + "/items/a")).header("Authorization", "Bearer " + READ_KEY).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode item = JSON.readTree(r.body());
      assertThat(item.get("id").asText()).isEqualTo("a");
      // plain HTTP on the HTTPS port gets no answer an HTTP client can use
      assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/health"))
          .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    Files.writeString(keyPem, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> TandemServer.start(tandem, "127.0.0.1", 0, tls))
        .hasMessageContaining("server.tls_key (" + keyPem + ") holds a PKCS#1 RSA key; expected an unencrypted PKCS#8 key"
            + " (-----BEGIN PRIVATE KEY-----): convert it with `openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem`");
    assertThatThrownBy(() -> new ServerConfig.Tls(certPem.toString(), ""))
        .hasMessageContaining("must both be set (HTTPS) or both be empty (HTTP)");
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}

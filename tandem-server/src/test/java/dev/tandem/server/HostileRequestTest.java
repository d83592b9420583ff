package dev.tandem.server;

import static dev.tandem.testkit.TinyHome.ADMIN_KEY;
import static dev.tandem.testkit.TinyHome.READ_KEY;
import static dev.tandem.testkit.TinyHome.WRITE_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.data.Item;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.testkit.TinyHome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of seeded hostile requests against a real server on a loopback port: every route and
 * method (and unknown ones), broken and deep JSON, wrong types, huge and non-finite numbers,
 * unicode edge cases, path traversal and injection strings, huge {@code n}, chunked, truncated,
 * over-declared and slow bodies, wrong media types and keys. Each is sent on its own connection and
 * checked: no answer is a 5xx, a refused request (4xx) leaves the store exactly as it was (items,
 * the users it could name, feedback, sessions), and afterwards the server is healthy and answers a
 * normal request as before.
 *
 * <p>The seed and count print at the start; {@code -Dtandem.hostile.seed=S -Dtandem.hostile.requests=N}
 * reproduce a run or make a longer one (e.g. {@code N=50000}).
 */
class HostileRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = Long.getLong("tandem.hostile.seed", 20261207L);
  private static final int REQUESTS = Integer.getInteger("tandem.hostile.requests", 2400);
  private static final List<String> POOL = List.of("h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "a", "b", "u0",
      "u1");
  /** Strings an attacker tries: traversal, injection, unicode edge cases, sizes. */
  private static final List<String> NASTY = List.of("", " ", "a b", "../../etc/passwd", "..\\..\\boot.ini", "%00",
      "%2e%2e%2f", "' OR '1'='1", "\"; DROP TABLE items; --", "<script>alert(1)</script>", "${jndi:ldap://x/a}",
      "{{7*7}}", "\u202Egnp.exe", "\uFEFFbom", "e\u0301", "\uD83D\uDE00", "x".repeat(300), "y".repeat(20_000),
      "\r\n", "\t", "null", "true", "1e309", "-0", "NaN", "\u0007bell", "\u00A0nbsp", "中文", "ﷺ", "\uFFFF");
  private static final List<String> NUMBERS = List.of("0", "-1", "1", "2", "1e308", "-1e308", "1e999", "-1e999",
      "123456789012345678901234567890", "3.5", "-0.0", "4.9e-324", "1E+2", "0.000000000000000000000001",
      "9" .repeat(99), "9".repeat(200));
  private static final List<String> ROUTES = List.of("GET /health", "GET /openapi.json", "GET /metrics",
      "GET /items", "GET /items/{id}", "GET /items/{id}/similar", "GET /users/{id}", "GET /recommend/{id}",
      "GET /ask/sessions/{id}", "GET /admin/train", "GET /admin/train/{id}", "GET /admin/snapshots",
      "POST /items", "POST /users", "POST /feedback", "POST /recommend", "POST /ask", "POST /admin/train",
      "DELETE /items/{id}", "DELETE /users/{id}", "DELETE /ask/sessions/{id}", "HEAD /items/{id}", "OPTIONS /items",
      "PUT /items/{id}", "PATCH /users/{id}", "TRACE /health", "FOO /items", "GET /nowhere/{id}", "GET /{id}",
      "POST /items/{id}", "DELETE /recommend/{id}", "GET /predict/{id}/{id}");
  private static final List<String> QUERY_KEYS = List.of("n", "model", "category", "explain", "lang", "offset", "limit",
      "user", "x");

  @TempDir static Path home;
  static Tandem tandem;
  static TandemServer server;

  @BeforeAll
  static void start() throws Exception {
    tandem = TinyHome.open(home);
    // short patience so that the slow and over-declared bodies end quickly
    ServerConfig.Connections c = ServerConfig.Connections.DEFAULTS;
    ServerConfig cfg = TinyHome.config(256 * 1024)
        .withLimits(new ServerConfig.Limits(50, 50, 500, Duration.ofSeconds(2)))
        .withConnections(new ServerConfig.Connections(c.maxConnections(), c.maxInFlight(), Duration.ofMillis(200), 2000,
            c.idleTimeout(), c.maxPendingBodyBytes()));
    server = TandemServer.start(tandem, "127.0.0.1", 0, cfg);
  }

  @AfterAll
  static void stop() {
    server.close();
    tandem.close();
  }

  /** What the store holds that a request could change: items, the pool's users, feedback, sessions. */
  private static String fingerprint() {
    StringBuilder b = new StringBuilder();
    List<String> items = new ArrayList<>();
    tandem.store().items().forEach(it -> items.add(itemText(it)));
    items.sort(null);
    b.append(items.hashCode()).append('|').append(items.size());
    b.append('|').append(tandem.store().users().count());
    for (String id : POOL) {
      b.append('|').append(tandem.store().users().get(id).map(Object::toString).orElse("-"));
    }
    long[] fb = {0, 0};
    tandem.store().feedback().scan((user, item, type, value, ts) -> {
      fb[0]++;
      fb[1] += (user + '\u0001' + item + '\u0001' + type + '\u0001' + value + '\u0001' + ts).hashCode();
    });
    b.append('|').append(fb[0]).append('|').append(fb[1]).append('|').append(tandem.store().sessions().count());
    return b.toString();
  }

  private static String itemText(Item it) {
    return it.id() + '\u0001' + it.title() + '\u0001' + it.description() + '\u0001' + it.categories() + '\u0001'
        + it.tags() + '\u0001' + it.attributes() + '\u0001' + it.createdAt() + '\u0001' + it.available();
  }

  /** One request: the bytes to send, how (at once, in two parts with a pause, or cut off), and a label. */
  private record Hostile(String label, byte[] head, byte[] body, boolean slow) {}

  private static String pick(SplittableRandom r, List<String> from) {
    return from.get(r.nextInt(from.size()));
  }

  private static String id(SplittableRandom r) {
    return r.nextInt(3) == 0 ? pick(r, NASTY) : pick(r, POOL);
  }

  /** A JSON string literal for {@code s}, sometimes with raw escapes a JSON encoder would not write. */
  private static String jsonString(SplittableRandom r, String s) {
    return switch (r.nextInt(8)) {
      case 0 -> "\"sur\\ud800" + s.substring(0, Math.min(3, s.length())) + "\"";
      case 1 -> "\"nul\\u0000\"";
      case 2 -> "\"\\udfff\"";
      default -> {
        try {
          yield JSON.writeValueAsString(s);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  /** A random JSON value, depth-limited, drawn from hostile pools. */
  private static String value(SplittableRandom r, int depth) {
    int k = r.nextInt(depth > 3 ? 5 : 8);
    return switch (k) {
      case 0 -> jsonString(r, pick(r, NASTY));
      case 1 -> pick(r, NUMBERS);
      case 2 -> r.nextBoolean() ? "true" : "null";
      case 3 -> jsonString(r, pick(r, POOL));
      case 4 -> pick(r, List.of("NaN", "Infinity", "-Infinity", "'single'", "undefined", "0x10"));
      case 5 -> {
        StringBuilder b = new StringBuilder("[");
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          b.append(i == 0 ? "" : ",").append(value(r, depth + 1));
        }
        yield b.append(']').toString();
      }
      default -> object(r, depth + 1, List.of("id", "user", "item", "type", "value", "ts", "title", "query", "n",
          "history", "profile", "attributes", "categories", "models", "params", "session", "zzz"));
    };
  }

  private static String object(SplittableRandom r, int depth, List<String> keys) {
    StringBuilder b = new StringBuilder("{");
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append('"').append(pick(r, keys)).append("\":").append(value(r, depth));
    }
    return b.append('}').toString();
  }

  /** A body for {@code route}: often almost right, then broken in one way. */
  private static String body(SplittableRandom r, String route) {
    String good = switch (route) {
      case "POST /items" -> "[{\"id\":" + jsonString(r, id(r)) + ",\"title\":" + value(r, 3) + ",\"categories\":"
          + value(r, 3) + ",\"attributes\":" + value(r, 2) + "}]";
      case "POST /users" -> "[{\"id\":" + jsonString(r, id(r)) + ",\"profile\":" + value(r, 3) + "}]";
      case "POST /feedback" -> "[{\"user\":" + jsonString(r, id(r)) + ",\"item\":" + jsonString(r, id(r))
          + ",\"type\":" + jsonString(r, pick(r, List.of("like", "rating", "click", "hug", ""))) + ",\"value\":"
          + pick(r, NUMBERS) + ",\"ts\":" + pick(r, NUMBERS) + "}]";
      case "POST /recommend" -> "{\"history\":[{\"item\":" + jsonString(r, id(r)) + ",\"type\":\"like\"}],\"n\":"
          + pick(r, NUMBERS) + ",\"profile\":" + value(r, 3) + ",\"model\":" + value(r, 3) + "}";
      case "POST /ask" -> "{\"query\":" + jsonString(r, pick(r, NASTY) + " like a, not too dark") + ",\"n\":"
          + pick(r, NUMBERS) + ",\"user\":" + jsonString(r, id(r)) + ",\"session\":" + value(r, 3) + "}";
      case "POST /admin/train" -> "{\"models\":" + value(r, 3) + ",\"params\":" + value(r, 2) + "}";
      default -> value(r, 0);
    };
    return switch (r.nextInt(10)) {
      case 0 -> good.substring(0, r.nextInt(good.length() + 1)); // truncated
      case 1 -> good + pick(r, List.of(" trailing", "{}", "]", "\u0000", ",")); // trailing content
      case 2 -> "[".repeat(100 + r.nextInt(5000)) + "]".repeat(r.nextInt(100)); // deep
      case 3 -> good.replaceFirst("\\{\"", "{\"id\":1,\"id\":2,\""); // duplicate keys
      case 4 -> "[" + (good + ",").repeat(60) + good + "]"; // over max_batch (50)
      case 5 -> value(r, 0); // anything
      default -> good;
    };
  }

  private static Hostile next(SplittableRandom r, int i) {
    String route = pick(r, ROUTES);
    String method = route.substring(0, route.indexOf(' '));
    String path = route.substring(route.indexOf(' ') + 1);
    String raw = id(r);
    String encoded = r.nextInt(10) == 0 ? raw.replace(" ", "%20").replace("\r\n", "") // sent almost raw
        : URLEncoder.encode(raw, StandardCharsets.UTF_8);
    path = path.replace("{id}", encoded.isEmpty() ? "%20" : encoded);
    if (r.nextInt(3) == 0) {
      StringBuilder q = new StringBuilder("?");
      int n = 1 + r.nextInt(3);
      for (int k = 0; k < n; k++) {
        String v = r.nextBoolean() ? pick(r, NUMBERS) : pick(r, NASTY);
        q.append(k == 0 ? "" : "&").append(pick(r, QUERY_KEYS)).append('=')
            .append(URLEncoder.encode(v.length() > 2000 ? v.substring(0, 2000) : v, StandardCharsets.UTF_8));
      }
      path += q;
    }
    String key = switch (r.nextInt(10)) {
      case 0 -> null;
      case 1 -> READ_KEY;
      case 2 -> "wrong-0123456789abcdef";
      case 3 -> WRITE_KEY;
      default -> ADMIN_KEY;
    };
    boolean hasBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || r.nextInt(20) == 0;
    if (route.equals("POST /admin/train")) {
      hasBody = true; // a valid (empty) train request would retrain for real: only hostile bodies here
    }
    byte[] body = hasBody ? body(r, route).getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (route.equals("POST /admin/train") && new String(body, StandardCharsets.UTF_8).isBlank()) {
      body = "{\"models\":7}".getBytes(StandardCharsets.UTF_8);
    }
    String type = switch (r.nextInt(12)) {
      case 0 -> null;
      case 1 -> "text/plain";
      case 2 -> "application/json; charset=latin1";
      case 3 -> "application/x-www-form-urlencoded";
      default -> "application/json";
    };
    // 0 chunked, 1 over-declared, 2 under-declared, 3 slow, else exact; the waiting kinds (1, 3) are rarer to keep the run short
    int framing = !hasBody ? -1 : r.nextInt(8) == 0 ? 0 : r.nextInt(8) == 0 ? 2 : r.nextInt(20) == 0 ? 1 + 2 * r.nextInt(2)
        : 9;
    StringBuilder h = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    if (key != null) {
      h.append("Authorization: Bearer ").append(key).append("\r\n");
    }
    if (hasBody && type != null) {
      h.append("Content-Type: ").append(type).append("\r\n");
    }
    byte[] sent = body;
    if (framing == 0) {
      h.append("Transfer-Encoding: chunked\r\n");
      ByteArrayOutputStream c = new ByteArrayOutputStream();
      int at = 0;
      while (at < body.length) {
        int len = Math.min(body.length - at, 1 + r.nextInt(4096));
        c.writeBytes((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        c.write(body, at, len);
        c.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        at += len;
      }
      c.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      sent = c.toByteArray();
    } else if (framing == 1) {
      h.append("Content-Length: ").append(body.length + 1 + r.nextInt(1000)).append("\r\n");
    } else if (framing == 2 && body.length > 1) {
      h.append("Content-Length: ").append(body.length / 2).append("\r\n");
    } else if (hasBody) {
      h.append("Content-Length: ").append(body.length).append("\r\n");
    }
    h.append("Connection: close\r\n\r\n");
    return new Hostile(i + " " + route + " framing " + framing, h.toString().getBytes(StandardCharsets.UTF_8), sent,
        framing == 3);
  }

  /** Sends {@code x} on a new connection; the status, or -1 when the server closed without answering. */
  private static int send(Hostile x) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(15_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(x.head());
        if (x.slow() && x.body().length > 1) {
          out.write(x.body(), 0, 1);
          out.flush();
          // the rest never comes: the server must answer 408 once the body falls below its rate
        } else {
          out.write(x.body());
        }
        out.flush();
      } catch (IOException e) {
        // the server may answer and close before reading a body it refuses
      }
      InputStream in = s.getInputStream();
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          b.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError(x.label() + ": no answer within 15 s", e);
      } catch (IOException e) {
        // reset after the answer: keep what arrived
      }
      String answer = b.toString(StandardCharsets.ISO_8859_1);
      if (!answer.startsWith("HTTP/1.1 ")) {
        return -1;
      }
      return Integer.parseInt(answer.substring(9, 12));
    }
  }

  @Test
  void seeded_hostile_requests_get_no_5xx_write_nothing_when_refused_and_leave_the_server_healthy() throws Exception {
    System.out.println("HostileRequestTest: seed " + SEED + ", " + REQUESTS + " requests");
    SplittableRandom r = new SplittableRandom(SEED);
    Map<Integer, Integer> byStatus = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      Hostile x = next(r, i);
      String before = fingerprint();
      int status = send(x);
      byStatus.merge(status, 1, Integer::sum);
      if (status >= 500) {
        problems.add(x.label() + " -> " + status + ": " + new String(x.head(), StandardCharsets.UTF_8).lines()
            .findFirst().orElse(""));
      }
      if ((status >= 400 || status < 0) && !before.equals(fingerprint())) {
        problems.add(x.label() + " -> " + status + " but the store changed");
      }
    }
    System.out.println("HostileRequestTest: answers by status " + byStatus);
    assertThat(problems).as("requests answered 5xx or refused yet written").isEmpty();
    assertThat(byStatus.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(REQUESTS);
    assertThat(byStatus.keySet()).as("both accepted and refused requests were tried").anyMatch(s -> s == 200)
        .anyMatch(s -> s == 400);

    // healthy after: the health check, a normal read and a normal write
    String health = HttpHygieneTest.raw(server.port(), "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(health).startsWith("HTTP/1.1 200 ");
    JsonNode h = JSON.readTree(health.substring(health.indexOf("\r\n\r\n") + 4));
    assertThat(h.get("problems").toString()).isEqualTo("[]");
    String rec = HttpHygieneTest.raw(server.port(), "GET /recommend/u2?n=2 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        + READ_KEY + "\r\nConnection: close\r\n\r\n");
    assertThat(rec).startsWith("HTTP/1.1 200 ");
    assertThat(server.intake().inFlight()).isZero();
    assertThat(server.intake().receiving()).isZero();
  }
}

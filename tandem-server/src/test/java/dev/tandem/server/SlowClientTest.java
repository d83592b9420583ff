package dev.tandem.server;

import static dev.tandem.testkit.TinyHome.READ_KEY;
import static dev.tandem.testkit.TinyHome.WRITE_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.llm.intent.RuleIntentParser;
import dev.tandem.testkit.Poll;
import dev.tandem.testkit.TinyHome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and many clients cannot hold the server: bodies that trickle in hold no request thread (more
 * of them than Jetty has threads still leave /health and a normal request answering), a body below
 * the minimum rate gets 408, headers that never finish get the connection closed, and past
 * {@code max_in_flight} a request gets 503 with Retry-After at once. Timing figures come from
 * {@code SlowClients} in tandem-bench, not from here: these tests only wait with generous timeouts.
 */
class SlowClientTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @TempDir static Path home;
  static Tandem tandem;

  @BeforeAll
  static void open() throws Exception {
    tandem = TinyHome.open(home);
  }

  @AfterAll
  static void close() {
    tandem.close();
  }

  private static ServerConfig patient(int maxInFlight, Duration headerTimeout, int minBodyRate) {
    ServerConfig.Connections c = ServerConfig.Connections.DEFAULTS;
    // a one-minute request deadline: a request held on purpose must not time out on a loaded machine
    return TinyHome.patient(TinyHome.config(10_000)).withConnections(new ServerConfig.Connections(c.maxConnections(), maxInFlight,
        headerTimeout, minBodyRate, c.idleTimeout(), c.maxPendingBodyBytes()));
  }

  /** Opens a connection and sends a request whose body declares 1,000 bytes but carries 10. */
  private static Socket trickle(int port) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(30_000);
    OutputStream out = s.getOutputStream();
    out.write(("POST /feedback HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + WRITE_KEY + "\r\n"
        + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n[{\"user\":").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + READ_KEY).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String readAll(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void more_trickling_bodies_than_threads_leave_health_and_reads_answering() throws Exception {
    try (TandemServer server = TandemServer.start(tandem, "127.0.0.1", 0, patient(64, Duration.ofSeconds(30), 1))) {
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 300; i++) { // Jetty has 250 request threads
          slow.add(trickle(server.port()));
        }
        // socket I/O on the server's threads: poll (bounded) until it has read all 300 requests' heads
        Poll.until("the server reading 300 request heads", () -> server.intake().receiving() >= 300,
            () -> server.intake().receiving());
        assertThat(server.intake().receiving()).isEqualTo(300);
        assertThat(get(server.port(), "/health").statusCode()).isEqualTo(200);
        assertThat(get(server.port(), "/items/a").statusCode()).isEqualTo(200);
        assertThat(get(server.port(), "/recommend/u0?n=2").statusCode()).isEqualTo(200);
        assertThat(server.intake().inFlight()).isZero(); // no thread is held by a body
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  @Test
  void a_body_below_the_minimum_rate_gets_408_and_nothing_is_written() throws Exception {
    try (TandemServer server = TandemServer.start(tandem, "127.0.0.1", 0, patient(64, Duration.ofMillis(500), 1000))) {
      try (Socket s = trickle(server.port())) {
        String answer = readAll(s); // the server answers and closes once the body falls behind
        assertThat(answer).startsWith("HTTP/1.1 408 ");
        assertThat(answer).contains("\"field\":\"body\"").contains("slower than 1000 bytes/s after a grace of 0.5 s"
            + " (server.min_body_rate, server.header_timeout)");
      }
      assertThat(server.intake().counters().slowBodies.get()).isEqualTo(1);
      assertThat(server.intake().receiving()).isZero();
    }
  }

  /** Opens a connection and sends a feedback request (Connection: close) with {@code head} and {@code body}. */
  private static Socket feedback(int port, String head, String body) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(30_000);
    s.getOutputStream().write(("POST /feedback HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + WRITE_KEY + "\r\n"
        + "Content-Type: application/json\r\nConnection: close\r\n" + head + "\r\n" + body)
        .getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  @Test
  void a_small_body_arriving_in_two_parts_is_taken_whatever_the_pause_between_them() throws Exception {
    // The body's rate is judged by the Intake alone, after its grace (here 30 s at 1e9 bytes/s). Jetty's own
    // minimum request data rate (no grace, measured from the first byte at every read) refused such a body with
    // 408 once a millisecond passed between its parts, and the Intake then answered an empty 200: a load driver
    // counted the event as sent and answered while the store never saw it.
    try (TandemServer server = TandemServer.start(tandem, "127.0.0.1", 0,
        patient(64, Duration.ofSeconds(30), 1_000_000_000))) {
      String body = "[{\"user\":\"split-u\",\"item\":\"a\",\"type\":\"like\",\"ts\":7}]";
      try (Socket s = feedback(server.port(), "Content-Length: " + body.length() + "\r\n", body.substring(0, 10))) {
        // socket I/O on the server's threads: poll (bounded) until it has read the first part
        Poll.until("the server reading the body's first part", () -> server.intake().pendingBytes() > 0,
            () -> server.intake().pendingBytes());
        s.getOutputStream().write(body.substring(10).getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        String answer = readAll(s);
        assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("{\"accepted\":1,\"rejected\":[]}");
      }
      assertThat(tandem.store().feedback().history("split-u")).hasSize(1);
      assertThat(server.intake().receiving()).isZero();
    }
  }

  @Test
  void a_body_that_breaks_while_arriving_gets_an_error_never_an_empty_200() throws Exception {
    try (TandemServer server = TandemServer.start(tandem, "127.0.0.1", 0, TinyHome.config(10_000))) {
      long before = tandem.store().feedback().count();
      // a malformed chunk size: Jetty refuses the body while the Intake receives it
      try (Socket s = feedback(server.port(), "Transfer-Encoding: chunked\r\n",
          "5\r\n[{\"us\r\nZZ\r\nxx\r\n0\r\n\r\n")) {
        String answer = readAll(s);
        assertThat(answer).startsWith("HTTP/1.1 400 ");
        assertThat(answer).contains("\"field\":\"body\"").contains("the request body could not be received")
            .contains("nothing was changed");
      }
      assertThat(tandem.store().feedback().count()).isEqualTo(before);
      assertThat(server.intake().receiving()).isZero();
      assertThat(server.intake().pendingBytes()).isZero();
    }
  }

  @Test
  void bodies_past_the_pending_memory_budget_get_503_and_free_their_bytes() throws Exception {
    ServerConfig.Connections c = ServerConfig.Connections.DEFAULTS;
    ServerConfig cfg = TinyHome.config(10_000).withConnections(new ServerConfig.Connections(c.maxConnections(),
        c.maxInFlight(), c.headerTimeout(), c.minBodyRate(), c.idleTimeout(), 1_000));
    try (TandemServer server = TandemServer.start(tandem, "127.0.0.1", 0, cfg)) {
      String big = "[" + "{\"id\":\"p\"},".repeat(150) + "{\"id\":\"p\"}]"; // ~1,800 bytes
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
          + "/users")).header("Authorization", "Bearer " + WRITE_KEY).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(big)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(r.body()).contains("(server.max_pending_body_bytes)");
      assertThat(server.intake().counters().tooMuchPending.get()).isEqualTo(1);
      // the refused bytes were released: a body that fits is taken
      HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
          + "/users")).header("Authorization", "Bearer " + WRITE_KEY).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("[{\"id\":\"p1\"}]")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(server.intake().pendingBytes()).isZero(); // answered: nothing held
    }
  }

  @Test
  void headers_that_never_finish_get_the_connection_closed() throws Exception {
    try (TandemServer server = TandemServer.start(tandem, "127.0.0.1", 0, patient(64, Duration.ofMillis(500), 1000))) {
      try (Socket s = new Socket("127.0.0.1", server.port())) {
        s.setSoTimeout(30_000);
        s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        assertThat(s.getInputStream().read()).isEqualTo(-1); // closed, nothing answered
      }
      assertThat(server.intake().counters().slowHeaders.get()).isEqualTo(1);
      assertThat(get(server.port(), "/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void a_request_past_its_deadline_stops_with_503_naming_the_step_it_did_not_reach() throws Exception {
    IntentParser rules = new RuleIntentParser();
    IntentParser slow = (text, catalogue, shown) -> {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(60)); // past the 10 ms deadline
      return rules.parse(text, catalogue, shown);
    };
    ServerConfig cfg = TinyHome.config(10_000)
        .withLimits(new ServerConfig.Limits(100, 100, 1000, Duration.ofMillis(10)));
    try (TandemServer server = TandemServer.start(tandem, "127.0.0.1", 0, cfg)) {
      server.useParser(slow);
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
          + "/ask")).header("Authorization", "Bearer " + WRITE_KEY).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"u0\",\"query\":\"something like Item a\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(r.body()).contains("the request's deadline (10 ms) passed before scoring");
      assertThat(tandem.store().feedback().history("u0")).hasSize(2); // the stopped turn recorded nothing
    }
  }

  @Test
  void past_max_in_flight_a_request_gets_503_with_retry_after_and_health_still_answers() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    IntentParser rules = new RuleIntentParser();
    IntentParser blocking = (text, catalogue, shown) -> {
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return rules.parse(text, catalogue, shown);
    };
    try (TandemServer server = TandemServer.start(tandem, "127.0.0.1", 0, patient(1, Duration.ofSeconds(10), 1))) {
      server.useParser(blocking);
      CompletableFuture<HttpResponse<String>> busy = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + server.port() + "/ask")).header("Authorization", "Bearer " + READ_KEY)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              "{\"query\":\"something like Item a\"}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
      HttpResponse<String> shed = get(server.port(), "/items/a");
      assertThat(shed.statusCode()).isEqualTo(503);
      assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(shed.body()).contains("(server.max_in_flight)");
      assertThat(get(server.port(), "/health").statusCode()).isEqualTo(200);
      release.countDown();
      assertThat(busy.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(get(server.port(), "/items/a").statusCode()).isEqualTo(200);
      assertThat(server.intake().counters().shed.get()).isEqualTo(1);
    }
  }
}

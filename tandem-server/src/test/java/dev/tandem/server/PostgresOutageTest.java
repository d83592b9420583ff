package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.Tandem;
import dev.tandem.store.PostgresCluster;
import dev.tandem.testkit.TinyHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requirement 7 of issue 12: PostgreSQL stopped and restarted under write load. A real
 * {@link TandemServer} on a PostgreSQL home (a private cluster of its own, so that the store tests'
 * shared one never goes down) takes a stream of {@code POST /feedback} batches from a writer thread,
 * each event unique by (user, item, type, ts). PostgreSQL is stopped ({@code pg_ctl stop -m fast},
 * which terminates the pool's sessions) for at least three seconds and until the writer has been
 * refused three times, then started again; Tandem is not restarted.
 *
 * <p>It proves that:
 * <ul>
 *   <li>writes during the outage are refused with <b>503 and {@code Retry-After}</b>, never 500,
 *       each within a bounded time (the pool's borrow timeout), and name the store as the cause;</li>
 *   <li>reads during the outage never give 500: {@code GET /recommend/{user}} of a user whose
 *       record and history are cached answers 200 from the caches, one that needs the database 503;
 *       {@code GET /health} answers 200 {@code degraded} with the store "unreachable";</li>
 *   <li><b>no acknowledged event is lost</b>: after the restart each acknowledged event is in the
 *       database exactly once (and each refused batch entirely or not at all);</li>
 *   <li>service <b>resumes by itself</b> (HikariCP reconnects) within a bounded time, measured from
 *       PostgreSQL accepting connections to the first acknowledged write, and {@code /health} is
 *       {@code ok} again.</li>
 * </ul>
 * Waits are bounded polls (60 s), never fixed sleeps that decide an outcome. Skipped without
 * PostgreSQL binaries (failed instead when env {@code CI} is set).
 */
class PostgresOutageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH = 3;
  private static final long WAIT_MS = 60_000;

  @TempDir Path home;

  /** One POST /feedback the writer sent: its events (user, item, ts) and what came back. */
  record Sent(List<String[]> events, int status, String retryAfter, String body, long startNanos, long millis) {}

  @Test
  void writes_during_a_postgres_outage_get_503_with_retry_after_and_no_acknowledged_event_is_lost()
      throws Exception {
    try (PostgresCluster pg = PostgresCluster.startPrivate()) {
      String url = pg.createDatabase("outage");
      Files.writeString(home.resolve("tandem.toml"), "[store]\nurl = \"" + url + "\"\nuser = \""
          + PostgresCluster.USER + "\"\n");
      try (Tandem tandem = Tandem.open(home)) {
        fill(tandem);
        tandem.warm(); // caches every history (the log is small), as `tandem serve` does
        try (TandemServer server = TandemServer.start(tandem, "127.0.0.1", 0, TinyHome.config(1 << 20))) {
          run(pg, url, server);
        }
      }
    }
  }

  private void run(PostgresCluster pg, String url, TandemServer server) throws Exception {
    URI base = URI.create("http://127.0.0.1:" + server.port());
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    // u0's user record and history are read once now, so that the caches hold them during the outage
    assertThat(get(http, base, "/recommend/u0?n=2").statusCode()).isEqualTo(200);
    JsonNode healthBefore = health(http, base);
    assertThat(healthBefore.get("status").asText()).as(healthBefore.toString()).isEqualTo("ok");
    long before = healthBefore.get("feedback").asLong();

    ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer = new Thread(() -> write(http, base, sent, stop), "outage-writer");
    writer.start();
    try {
      await("20 acknowledged batches before the outage", () -> count(sent, 200) >= 20);
      int ackedBefore = count(sent, 200);

      long down = System.nanoTime();
      pg.stopServer("fast");
      long stopped = System.nanoTime();
      // reads and health while the database is down
      await("3 writes refused during the outage", () -> refusedAfter(sent, stopped) >= 3);
      HttpResponse<String> cachedRead = get(http, base, "/recommend/u0?n=2");
      HttpResponse<String> uncachedRead = get(http, base, "/users/u1");
      JsonNode healthDown = health(http, base);
      await("at least 3 s of outage", () -> System.nanoTime() - down >= TimeUnit.SECONDS.toNanos(3));

      pg.startServer(); // returns once PostgreSQL accepts connections
      long up = System.nanoTime();
      await("a write acknowledged after the restart", () -> sent.stream()
          .anyMatch(s -> s.status() == 200 && s.startNanos() > up));
      long resumed = sent.stream().filter(s -> s.status() == 200 && s.startNanos() > up)
          .mapToLong(s -> s.startNanos() + s.millis() * 1_000_000).min().orElseThrow();
      int ackedNow = count(sent, 200);
      await("10 more acknowledged batches", () -> count(sent, 200) >= ackedNow + 10);
      stop.set(true);
      writer.join(WAIT_MS);
      assertThat(writer.isAlive()).as("writer ended").isFalse();

      // what the outage looked like
      List<Sent> all = new ArrayList<>(sent);
      List<Sent> refused = all.stream().filter(s -> s.status() != 200).toList();
      assertThat(refused).as("every refusal is a 503 (never a 500)").allSatisfy(s -> {
        assertThat(s.status()).as(s.body()).isEqualTo(503);
        assertThat(s.retryAfter()).as("Retry-After of %s", s.body()).isEqualTo("2");
        assertThat(JSON.readTree(s.body()).get("error").asText()).startsWith("the store is unreachable (")
            .contains("retry after 2 s");
        assertThat(s.millis()).as("time to refuse a write").isLessThan(15_000);
      });
      assertThat(refused).hasSizeGreaterThanOrEqualTo(3);
      assertThat(cachedRead.statusCode()).as("cached read during the outage: %s", cachedRead.body()).isEqualTo(200);
      assertThat(JSON.readTree(cachedRead.body()).get("items").size()).isEqualTo(2);
      assertThat(uncachedRead.statusCode()).as("uncached read during the outage: %s", uncachedRead.body())
          .isEqualTo(503);
      assertThat(uncachedRead.headers().firstValue("Retry-After")).hasValue("2");
      assertThat(healthDown.get("status").asText()).isEqualTo("degraded");
      assertThat(healthDown.get("store").asText()).isEqualTo("unreachable");
      assertThat(healthDown.get("feedback").isNull()).isTrue();
      assertThat(healthDown.get("problems").toString()).contains("the store is unreachable");

      // nothing acknowledged was lost, nothing written twice, each refused batch all or nothing
      Map<String, Integer> rows = rows(url);
      List<Sent> acked = all.stream().filter(s -> s.status() == 200).toList();
      for (Sent s : acked) {
        assertThat(JSON.readTree(s.body()).get("accepted").asInt()).isEqualTo(BATCH);
        for (String[] e : s.events()) {
          assertThat(rows.get(String.join("|", e))).as("acknowledged event %s", String.join("|", e)).isEqualTo(1);
        }
      }
      int refusedButStored = 0;
      for (Sent s : refused) {
        int present = 0;
        for (String[] e : s.events()) {
          Integer n = rows.get(String.join("|", e));
          assertThat(n == null ? 0 : n).as("refused event %s", String.join("|", e)).isLessThanOrEqualTo(1);
          present += n == null ? 0 : 1;
        }
        assertThat(present).as("events of a refused batch").isIn(0, BATCH);
        refusedButStored += present == BATCH ? 1 : 0;
      }
      int writerRows = rows.values().stream().mapToInt(Integer::intValue).sum();
      assertThat(writerRows).isEqualTo((acked.size() + refusedButStored) * BATCH);
      JsonNode healthUp = health(http, base);
      assertThat(healthUp.get("status").asText()).as(healthUp.toString()).isEqualTo("ok");
      assertThat(healthUp.get("store").asText()).isEqualTo("ok");
      assertThat(healthUp.get("feedback").asLong()).isEqualTo(before + writerRows);

      System.out.printf(java.util.Locale.ROOT, "PostgresOutageTest: outage %.1f s (stop took %.1f s); writes refused"
          + " with 503 during it: %d (slowest refusal %d ms); acknowledged batches %d (%d events; %d before the"
          + " outage); acknowledged events lost 0; refused batches committed anyway %d; time to resume after"
          + " PostgreSQL accepted connections again: %.2f s%n", (up - down) / 1e9, (stopped - down) / 1e9,
          refused.size(), refused.stream().mapToLong(Sent::millis).max().orElse(0), acked.size(),
          acked.size() * BATCH, ackedBefore, refusedButStored, (resumed - up) / 1e9);
      assertThat((resumed - up) / 1e9).as("seconds to resume").isLessThan(30);
    } finally {
      stop.set(true);
      writer.join(WAIT_MS);
    }
  }

  /** Sends batches until {@code stop}; each event (writer, item, like, ts) is unique by its ts. */
  private static void write(HttpClient http, URI base, ConcurrentLinkedQueue<Sent> sent, AtomicBoolean stop) {
    String[] items = {"a", "b", "c", "d"};
    long ts = 1_000_000;
    for (int b = 0; !stop.get() && b < 100_000; b++) {
      List<String[]> events = new ArrayList<>();
      StringBuilder body = new StringBuilder("[");
      for (int j = 0; j < BATCH; j++) {
        String[] e = {"writer", items[(b + j) % items.length], "like", Long.toString(++ts)};
        events.add(e);
        body.append(j == 0 ? "" : ",").append("{\"user\":\"writer\",\"item\":\"").append(e[1])
            .append("\",\"type\":\"like\",\"ts\":").append(e[3]).append('}');
      }
      long t0 = System.nanoTime();
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/feedback"))
            .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TinyHome.WRITE_KEY)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body + "]")).build(),
            HttpResponse.BodyHandlers.ofString());
        sent.add(new Sent(events, r.statusCode(), r.headers().firstValue("Retry-After").orElse(""), r.body(), t0,
            (System.nanoTime() - t0) / 1_000_000));
      } catch (java.io.IOException e) {
        sent.add(new Sent(events, -1, "", e.toString(), t0, (System.nanoTime() - t0) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static int count(ConcurrentLinkedQueue<Sent> sent, int status) {
    return (int) sent.stream().filter(s -> s.status() == status).count();
  }

  private static long refusedAfter(ConcurrentLinkedQueue<Sent> sent, long nanos) {
    return sent.stream().filter(s -> s.status() != 200 && s.startNanos() >= nanos).count();
  }

  /** Polls {@code condition} every 20 ms for up to 60 s. */
  private static void await(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("not within " + WAIT_MS / 1000 + " s: " + what);
      }
      LockSupport.parkNanos(20_000_000); // polling interval only
    }
  }

  private static HttpResponse<String> get(HttpClient http, URI base, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + TinyHome.READ_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode health(HttpClient http, URI base) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(30))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET /health: %s", r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** The writer's rows in the database: "writer|item|type|ts" -> how many rows. */
  private static Map<String, Integer> rows(String url) throws Exception {
    Map<String, Integer> out = new HashMap<>();
    try (Connection c = DriverManager.getConnection(url, PostgresCluster.USER, null);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT u.id, i.id, f.type, f.ts FROM feedback f JOIN users u ON u.seq ="
            + " f.user_seq JOIN items i ON i.seq = f.item_seq WHERE u.id = 'writer'")) {
      while (rs.next()) {
        out.merge(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getLong(4), 1,
            Integer::sum);
      }
    }
    return out;
  }

  /** {@link TinyHome}'s items a..d and users u0..u3; popularity and EASE (the configured model) trained. */
  private static void fill(Tandem tandem) throws Exception {
    TinyHome.fill(tandem, List.of("pop", "ease"));
  }
}

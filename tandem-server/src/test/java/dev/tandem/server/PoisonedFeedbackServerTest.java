package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 over REST: POST /feedback and anonymous histories refuse values outside their type's
 * range, event by event; a value stored under an older, wider range is skipped by training and
 * named in the job and in /health.
 */
class PoisonedFeedbackServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final String ADMIN_KEY = "ops-admin-0123456789abcdef";
  private static final String KEYS = "[server]\napi_keys = [\"ops:" + ADMIN_KEY + ":admin\"]\n";

  @TempDir Path home;
  Tandem tandem;
  TandemServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (tandem != null) {
      tandem.close();
    }
  }

  @Test
  void out_of_range_values_are_rejected_per_event_and_stored_ones_are_reported_by_training() throws Exception {
    // an older configuration accepted clicks up to a million: one such event is in the store
    Files.writeString(home.resolve("tandem.toml"), KEYS + "[feedback]\nvalue_range = [-1000000.0, 1000000.0]\n");
    try (Tandem old = Tandem.open(home)) {
      List<Item> items = new ArrayList<>();
      List<Feedback> fb = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        items.add(Item.of("s" + i, "Space " + i));
      }
      old.store().items().upsert(items);
      for (int u = 0; u < 6; u++) {
        for (int i = 1; i <= 4; i++) {
          if (i != 1 + u % 4) {
            fb.add(new Feedback("u" + u, "s" + i, "click", 1, 100 + u));
          }
        }
      }
      fb.add(new Feedback("u0", "s1", "click", 500_000, 7));
      old.store().feedback().append(fb);
    }
    Files.writeString(home.resolve("tandem.toml"), KEYS);
    tandem = Tandem.open(home);
    long[] poisoned = {-1};
    tandem.store().feedback().scanRows((id, user, item, type, value, ts) -> {
      if (value == 500_000) {
        poisoned[0] = id;
      }
    });
    tandem.train(new TrainOptions(List.of("pop", "ease"), Map.of(), (m, s) -> {}));
    server = TandemServer.start(tandem, "127.0.0.1", 0);

    JsonNode r = call("POST", "/feedback", "[{\"user\":\"u9\",\"item\":\"s1\",\"type\":\"click\",\"value\":1e308},"
        + "{\"user\":\"u9\",\"item\":\"s2\",\"type\":\"click\",\"value\":2},"
        + "{\"user\":\"u9\",\"item\":\"s3\",\"type\":\"rating\",\"value\":101},"
        + "{\"user\":\"u9\",\"item\":\"s4\",\"type\":\"click\",\"ts\":-1}]", 200);
    assertThat(r.get("accepted").asInt()).isEqualTo(1);
    assertThat(r.get("rejected")).hasSize(3);
    assertThat(r.get("rejected").get(0).get("index").asInt()).isZero();
    assertThat(r.get("rejected").get(0).get("error").asText())
        .isEqualTo("value: got 1.0E308; expected a number in [-1000, 1000] for type click (feedback.value_ranges.click)");
    assertThat(r.get("rejected").get(1).get("index").asInt()).isEqualTo(2);
    assertThat(r.get("rejected").get(1).get("error").asText())
        .isEqualTo("value: got 101.0; expected a number in [0, 100] for type rating (feedback.value_ranges.rating)");
    assertThat(r.get("rejected").get(2).get("index").asInt()).isEqualTo(3);
    assertThat(r.get("rejected").get(2).get("error").asText()).startsWith("timestamp (-1) must be in [0, 253402300799]");

    JsonNode anon = call("POST", "/recommend", "{\"history\":[{\"item\":\"s1\",\"type\":\"click\",\"value\":-1e9}]}", 400);
    assertThat(anon.get("field").asText()).isEqualTo("history[0].value");

    JsonNode job = call("POST", "/admin/train", "{\"models\":[\"pop\",\"ease\"]}", 202);
    long id = job.get("id").asLong();
    JsonNode done = await("/admin/train/" + id);
    assertThat(done.get("state").asText()).isEqualTo("succeeded");
    JsonNode invalid = done.get("invalidEvents");
    assertThat(invalid.get("invalid").asLong()).isEqualTo(1);
    assertThat(invalid.get("counts").get("value_out_of_range").asLong()).isEqualTo(1);
    assertThat(invalid.get("sampleIds").get("value_out_of_range").get(0).asLong()).isEqualTo(poisoned[0]);
    JsonNode health = call("GET", "/health", null, 200);
    assertThat(health.get("status").asText()).isEqualTo("ok");
    assertThat(health.get("lastTraining").get("invalidEvents").get("sampleIds").get("value_out_of_range").get(0)
        .asLong()).isEqualTo(poisoned[0]);
  }

  private JsonNode call(String method, String path, String body, int status) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + ADMIN_KEY);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  /** Polls a job until it has finished; fails after 60 s. */
  private JsonNode await(String path) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = call("GET", path, null, 200);
      String state = last.get("state").asText();
      if (state.equals("succeeded") || state.equals("failed")) {
        return last;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    throw new AssertionError("job did not finish within 60 s: " + last);
  }
}

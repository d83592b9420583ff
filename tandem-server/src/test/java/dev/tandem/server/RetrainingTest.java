package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.client.SnapshotInfo;
import dev.tandem.client.TandemApiException;
import dev.tandem.client.TandemClient;
import dev.tandem.client.TrainingJob;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import dev.tandem.testkit.TinyHome;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Background retraining against a real server on a random loopback port: sci-fi s1..s4 and
 * romance r1..r4, 20 users each liking three of their genre's four, trained with pop, ease and
 * itemknn. Waits poll the API until a condition holds (deadline 60 s), never sleep a fixed time.
 */
class RetrainingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final String ADMIN_KEY = "ops-admin-0123456789abcdef";
  private static final String WRITE_KEY = "app-write-0123456789abcdef";
  private static final TrainOptions MODELS = new TrainOptions(List.of("pop", "ease", "itemknn"), Map.of(), (m, s) -> {});

  @TempDir Path home;
  Tandem tandem;
  TandemServer server;

  /** Opens the home with {@code serverToml} as its [server] section, fills and trains it (version 1), starts the server. */
  void start(String serverToml) throws Exception {
    Files.writeString(home.resolve("tandem.toml"), "[train]\nmodels = [\"pop\", \"ease\", \"itemknn\"]\n\n[server]\n"
        + "api_keys = [\"ops:" + ADMIN_KEY + ":admin\", \"app:" + WRITE_KEY + ":write\"]\n" + serverToml + "\n");
    tandem = Tandem.open(home);
    List<Item> items = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      items.add(new Item("s" + i, "Space " + i, "", List.of("scifi"), List.of(), Map.of(), 0, true));
      items.add(new Item("r" + i, "Love " + i, "", List.of("romance"), List.of(), Map.of(), 0, true));
    }
    tandem.store().items().upsert(items);
    List<Feedback> fb = new ArrayList<>();
    for (int u = 0; u < 20; u++) {
      String g = u % 2 == 0 ? "s" : "r";
      for (int i = 1; i <= 4; i++) {
        if (i != 1 + (u / 2) % 4) {
          fb.add(new Feedback("u" + u, g + i, "rating", 5, 1000 + u));
        }
      }
    }
    tandem.store().feedback().append(fb);
    tandem.train(MODELS);
    // the home's config with a one-minute request deadline: /ask must not run out of 2 s on a loaded machine
    server = TandemServer.start(tandem, "127.0.0.1", 0, TinyHome.patient(tandem.config().server().withEnv(System.getenv())));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (tandem != null) {
      tandem.close();
    }
  }

  record Reply(int status, JsonNode body) {}

  Reply call(String method, String path, String body) throws Exception {
    return call(method, path, body, ADMIN_KEY);
  }

  Reply call(String method, String path, String body, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
  }

  /** Polls GET {@code path} until {@code until} holds for its body; fails after 60 s. */
  JsonNode await(String path, Predicate<JsonNode> until) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      Reply r = call("GET", path, null);
      last = r.body();
      if (r.status() == 200 && until.test(last)) {
        return last;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    throw new AssertionError("GET " + path + " did not reach the expected state within 60 s; last: " + last);
  }

  JsonNode awaitJob(long id) throws Exception {
    return await("/admin/train/" + id, j -> j.get("state").asText().matches("succeeded|failed"));
  }

  static List<String> ids(JsonNode result) {
    List<String> out = new ArrayList<>();
    result.get("items").forEach(n -> out.add(n.get("item").asText()));
    return out;
  }

  private static final String ANON_S1 = "{\"history\":[{\"item\":\"s1\",\"type\":\"like\",\"ts\":1}],\"n\":3,"
      + "\"model\":\"itemknn\"}";

  @Test
  void retrain_on_demand_changes_the_snapshot_version_seen_by_recommend() throws Exception {
    start("");
    assertThat(call("GET", "/recommend/u0", null).body().get("snapshotVersion").asLong()).isEqualTo(1);
    Reply queued = call("POST", "/admin/train", "");
    assertThat(queued.status()).isEqualTo(202);
    assertThat(queued.body().get("state").asText()).isIn("queued", "running");
    assertThat(queued.body().get("trigger").asText()).isEqualTo("api");
    assertThat(queued.body().get("finishedAt").isNull()).isTrue();
    JsonNode done = awaitJob(queued.body().get("id").asLong());
    assertThat(done.get("state").asText()).isEqualTo("succeeded");
    assertThat(done.get("version").asLong()).isEqualTo(2);
    assertThat(done.get("error").isNull()).isTrue();
    assertThat(done.get("interactions").asInt()).isEqualTo(60); // 20 users x 3 likes
    assertThat(instant(done.get("startedAt"))).isBeforeOrEqualTo(instant(done.get("finishedAt")));

    Reply rec = call("GET", "/recommend/u0?n=2", null);
    assertThat(rec.body().get("snapshotVersion").asLong()).isEqualTo(2);
    assertThat(rec.body().get("model").asText()).isEqualTo("ease");
    assertThat(call("GET", "/admin/train", null).body().get("id").asLong()).isEqualTo(done.get("id").asLong());

    JsonNode health = call("GET", "/health", null).body();
    assertThat(health.get("status").asText()).isEqualTo("ok");
    assertThat(health.get("snapshot").get("version").asLong()).isEqualTo(2);
    assertThat(health.get("lastTraining").get("state").asText()).isEqualTo("succeeded");
    assertThat(health.get("lastTraining").get("version").asLong()).isEqualTo(2);

    // a body picks models and parameters, validated like the CLI's
    Reply only = call("POST", "/admin/train", "{\"models\":[\"pop\"],\"params\":{\"pop\":{\"half_life_days\":30}}}");
    assertThat(only.status()).isEqualTo(202);
    assertThat(awaitJob(only.body().get("id").asLong()).get("version").asLong()).isEqualTo(3);
    JsonNode snaps = call("GET", "/admin/snapshots", null).body();
    assertThat(snaps.get("serving").asLong()).isEqualTo(3);
    assertThat(snaps.get("snapshots").get(0).get("models").toString()).isEqualTo("[\"pop\"]");
    Reply popOnly = call("GET", "/recommend/u0?n=2", null);
    assertThat(popOnly.body().get("model").asText()).isEqualTo("pop"); // ease is not in snapshot 3
  }

  private static java.time.Instant instant(JsonNode n) {
    return java.time.Instant.parse(n.asText());
  }

  @Test
  void a_second_request_while_one_is_queued_returns_that_job() throws Exception {
    start("");
    CountDownLatch hold = new CountDownLatch(1);
    server.retrainer().onWorker(() -> {
      try {
        hold.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Reply first = call("POST", "/admin/train", "{}");
    Reply second = call("POST", "/admin/train", "{\"models\":[\"pop\"]}");
    hold.countDown();
    assertThat(first.status()).isEqualTo(202);
    assertThat(first.body().get("state").asText()).isEqualTo("queued");
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.body().get("id").asLong()).isEqualTo(first.body().get("id").asLong());
    assertThat(awaitJob(first.body().get("id").asLong()).get("version").asLong()).isEqualTo(2);
    assertThat(tandem.snapshots().versions()).containsExactly(1L, 2L); // no second job ran
    assertThat(server.retrainer().jobs()).extracting(Retrainer.Job::id).containsExactly(first.body().get("id").asLong());
  }

  @Test
  void recommend_requests_during_retraining_all_succeed() throws Exception {
    start("");
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger ok = new AtomicInteger();
    ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
    List<Thread> clients = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      final int id = t;
      Thread c = new Thread(() -> {
        long lastVersion = 0;
        while (!done.get()) {
          try {
            Reply r = id == 0 ? call("GET", "/recommend/u" + (ok.get() % 20) + "?n=3", null)
                : call("POST", "/recommend", ANON_S1);
            long v = r.status() == 200 ? r.body().get("snapshotVersion").asLong() : -1;
            if (r.status() != 200 || v < lastVersion || r.body().get("items").size() != 3) {
              bad.add(r.status() + " " + r.body());
            } else {
              ok.incrementAndGet();
              lastVersion = v;
            }
          } catch (Exception e) {
            bad.add(e.toString());
          }
        }
      });
      clients.add(c);
      c.start();
    }
    for (int i = 0; i < 3; i++) {
      Reply job = call("POST", "/admin/train", "");
      assertThat(job.status()).isEqualTo(202);
      assertThat(awaitJob(job.body().get("id").asLong()).get("state").asText()).isEqualTo("succeeded");
    }
    // keep hammering until both clients have been answered by the newest snapshot
    await("/recommend/u1", b -> b.get("snapshotVersion").asLong() == 4);
    done.set(true);
    for (Thread c : clients) {
      c.join(60_000);
    }
    assertThat(bad).isEmpty(); // every response a 200 with 3 items, versions never going back
    assertThat(ok.get()).isGreaterThan(0);
    assertThat(call("POST", "/recommend", ANON_S1).body().get("snapshotVersion").asLong()).isEqualTo(4);
  }

  @Test
  void the_schedule_retrains_and_skips_when_nothing_changed() throws Exception {
    start("retrain_every = \"1s\"\nreload_every = \"0\"");
    JsonNode h = await("/health", b -> b.has("lastTraining") && b.get("lastTraining").get("trigger").asText()
        .equals("schedule") && b.get("lastTraining").get("state").asText().equals("succeeded"));
    long v = h.get("lastTraining").get("version").asLong();
    assertThat(v).isEqualTo(2); // the first tick trains: this server has not trained yet
    assertThat(h.get("retrainEvery").asText()).isEqualTo("1s");
    // new feedback: the next tick trains again
    assertThat(call("POST", "/feedback", "[{\"user\":\"u0\",\"item\":\"r1\",\"type\":\"like\",\"ts\":5000}]")
        .body().get("accepted").asInt()).isEqualTo(1);
    JsonNode after = await("/health", b -> b.get("snapshot").get("version").asLong() > v);
    assertThat(after.get("lastTraining").get("trigger").asText()).isEqualTo("schedule");
    assertThat(after.get("snapshot").get("training").get("interactions").asText()).isEqualTo("61");
  }

  @Test
  void a_failed_retrain_keeps_the_previous_snapshot_serving_and_degrades_health() throws Exception {
    start("");
    for (int u = 0; u < 20; u++) {
      assertThat(call("DELETE", "/users/u" + u, null).status()).isEqualTo(200); // erases all feedback
    }
    Reply job = call("POST", "/admin/train", "");
    JsonNode failed = awaitJob(job.body().get("id").asLong());
    assertThat(failed.get("state").asText()).isEqualTo("failed");
    assertThat(failed.get("error").asText()).startsWith("no positive feedback to train on (0 events read)");
    assertThat(failed.get("version").isNull()).isTrue();

    Reply rec = call("POST", "/recommend", ANON_S1);
    assertThat(rec.status()).isEqualTo(200);
    assertThat(rec.body().get("snapshotVersion").asLong()).isEqualTo(1);
    assertThat(ids(rec.body())).containsExactlyInAnyOrder("s2", "s3", "s4");

    Reply health = call("GET", "/health", null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body().get("status").asText()).isEqualTo("degraded");
    assertThat(health.body().get("snapshot").get("version").asLong()).isEqualTo(1);
    JsonNode last = health.body().get("lastTraining");
    assertThat(last.get("state").asText()).isEqualTo("failed");
    assertThat(last.get("error").asText()).contains("no positive feedback");
    assertThat(last.get("at").asText()).isEqualTo(failed.get("finishedAt").asText());
    assertThat(tandem.snapshots().versions()).containsExactly(1L);

    // feedback again, a retrain succeeds, health recovers
    call("POST", "/feedback", "[{\"user\":\"x\",\"item\":\"s1\",\"type\":\"like\",\"ts\":1},"
        + "{\"user\":\"x\",\"item\":\"s2\",\"type\":\"like\",\"ts\":2}]");
    assertThat(awaitJob(call("POST", "/admin/train", "").body().get("id").asLong()).get("state").asText())
        .isEqualTo("succeeded");
    assertThat(call("GET", "/health", null).body().get("status").asText()).isEqualTo("ok");
  }

  @Test
  void a_retrain_without_the_configured_model_degrades_health_and_every_answer_says_fallback() throws Exception {
    start("");
    JsonNode done = awaitJob(call("POST", "/admin/train", "{\"models\":[\"pop\"]}").body().get("id").asLong());
    assertThat(done.get("state").asText()).isEqualTo("succeeded");
    long v = done.get("version").asLong();
    String missing = "recommend.model (ease) is not in snapshot " + v + ", which has [pop]; retrain with it"
        + " (tandem train --models ...,ease), so pop answered";

    JsonNode health = call("GET", "/health", null).body();
    assertThat(health.get("status").asText()).isEqualTo("degraded");
    assertThat(health.get("problems")).hasSize(1);
    assertThat(health.get("problems").get(0).asText()).isEqualTo(missing + " (answers say fallback: true)");

    JsonNode rec = await("/recommend/u0?n=3", b -> b.get("snapshotVersion").asLong() == v);
    assertThat(rec.get("model").asText()).isEqualTo("pop");
    assertThat(rec.get("fallback").asBoolean()).isTrue();
    assertThat(rec.get("fallbackReason").asText()).isEqualTo(missing);
    JsonNode sim = call("GET", "/items/s1/similar?n=2", null).body();
    assertThat(sim.get("fallback").asBoolean()).isTrue();
    dev.tandem.client.Recommendations viaClient = dev.tandem.client.TandemClient.builder(URI.create("http://127.0.0.1:"
        + server.port())).apiKey(ADMIN_KEY).build().recommend("u0", 3);
    assertThat(viaClient.fallback()).isTrue();
    assertThat(viaClient.fallbackReason()).isEqualTo(missing);
    assertThat(viaClient.cutShort()).isEmpty();
    JsonNode ask = call("POST", "/ask", "{\"user\":\"u0\",\"query\":\"something romantic\"}").body();
    assertThat(ask.has("fallback")).as("%s", ask).isTrue();
    assertThat(ask.get("fallback").asBoolean()).isTrue();
    assertThat(ask.get("fallbackReason").asText()).isEqualTo(missing);

    // retraining with the configured model clears it
    assertThat(awaitJob(call("POST", "/admin/train", "").body().get("id").asLong()).get("state").asText())
        .isEqualTo("succeeded");
    JsonNode ok = call("GET", "/health", null).body();
    assertThat(ok.get("status").asText()).isEqualTo("ok");
    assertThat(ok.get("problems")).isEmpty();
    JsonNode back = await("/recommend/u0?n=3", b -> b.get("model").asText().equals("ease"));
    assertThat(back.get("fallback").asBoolean()).isFalse();
    assertThat(back.has("fallbackReason")).isFalse();
  }

  @Test
  void retention_keeps_the_newest_k_snapshots_and_lists_them() throws Exception {
    start("keep_snapshots = 2");
    for (int i = 0; i < 3; i++) {
      assertThat(awaitJob(call("POST", "/admin/train", "").body().get("id").asLong()).get("state").asText())
          .isEqualTo("succeeded");
    }
    assertThat(tandem.snapshots().versions()).containsExactly(3L, 4L);
    JsonNode list = call("GET", "/admin/snapshots", null).body();
    assertThat(list.get("serving").asLong()).isEqualTo(4);
    assertThat(list.get("keep").asInt()).isEqualTo(2);
    List<Long> versions = new ArrayList<>();
    List<Boolean> serving = new ArrayList<>();
    list.get("snapshots").forEach(s -> {
      versions.add(s.get("version").asLong());
      serving.add(s.get("serving").asBoolean());
    });
    assertThat(versions).containsExactly(4L, 3L);
    assertThat(serving).containsExactly(true, false);
    JsonNode newest = list.get("snapshots").get(0);
    assertThat(newest.get("bytes").asLong()).isEqualTo(Files.size(tandem.snapshots().fileOf(4)));
    assertThat(newest.get("models").toString()).isEqualTo("[\"pop\",\"ease\",\"itemknn\"]");
    assertThat(java.time.Instant.parse(newest.get("createdAt").asText()))
        .isAfterOrEqualTo(java.time.Instant.parse(list.get("snapshots").get(1).get("createdAt").asText()));
  }

  @Test
  void a_snapshot_trained_by_another_process_is_picked_up() throws Exception {
    start("reload_every = \"100ms\"");
    try (Tandem cli = Tandem.open(home)) {
      cli.train(MODELS);
    }
    JsonNode r = await("/recommend/u0?n=3", b -> b.get("snapshotVersion").asLong() == 2);
    assertThat(ids(r)).hasSize(3).doesNotContain("s2", "s3", "s4");
    assertThat(ids(r).get(0)).isEqualTo("s1"); // the one unseen sci-fi item leads
  }

  @Test
  void bad_train_requests_are_400_naming_the_field() throws Exception {
    start("");
    Reply unknownModel = call("POST", "/admin/train", "{\"models\":[\"pop\",\"nope\"]}");
    assertThat(unknownModel.status()).isEqualTo(400);
    assertThat(unknownModel.body().get("field").asText()).isEqualTo("models[1]");
    assertThat(unknownModel.body().get("error").asText()).contains("model (\"nope\") is not known");
    Reply badParam = call("POST", "/admin/train", "{\"models\":[\"pop\"],\"params\":{\"pop\":{\"half_life_days\":-2}}}");
    assertThat(badParam.status()).isEqualTo(400);
    assertThat(badParam.body().get("field").asText()).isEqualTo("params");
    assertThat(badParam.body().get("error").asText()).contains("pop.half_life_days (-2.0) must be >= 0");
    Reply typo = call("POST", "/admin/train", "{\"modles\":[\"pop\"]}");
    assertThat(typo.status()).isEqualTo(400);
    assertThat(typo.body().get("field").asText()).isEqualTo("modles");
    Reply nested = call("POST", "/admin/train", "{\"params\":{\"ease\":{\"lambda\":[1]}}}");
    assertThat(nested.body().get("field").asText()).isEqualTo("params.ease.lambda");
    assertThat(call("GET", "/admin/train/abc", null).body().get("field").asText()).isEqualTo("id");
    assertThat(call("GET", "/admin/train/999", null).status()).isEqualTo(404);
    assertThat(call("GET", "/admin/train", null).status()).isEqualTo(404); // nothing ran in this server yet
    assertThat(server.retrainer().jobs()).isEmpty(); // nothing was queued
  }

  @Test
  void admin_routes_need_the_admin_scope() throws Exception {
    start("");
    Reply write = call("POST", "/admin/train", "", WRITE_KEY);
    assertThat(write.status()).isEqualTo(403);
    assertThat(write.body().get("error").asText()).contains("needs scope admin");
    assertThat(call("GET", "/admin/snapshots", null, WRITE_KEY).status()).isEqualTo(403);
    assertThat(call("GET", "/admin/train", null, "no-such-key-0123456789").status()).isEqualTo(401);
    assertThat(server.retrainer().jobs()).isEmpty();
  }

  @Test
  void the_java_client_trains_lists_snapshots_and_reads_metrics() throws Exception {
    start("");
    TandemClient admin = TandemClient.builder(URI.create("http://127.0.0.1:" + server.port())).apiKey(ADMIN_KEY).build();
    assertThat(admin.recommend("u0", 2).snapshotVersion()).isEqualTo(1);

    TrainingJob job = admin.train(List.of("pop", "ease"));
    assertThat(job.models()).containsExactly("pop", "ease");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!job.finished() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      job = admin.trainingJob(job.id()).orElseThrow();
    }
    assertThat(job.state()).as(job.error()).isEqualTo("succeeded");
    assertThat(job.version()).isEqualTo(2);
    assertThat(admin.recommend("u0", 2).snapshotVersion()).isEqualTo(2);
    assertThat(admin.trainingJob(999)).isEmpty();

    List<SnapshotInfo> snaps = admin.snapshots();
    assertThat(snaps).extracting(SnapshotInfo::version).containsExactlyInAnyOrder(1L, 2L);
    assertThat(snaps).filteredOn(SnapshotInfo::serving).singleElement()
        .satisfies(i -> assertThat(i.models()).containsExactly("pop", "ease"));

    String metrics = admin.metrics();
    assertThat(metrics).containsPattern("tandem_http_requests_seconds_count\\{[^}]*uri=\"/recommend/\\{user}\"[^}]*} 2\n");
    assertThat(metrics).contains("tandem_snapshot_version 2.0");

    TandemClient app = TandemClient.builder(URI.create("http://127.0.0.1:" + server.port())).apiKey(WRITE_KEY).build();
    assertThatThrownBy(() -> app.train(List.of()))
        .isInstanceOfSatisfying(TandemApiException.class, e -> assertThat(e.status()).isEqualTo(403));
  }
}

package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import dev.tandem.store.snapshot.SnapshotStore;
import dev.tandem.testkit.Poll;
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
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requirement 7 of issue 12: the disk fills up while a snapshot is written. The home lives on a
 * {@link FullDisk}: the real file system, where the snapshot folder has a budget of free space
 * (half the size of the snapshot serving), so the retrain's own {@code FileChannel.write} gets
 * "No space left on device" part-way through the file, exactly as {@code write(2)} reports ENOSPC.
 *
 * <p>Through a real server's {@code POST /admin/train} it proves that: the job fails with that
 * message (naming the snapshot file), the old snapshot keeps serving, {@code /health} says
 * {@code degraded} with the reason, no partial or temporary file remains, and once space is free
 * again the next retrain succeeds and serves. Waits are bounded polls.
 */
class DiskFullTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void a_retrain_that_fills_the_disk_fails_cleanly_and_the_next_one_after_space_frees_succeeds() throws Exception {
    FullDisk disk = new FullDisk(p -> p.toString().contains("/snapshots/"));
    Path home = disk.wrap(dir.resolve("home"));
    Files.createDirectories(home);
    Files.writeString(home.resolve("tandem.toml"), "[server]\napi_keys = [\"boss:" + TinyHome.ADMIN_KEY
        + ":admin\", \"reader:" + TinyHome.READ_KEY + ":read\"]\nrate_limit = 0\n");
    try (Tandem tandem = Tandem.open(home)) {
      fill(tandem);
      try (TandemServer server = TandemServer.start(tandem, "127.0.0.1", 0)) {
        run(disk, home.resolve("snapshots"), URI.create("http://127.0.0.1:" + server.port()));
      }
    }
  }

  private void run(FullDisk disk, Path snapshots, URI base) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    JsonNode health = call(http, base, "GET", "/health", null, 200);
    assertThat(health.get("status").asText()).as(health.toString()).isEqualTo("ok");
    assertThat(health.get("snapshot").get("version").asLong()).isEqualTo(1);
    long size = Files.size(snapshots.resolve("snapshot-000001.tsnap"));
    long free = size / 2;
    long writtenBefore = disk.written();
    disk.free(free); // the next snapshot, about as big, cannot fit

    JsonNode queued = call(http, base, "POST", "/admin/train", "{\"models\":[\"pop\",\"ease\"]}", 202);
    long id = queued.get("id").asLong();
    JsonNode failed = await("job " + id + " finished", () -> call(http, base, "GET", "/admin/train/" + id, null, 200),
        j -> j.get("state").asText().equals("failed") || j.get("state").asText().equals("succeeded"));
    assertThat(failed.get("state").asText()).as(failed.toString()).isEqualTo("failed");
    String error = failed.get("error").asText();
    assertThat(error).isEqualTo("cannot write snapshot 2 to " + snapshots.resolve("snapshot-000002.tsnap")
        + ": No space left on device");
    assertThat(disk.failures()).isEqualTo(1);
    assertThat(disk.written() - writtenBefore).as("bytes written before the disk was full").isEqualTo(free);

    JsonNode degraded = call(http, base, "GET", "/health", null, 200);
    assertThat(degraded.get("status").asText()).isEqualTo("degraded");
    assertThat(degraded.get("problems").get(0).asText()).isEqualTo("training job " + id + " failed (" + error
        + "); the previous snapshot serves");
    assertThat(degraded.get("snapshot").get("version").asLong()).isEqualTo(1);
    assertThat(degraded.get("lastTraining").get("state").asText()).isEqualTo("failed");
    JsonNode rec = call(http, base, "GET", "/recommend/u0?n=2", null, 200);
    assertThat(rec.get("snapshotVersion").asLong()).isEqualTo(1);
    assertThat(rec.get("items")).hasSize(2);
    assertThat(names(snapshots)).as("no partial or temporary file remains")
        .containsExactly(SnapshotStore.LOCK_FILE, "snapshot-000001.tsnap");

    disk.unlimited(); // space freed
    JsonNode again = call(http, base, "POST", "/admin/train", "{\"models\":[\"pop\",\"ease\"]}", 202);
    long id2 = again.get("id").asLong();
    JsonNode ok = await("job " + id2 + " finished", () -> call(http, base, "GET", "/admin/train/" + id2, null, 200),
        j -> j.get("state").asText().equals("failed") || j.get("state").asText().equals("succeeded"));
    assertThat(ok.get("state").asText()).as(ok.toString()).isEqualTo("succeeded");
    assertThat(ok.get("version").asLong()).isEqualTo(2);
    JsonNode healthy = call(http, base, "GET", "/health", null, 200);
    assertThat(healthy.get("status").asText()).as(healthy.toString()).isEqualTo("ok");
    assertThat(healthy.get("snapshot").get("version").asLong()).isEqualTo(2);
    assertThat(call(http, base, "GET", "/recommend/u0?n=2", null, 200).get("snapshotVersion").asLong()).isEqualTo(2);
    assertThat(names(snapshots)).containsExactly(SnapshotStore.LOCK_FILE, "snapshot-000001.tsnap",
        "snapshot-000002.tsnap");
    System.out.printf(Locale.ROOT, "DiskFullTest: snapshot 1 is %d bytes; %d bytes free; the retrain wrote %d bytes"
        + " and failed with \"%s\"; snapshot 1 kept serving, no file left behind; after freeing space retrain %d"
        + " wrote snapshot 2 (%d bytes)%n", size, free, free, error, id2,
        Files.size(snapshots.resolve("snapshot-000002.tsnap")));
  }

  /** File names in {@code dir}, sorted. */
  private static List<String> names(Path dir) throws java.io.IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Polls {@code probe} until {@code done} holds (at most {@link #WAIT}); returns the last answer. */
  private static JsonNode await(String what, Poll.Probe<JsonNode> probe, Predicate<JsonNode> done) throws Exception {
    return Poll.until(what, probe, done, WAIT);
  }

  private static JsonNode call(HttpClient http, URI base, String method, String path, String body, int expected)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + TinyHome.ADMIN_KEY);
    b = body == null ? b.GET() : b.header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(expected);
    return JSON.readTree(r.body());
  }

  /** Twelve items, users u0..u7 with a few likes each; pop and ease trained (snapshot 1). */
  private static void fill(Tandem tandem) throws Exception {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      items.add(new Item("i" + i, "Item " + i, "", List.of("x"), List.of(), Map.of(), 0, true));
    }
    List<Feedback> fb = new ArrayList<>();
    for (int u = 0; u < 8; u++) {
      for (int k = 0; k < 4; k++) {
        fb.add(new Feedback("u" + u, "i" + ((u + 3 * k) % 12), "like", 1, k + 1));
      }
    }
    tandem.store().items().upsert(items);
    tandem.store().feedback().append(fb);
    tandem.train(new TrainOptions(List.of("pop", "ease"), Map.of(), (m, s) -> { }));
  }
}

package dev.tandem.store.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.IdIndex;
import dev.tandem.core.snapshot.ModelSnapshot;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
  @TempDir Path dir;

  private static ModelSnapshot snap(long version) {
    return new ModelSnapshot(version, 1000 * version, IdIndex.of(List.of("a", "b")), Map.of(), Map.of(), Map.of());
  }

  @Test
  void keeps_the_newest_k_files() throws Exception {
    SnapshotStore store = new SnapshotStore(dir, 3);
    for (long v = 1; v <= 5; v++) {
      assertThat(store.nextVersion()).isEqualTo(v);
      store.write(snap(v));
    }
    assertThat(store.versions()).containsExactly(3L, 4L, 5L);
    assertThat(Files.exists(store.fileOf(2))).isFalse();
    assertThat(store.latest()).contains(store.fileOf(5));
  }

  @Test
  void never_deletes_a_protected_version() throws Exception {
    SnapshotStore store = new SnapshotStore(dir, 1);
    store.write(snap(1));
    store.write(snap(2), Set.of(1L)); // 1 still serving
    assertThat(store.versions()).containsExactly(1L, 2L);
    store.write(snap(3), Set.of(2L)); // 2 serving now: 1 goes
    assertThat(store.versions()).containsExactly(2L, 3L);
    assertThat(store.prune(Set.of())).containsExactly(2L);
    assertThat(store.versions()).containsExactly(3L);
  }

  /** A temporary file as a write killed part-way leaves it: the name SnapshotFile gives it, half the bytes. */
  private static Path leftover(SnapshotStore store, long version, Path complete) throws Exception {
    byte[] all = Files.readAllBytes(complete);
    Path tmp = store.dir().resolve("snapshot-" + String.format("%06d", version) + ".tsnap4711.tmp");
    Files.write(tmp, Arrays.copyOf(all, all.length / 2));
    return tmp;
  }

  @Test
  void a_temporary_file_of_a_killed_write_is_never_read_and_is_deleted_when_no_write_runs() throws Exception {
    SnapshotStore store = new SnapshotStore(dir, 3);
    Path v1 = store.write(snap(1));
    Path tmp = leftover(store, 2, v1);
    assertThat(store.versions()).containsExactly(1L);
    assertThat(store.latest()).contains(v1);
    assertThat(store.nextVersion()).isEqualTo(2);
    assertThat(store.removeStaleTemporaryFiles()).containsExactly(tmp.getFileName().toString());
    assertThat(Files.exists(tmp)).isFalse();
    assertThat(Files.exists(v1)).isTrue();
    assertThat(store.removeStaleTemporaryFiles()).isEmpty();

    Path again = leftover(store, 2, v1); // the next write cleans up first, too
    store.write(snap(2));
    assertThat(Files.exists(again)).isFalse();
    assertThat(store.versions()).containsExactly(1L, 2L);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("snapshot-000001.tsnap",
          "snapshot-000002.tsnap", SnapshotStore.LOCK_FILE);
    }
  }

  @Test
  void a_temporary_file_is_left_alone_while_another_process_holds_the_write_lock() throws Exception {
    SnapshotStore store = new SnapshotStore(dir, 3);
    Path v1 = store.write(snap(1));
    Path tmp = leftover(store, 2, v1);
    String javaBin = ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process writer = new ProcessBuilder(javaBin, "-cp", cp, HoldSnapshotLock.class.getName(), dir.toString())
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream()));
      assertThat(out.readLine()).isEqualTo("locked"); // blocks until the child holds the lock (or exits)
      assertThat(store.removeStaleTemporaryFiles()).isEmpty(); // it may be that process's live write
      assertThat(Files.exists(tmp)).isTrue();
    } finally {
      writer.getOutputStream().close();
      assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(store.removeStaleTemporaryFiles()).containsExactly(tmp.getFileName().toString());
  }

  @Test
  void rejects_keep_below_one_and_an_existing_version() throws Exception {
    assertThatThrownBy(() -> new SnapshotStore(dir, 0)).hasMessage("keep (0) must be >= 1");
    SnapshotStore store = new SnapshotStore(dir, 2);
    store.write(snap(1));
    assertThatThrownBy(() -> store.write(snap(1))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("snapshot version 1 already exists");
  }
}

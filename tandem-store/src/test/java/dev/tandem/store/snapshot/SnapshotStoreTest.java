package dev.tandem.store.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.IdIndex;
import dev.tandem.core.snapshot.ModelSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  @Test
  void rejects_keep_below_one_and_an_existing_version() throws Exception {
    assertThatThrownBy(() -> new SnapshotStore(dir, 0)).hasMessage("keep (0) must be >= 1");
    SnapshotStore store = new SnapshotStore(dir, 2);
    store.write(snap(1));
    assertThatThrownBy(() -> store.write(snap(1))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("snapshot version 1 already exists");
  }
}

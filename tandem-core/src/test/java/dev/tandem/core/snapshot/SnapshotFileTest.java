package dev.tandem.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.model.Model;
import dev.tandem.core.retrieval.Popularity;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {
  @TempDir Path dir;

  private ModelSnapshot snapshot() {
    IdIndex items = IdIndex.of(List.of("x", "y", "z", "é"));
    Interactions data = Interactions.builder(items).add("u", 0, 1, 0).add("v", 0, 1, 0).add("v", 3, 1, 0).build();
    Model pop = new Popularity.Trainer(new Popularity.Params(0)).fit(data);
    return new ModelSnapshot(7, 1234L, items, Map.of("pop", pop), Map.of("pop", Map.of("half_life_days", "0.0")),
        Map.of("users", "2"));
  }

  @Test
  void round_trip_keeps_everything() throws Exception {
    Path f = dir.resolve("s.tsnap");
    SnapshotFile.write(snapshot(), f);
    ModelSnapshot back = SnapshotFile.read(f);
    assertThat(back.version()).isEqualTo(7);
    assertThat(back.createdAtMillis()).isEqualTo(1234L);
    assertThat(back.items().ids()).containsExactly("x", "y", "z", "é");
    assertThat(back.params()).isEqualTo(Map.of("pop", Map.of("half_life_days", "0.0")));
    assertThat(back.info()).containsEntry("users", "2");
    float[] s = new float[4];
    back.models().get("pop").score(History.EMPTY, s);
    assertThat(s).containsExactly(2f, 0f, 0f, 1f);
    ModelSnapshot header = SnapshotFile.read(f, Set.of());
    assertThat(header.models()).isEmpty();
    assertThat(header.params()).containsOnlyKeys("pop");
  }

  @Test
  void a_flipped_byte_is_caught() throws Exception {
    Path f = dir.resolve("s.tsnap");
    SnapshotFile.write(snapshot(), f);
    long size = Files.size(f);
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.seek(size - 12); // inside the last model payload
      int b = raf.read();
      raf.seek(size - 12);
      raf.write(b ^ 0x40);
    }
    assertThatThrownBy(() -> SnapshotFile.read(f)).isInstanceOf(SnapshotException.class).hasMessageContaining("checksum mismatch");
  }

  @Test
  void truncation_wrong_magic_and_wrong_version_are_clear_errors() throws Exception {
    Path f = dir.resolve("s.tsnap");
    SnapshotFile.write(snapshot(), f);
    byte[] all = Files.readAllBytes(f);
    Path cut = dir.resolve("cut.tsnap");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length - 20));
    assertThatThrownBy(() -> SnapshotFile.read(cut)).isInstanceOf(SnapshotException.class).hasMessageContaining("truncated");

    Path junk = dir.resolve("junk.tsnap");
    Files.writeString(junk, "hello, this is not a snapshot at all");
    assertThatThrownBy(() -> SnapshotFile.read(junk)).isInstanceOf(SnapshotException.class).hasMessageContaining("bad magic");

    byte[] other = all.clone();
    other[8] = 99; // format version, little-endian int after the magic
    Path future = dir.resolve("future.tsnap");
    Files.write(future, other);
    assertThatThrownBy(() -> SnapshotFile.read(future)).isInstanceOf(SnapshotException.class)
        .hasMessageContaining("format version 99; this Tandem reads version 1");
  }

  @Test
  void large_arrays_cross_buffer_boundaries() throws Exception {
    Path f = dir.resolve("big.bin");
    float[] floats = new float[700_001];
    long[] longs = new long[300_003];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = i * 0.5f;
    }
    for (int i = 0; i < longs.length; i++) {
      longs[i] = (long) i * 1_000_000_007L;
    }
    try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.WRITE)) {
      SnapshotOutput out = new SnapshotOutput(ch);
      out.writeString("head");
      out.writeFloats(floats);
      out.writeLongs(longs);
      out.writeInts(new int[] {1, 2, 3});
      out.flush();
      try (var rd = java.nio.channels.FileChannel.open(f)) {
        SnapshotInput in = new SnapshotInput(rd, out.bytesWritten(), "test");
        assertThat(in.readString()).isEqualTo("head");
        assertThat(in.readFloats()).isEqualTo(floats);
        assertThat(in.readLongs()).isEqualTo(longs);
        assertThat(in.readInts()).containsExactly(1, 2, 3);
        assertThat(in.unconsumed()).isZero();
        assertThat(in.checksum()).isEqualTo(out.checksum());
      }
    }
  }
}

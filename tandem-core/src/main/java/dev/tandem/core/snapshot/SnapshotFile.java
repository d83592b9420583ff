package dev.tandem.core.snapshot;

import dev.tandem.core.data.IdIndex;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.rating.RatingModel;
import dev.tandem.core.rating.RatingSnapshots;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The on-disk snapshot format. A file is the magic {@code TANDEMSN}, the format version, then
 * checksummed sections: a header (version, time, item ids, info, the model directory) and one
 * section per model. Each section is {@code [length][bytes][CRC32C]}, so a reader can load some
 * models and skip the rest, and any flipped bit is caught before a model is used.
 *
 * <p>Writes go to a temporary file that is forced to disk and then renamed over the target, so
 * a reader sees the old file or the new one, never half of one.
 */
public final class SnapshotFile {
  /** The format version this code writes and reads. */
  public static final int FORMAT_VERSION = 1;
  /** Prefix of a rating model's type in the model directory. */
  private static final String RATING = "rating:";
  private static final byte[] MAGIC = "TANDEMSN".getBytes(StandardCharsets.US_ASCII);

  private SnapshotFile() {}

  /** Writes {@code snapshot} to {@code target} atomically. */
  public static void write(ModelSnapshot snapshot, Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).putInt(FORMAT_VERSION).flip();
        writeFully(ch, head);
        section(ch, out -> {
          out.writeLong(snapshot.version());
          out.writeLong(snapshot.createdAtMillis());
          String[] ids = snapshot.items().toArray();
          out.writeInt(ids.length);
          for (String id : ids) {
            out.writeString(id);
          }
          writeMap(out, snapshot.info());
          out.writeInt(snapshot.models().size() + snapshot.ratingModels().size());
          for (var e : snapshot.models().entrySet()) {
            out.writeString(e.getKey());
            out.writeString(e.getValue().type());
            writeMap(out, snapshot.params().getOrDefault(e.getKey(), Map.of()));
          }
          for (var e : snapshot.ratingModels().entrySet()) {
            out.writeString(e.getKey());
            out.writeString(RATING + e.getValue().type());
            writeMap(out, snapshot.ratingParams().getOrDefault(e.getKey(), Map.of()));
          }
        });
        for (Model m : snapshot.models().values()) {
          ModelType<?, ?> type = ModelTypes.byName(m.type());
          section(ch, out -> type.writeModel(m, out));
        }
        for (RatingModel m : snapshot.ratingModels().values()) {
          section(ch, out -> RatingSnapshots.write(m, out));
        }
        ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Reads every model of the snapshot at {@code path}. */
  public static ModelSnapshot read(Path path) throws IOException {
    return read(path, null);
  }

  /**
   * Reads the snapshot at {@code path}, loading only the models named in {@code only}
   * ({@code null} for all); the others are skipped without being read, but their parameters
   * still appear in {@link ModelSnapshot#params()}, which lists every model in the file.
   *
   * @throws SnapshotException if the file is not a snapshot, of another format version, truncated or corrupt
   */
  public static ModelSnapshot read(Path path, Set<String> only) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 4).order(ByteOrder.LITTLE_ENDIAN);
      while (head.hasRemaining() && ch.read(head) >= 0) {
        // fill
      }
      head.flip();
      byte[] magic = new byte[MAGIC.length];
      if (head.remaining() < MAGIC.length + 4) {
        throw new SnapshotException(path + " is not a Tandem snapshot (too short)");
      }
      head.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new SnapshotException(path + " is not a Tandem snapshot (bad magic)");
      }
      int format = head.getInt();
      if (format != FORMAT_VERSION) {
        throw new SnapshotException(path + " has snapshot format version " + format + "; this Tandem reads version "
            + FORMAT_VERSION + ": retrain with `tandem train`");
      }
      long[] version = new long[2];
      List<String> names = new ArrayList<>();
      List<String> types = new ArrayList<>();
      Map<String, Map<String, String>> params = new LinkedHashMap<>();
      Map<String, Map<String, String>> ratingParams = new LinkedHashMap<>();
      Map<String, String> info = new LinkedHashMap<>();
      IdIndex[] items = new IdIndex[1];
      readSection(ch, path + " header", in -> {
        version[0] = in.readLong();
        version[1] = in.readLong();
        int n = in.readInt();
        if (n < 0) {
          throw new SnapshotException(path + ": item count (" + n + ") is negative (corrupt snapshot)");
        }
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
          ids[i] = in.readString();
        }
        items[0] = IdIndex.ofSorted(ids);
        info.putAll(readMap(in));
        int models = in.readInt();
        for (int i = 0; i < models; i++) {
          String name = in.readString();
          names.add(name);
          String type = in.readString();
          types.add(type);
          (type.startsWith(RATING) ? ratingParams : params).put(name, readMap(in));
        }
      });
      Map<String, Model> models = new LinkedHashMap<>();
      Map<String, RatingModel> ratingModels = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        if (only != null && !only.contains(name)) {
          skipSection(ch, path + " model " + name);
          continue;
        }
        if (types.get(i).startsWith(RATING)) {
          RatingModel[] slot = new RatingModel[1];
          readSection(ch, path + " rating model " + name, in -> slot[0] = RatingSnapshots.read(in));
          ratingModels.put(name, slot[0]);
          continue;
        }
        ModelType<?, ?> type = ModelTypes.byName(types.get(i));
        Model[] slot = new Model[1];
        readSection(ch, path + " model " + name, in -> slot[0] = type.read(in));
        models.put(name, slot[0]);
      }
      try {
        return new ModelSnapshot(version[0], version[1], items[0], models, params, info, ratingModels,
            ratingParams);
      } catch (IllegalArgumentException e) {
        throw new SnapshotException(path + ": " + e.getMessage());
      }
    }
  }

  @FunctionalInterface
  private interface SectionWriter {
    void write(SnapshotOutput out) throws IOException;
  }

  @FunctionalInterface
  private interface SectionReader {
    void read(SnapshotInput in) throws IOException;
  }

  private static void section(FileChannel ch, SectionWriter body) throws IOException {
    long lengthAt = ch.position();
    writeFully(ch, ByteBuffer.allocate(8));
    SnapshotOutput out = new SnapshotOutput(ch);
    body.write(out);
    out.flush();
    long end = ch.position();
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(out.bytesWritten());
    len.flip();
    ch.write(len, lengthAt);
    ch.position(end);
    ByteBuffer crc = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(out.checksum());
    crc.flip();
    writeFully(ch, crc);
  }

  private static long readLong(FileChannel ch, String where) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        throw new SnapshotException(where + ": file ends early (truncated snapshot)");
      }
    }
    return b.flip().getLong();
  }

  private static void readSection(FileChannel ch, String where, SectionReader body) throws IOException {
    long length = readLong(ch, where);
    if (length < 0 || length > ch.size() - ch.position() - 8) {
      throw new SnapshotException(where + ": section length (" + length + ") exceeds the file (truncated or corrupt snapshot)");
    }
    long start = ch.position();
    SnapshotInput in = new SnapshotInput(ch, length, where);
    try {
      body.read(in);
    } catch (RuntimeException e) {
      throw new SnapshotException(where + ": unreadable (" + e.getMessage() + ")");
    }
    if (in.unconsumed() != 0) {
      throw new SnapshotException(where + ": " + in.unconsumed() + " bytes left unread (corrupt snapshot)");
    }
    ch.position(start + length);
    long expected = readLong(ch, where);
    if (expected != in.checksum()) {
      throw new SnapshotException(where + ": checksum mismatch (corrupt snapshot)");
    }
  }

  private static void skipSection(FileChannel ch, String where) throws IOException {
    long length = readLong(ch, where);
    if (length < 0 || length > ch.size() - ch.position() - 8) {
      throw new SnapshotException(where + ": section length (" + length + ") exceeds the file (truncated or corrupt snapshot)");
    }
    ch.position(ch.position() + length + 8);
  }

  private static void writeMap(SnapshotOutput out, Map<String, String> map) throws IOException {
    out.writeInt(map.size());
    for (var e : map.entrySet()) {
      out.writeString(e.getKey());
      out.writeString(e.getValue());
    }
  }

  private static Map<String, String> readMap(SnapshotInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1_000_000) {
      throw new SnapshotException("map size (" + n + ") is out of range (corrupt snapshot)");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put(in.readString(), in.readString());
    }
    return m;
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }
}

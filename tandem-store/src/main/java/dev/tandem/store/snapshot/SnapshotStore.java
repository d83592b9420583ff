package dev.tandem.store.snapshot;

import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.core.snapshot.SnapshotFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Versioned model snapshots in a folder, one file each ({@code snapshot-000042.tsnap}). A new
 * snapshot becomes visible only when its file is complete (written to a temporary file, forced,
 * renamed), so readers never see half of one; the newest version is the current one. Older
 * files beyond {@code keep} are deleted after a successful write.
 *
 * <p>Thread-safe for concurrent readers; writers are expected to be serialised by the caller
 * (one trainer per home).
 */
public final class SnapshotStore {
  private static final Pattern NAME = Pattern.compile("snapshot-(\\d{6,})\\.tsnap");
  private final Path dir;
  private final int keep;

  /**
   * @param dir the folder (created on first write)
   * @param keep how many snapshots to keep (>= 1); older ones are deleted
   */
  public SnapshotStore(Path dir, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep (" + keep + ") must be >= 1");
    }
    this.dir = dir;
    this.keep = keep;
  }

  /** The folder holding the snapshots. */
  public Path dir() {
    return dir;
  }

  /** The version the next snapshot should carry: one more than the newest on disk, or 1. */
  public long nextVersion() throws IOException {
    List<Long> v = versions();
    return v.isEmpty() ? 1 : v.get(v.size() - 1) + 1;
  }

  /** Versions on disk, ascending. */
  public List<Long> versions() throws IOException {
    List<Long> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(p -> {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (m.matches()) {
          out.add(Long.parseLong(m.group(1)));
        }
      });
    }
    out.sort(null);
    return out;
  }

  /** The file of {@code version}. */
  public Path fileOf(long version) {
    return dir.resolve(String.format("snapshot-%06d.tsnap", version));
  }

  /** How many snapshot files {@link #write} keeps. */
  public int keep() {
    return keep;
  }

  /** Writes {@code snapshot} as its version, atomically, then prunes old versions (see {@link #prune}). */
  public Path write(ModelSnapshot snapshot) throws IOException {
    return write(snapshot, Set.of());
  }

  /**
   * Writes {@code snapshot} as its version, atomically, then prunes old versions, never deleting
   * those in {@code protect} (e.g. the version still serving).
   *
   * @throws IllegalStateException if the version already exists
   */
  public Path write(ModelSnapshot snapshot, Set<Long> protect) throws IOException {
    Path target = fileOf(snapshot.version());
    if (Files.exists(target)) {
      throw new IllegalStateException("snapshot version " + snapshot.version() + " already exists at " + target);
    }
    SnapshotFile.write(snapshot, target);
    prune(protect);
    return target;
  }

  /**
   * Deletes every snapshot file but the newest {@link #keep()} and those whose version is in
   * {@code protect}.
   *
   * @return the versions deleted, ascending
   */
  public List<Long> prune(Set<Long> protect) throws IOException {
    List<Long> v = versions();
    List<Long> deleted = new ArrayList<>();
    for (int i = 0; i < v.size() - keep; i++) {
      if (!protect.contains(v.get(i)) && Files.deleteIfExists(fileOf(v.get(i)))) {
        deleted.add(v.get(i));
      }
    }
    return deleted;
  }

  /** The file of the newest snapshot, if any. */
  public Optional<Path> latest() throws IOException {
    List<Long> v = versions();
    return v.isEmpty() ? Optional.empty() : Optional.of(fileOf(v.get(v.size() - 1)));
  }

  /**
   * The file of the newest snapshot.
   *
   * @throws IllegalStateException when there is no snapshot yet (the message says to train)
   */
  public Path requireLatest() throws IOException {
    return latest().orElseThrow(() -> new IllegalStateException(
        "no trained model in " + dir + ": run `tandem train` first"));
  }
}

package dev.tandem.store.snapshot;

import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.core.snapshot.SnapshotFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Versioned model snapshots in a folder, one file each ({@code snapshot-000042.tsnap}). A new
 * snapshot becomes visible only when its file is complete (written to a temporary file
 * {@code snapshot-000042.tsnap<random>.tmp}, forced, renamed), so readers never see half of one;
 * the newest version is the current one. Older files beyond {@code keep} are deleted after a
 * successful write.
 *
 * <p>A write holds an exclusive lock on {@value #LOCK_FILE} in the folder for its whole duration,
 * across processes (an operating-system file lock, released by the kernel when the process dies,
 * even by SIGKILL). A temporary file left by a write that was killed or failed to clean up is never
 * read (it does not match the snapshot name) and is deleted by {@link #removeStaleTemporaryFiles()},
 * which every write runs first and a server runs at start: it deletes temporary files only while it
 * holds the lock, so never one that a live writer in any process is still writing.
 *
 * <p>Thread-safe for concurrent readers; writers are expected to be serialised by the caller
 * (one trainer per home); writers in different processes wait for each other.
 */
public final class SnapshotStore {
  /** The lock file a write holds (never deleted; empty). */
  public static final String LOCK_FILE = ".write.lock";
  private static final Pattern NAME = Pattern.compile("snapshot-(\\d{6,})\\.tsnap");
  private static final Pattern TEMPORARY = Pattern.compile("snapshot-\\d{6,}\\.tsnap.*\\.tmp");
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
    Files.createDirectories(dir);
    ReentrantLock local = inProcess();
    local.lock();
    try (FileChannel lock = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock held = lock.lock()) {
      if (Files.exists(target)) {
        throw new IllegalStateException("snapshot version " + snapshot.version() + " already exists at " + target);
      }
      deleteTemporaryFiles(); // a write of this folder killed earlier left them; none is live while we hold the lock
      try {
        SnapshotFile.write(snapshot, target);
      } catch (IOException e) { // e.g. "No space left on device", which names no file
        throw new IOException("cannot write snapshot " + snapshot.version() + " to " + target + ": " + e.getMessage(),
            e);
      }
    } finally {
      local.unlock();
    }
    prune(protect);
    return target;
  }

  /**
   * Threads of one process take this before opening the lock file: a POSIX lock belongs to the
   * process, and closing any channel on the file would drop it under another thread's write.
   */
  private ReentrantLock inProcess() {
    return IN_PROCESS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new ReentrantLock());
  }

  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS =
      new ConcurrentHashMap<>();

  /**
   * Deletes the temporary files of snapshot writes that are no longer running (killed, or failed
   * without cleaning up), if no write holds the lock now; never touches a complete snapshot.
   *
   * @return the names of the files deleted; empty when there were none or a write is running
   */
  public List<String> removeStaleTemporaryFiles() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    ReentrantLock local = inProcess();
    if (!local.tryLock()) {
      return List.of(); // this process is writing one now
    }
    try (FileChannel lock = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock held = lock.tryLock()) {
      return held == null ? List.of() : deleteTemporaryFiles();
    } finally {
      local.unlock();
    }
  }

  /** Deletes every temporary snapshot file; call only while holding the lock. */
  private List<String> deleteTemporaryFiles() throws IOException {
    List<String> deleted = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (TEMPORARY.matcher(name).matches() && Files.deleteIfExists(p)) {
          deleted.add(name);
        }
      }
    }
    deleted.sort(null);
    return deleted;
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

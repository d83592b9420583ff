package dev.tandem.engine.internal.serve;

import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.core.snapshot.SnapshotFile;
import dev.tandem.engine.SnapshotInfo;
import dev.tandem.engine.internal.train.Training;
import dev.tandem.store.snapshot.SnapshotStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The snapshot files on disk next to the one serving: listing them, swapping in the newest, and
 * what is wrong with the serving one for answering by default.
 * Thread-safe.
 */
public final class SnapshotFiles {
  private final SnapshotStore snapshots;
  private final Serving serving;
  private final String recommendModel;

  /** The files of {@code snapshots}, next to {@code serving}; {@code recommendModel} is {@code recommend.model}. */
  public SnapshotFiles(SnapshotStore snapshots, Serving serving, String recommendModel) {
    this.snapshots = snapshots;
    this.serving = serving;
    this.recommendModel = recommendModel;
  }

  /**
   * Has {@code publisher} swap in the newest snapshot on disk when it is newer than the one serving.
   *
   * @return the version serving afterwards, or 0 when there is no snapshot at all
   */
  public long reload(Training.Publisher publisher) throws IOException {
    List<Long> versions = snapshots.versions();
    if (versions.isEmpty()) {
      return servingVersion().orElse(0);
    }
    long newest = versions.get(versions.size() - 1);
    return publisher.swapTo(snapshots.fileOf(newest), newest);
  }

  /** The version of the snapshot serving requests, without loading one; empty before one serves. */
  public OptionalLong servingVersion() {
    ServingSnapshot s = serving.currentOrNull();
    return s == null ? OptionalLong.empty() : OptionalLong.of(s.version());
  }

  /** The snapshot files, newest first, with their headers' facts and which one serves; files deleted meanwhile are left out. */
  public List<SnapshotInfo> list() throws IOException {
    long servingVersion = servingVersion().orElse(-1);
    List<Long> versions = snapshots.versions();
    List<SnapshotInfo> out = new ArrayList<>();
    for (int i = versions.size() - 1; i >= 0; i--) {
      Path file = snapshots.fileOf(versions.get(i));
      try {
        long bytes = Files.size(file);
        ModelSnapshot h = SnapshotFile.read(file, Set.of());
        out.add(new SnapshotInfo(h.version(), h.createdAtMillis(), bytes, List.copyOf(h.params().keySet()), file,
            h.version() == servingVersion));
      } catch (NoSuchFileException e) {
        // pruned while listing
      }
    }
    return out;
  }

  /**
   * That the serving snapshot lacks {@code recommend.model} (answers come from another model and
   * say {@code fallback: true}); empty when nothing was trained yet or nothing is wrong.
   */
  public Optional<String> servingProblem() throws IOException {
    if (snapshots.latest().isEmpty()) {
      return Optional.empty();
    }
    ModelChoice c = ModelChoice.byDefault(serving.current().header(), recommendModel);
    return c.reason().isEmpty() ? Optional.empty() : Optional.of(c.reason() + " (answers say fallback: true)");
  }
}

package dev.tandem.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * One snapshot file on disk, as {@link Tandem#snapshotList()} lists it.
 *
 * @param version the snapshot's version
 * @param createdAtMillis when its training finished (epoch milliseconds)
 * @param bytes the file's size
 * @param models the models it holds, in training order
 * @param file where it is
 * @param serving whether this is the snapshot answering requests in this process
 */
public record SnapshotInfo(long version, long createdAtMillis, long bytes, List<String> models, Path file,
    boolean serving) {
  public SnapshotInfo {
    models = List.copyOf(models);
  }
}

package dev.tandem.client;

import java.util.List;

/**
 * One snapshot file on the server ({@code GET /admin/snapshots}).
 *
 * @param version the snapshot version
 * @param createdAt when it was written (ISO-8601 instant)
 * @param bytes its file size
 * @param models the models it holds
 * @param serving whether it answers requests now
 */
public record SnapshotInfo(long version, String createdAt, long bytes, List<String> models, boolean serving) {

  /** Copies the list. */
  public SnapshotInfo {
    models = List.copyOf(models);
  }
}

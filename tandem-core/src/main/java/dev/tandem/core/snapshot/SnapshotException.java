package dev.tandem.core.snapshot;

import java.io.IOException;

/** A snapshot file is corrupt, truncated, or of a format this version cannot read. */
public class SnapshotException extends IOException {
  public SnapshotException(String message) {
    super(message);
  }
}

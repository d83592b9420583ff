package dev.tandem.core.snapshot;

/** A snapshot file is corrupt, truncated, or of a format this version cannot read. */
public class SnapshotException extends java.io.IOException {
  public SnapshotException(String message) {
    super(message);
  }
}

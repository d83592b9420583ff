package dev.tandem.store.imports;

/**
 * Receives progress of a long import, for a progress bar. Called from the importing thread,
 * every few thousand rows per phase, and at the end of each phase with
 * {@code done == total}.
 */
@FunctionalInterface
public interface ProgressListener {

  /** Ignores all progress. */
  ProgressListener NONE = (phase, done, total) -> { };

  /**
   * Reports progress.
   *
   * @param phase what is being done, e.g. the file name being read ("ratings-v1.csv.xz") or "commit"
   * @param done work done so far; for file phases, bytes of the file read (compressed bytes for
   *     {@code .gz} and {@code .xz} files)
   * @param total the total work in the same unit, or -1 if unknown
   */
  void progress(String phase, long done, long total);
}

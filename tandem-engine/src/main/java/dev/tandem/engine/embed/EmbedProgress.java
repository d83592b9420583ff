package dev.tandem.engine.embed;

/** Receives progress of {@code Tandem.embedItems}: documents resolved (cached or embedded) of the total. */
@FunctionalInterface
public interface EmbedProgress {

  /** Ignores all progress. */
  EmbedProgress NONE = (done, total) -> { };

  /**
   * Called on the embedding thread after the cache lookup and after each stored chunk; {@code done}
   * never decreases and ends at {@code total}.
   *
   * @param done documents whose vectors are now known
   * @param total documents of the catalogue
   */
  void progress(int done, int total);
}

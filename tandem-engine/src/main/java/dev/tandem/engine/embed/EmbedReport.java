package dev.tandem.engine.embed;

/**
 * What one {@code Tandem.embedItems} run did.
 *
 * @param items items in the catalogue
 * @param empty items with no document (blank template fields and title); they get no vector
 * @param cached items whose document vector was already in the cache
 * @param embedded distinct document texts embedded by this run (items sharing a text count once)
 * @param seconds wall time of the whole run (rendering, lookup, model load, embedding, storing)
 * @param embedSeconds time spent in the embedding model, model load excluded
 * @param model id of the embedding model, e.g. {@code bge-small-en-v1.5-q}
 * @param dimension vector dimension; 0 when no vector is known (empty catalogue)
 */
public record EmbedReport(int items, int empty, int cached, int embedded, double seconds, double embedSeconds,
    String model, int dimension) {

  /** Documents embedded per second of model time; 0 when nothing was embedded. */
  public double docsPerSecond() {
    return embedded == 0 || embedSeconds <= 0 ? 0 : embedded / embedSeconds;
  }
}

package dev.tandem.llm.embed;

import java.util.List;

/**
 * Turns text into dense vectors for the semantic channel: item texts with {@link #embedDocuments},
 * a user's request with {@link #embedQuery}.
 *
 * <p>Guarantees of every implementation:
 * <ul>
 *   <li>vectors have {@link #dimension()} components and unit L2 norm (a zero vector stays zero), so
 *       a dot product is the cosine similarity;</li>
 *   <li>{@code embedDocuments} returns one vector per text in the order of the input;</li>
 *   <li>the same text gives the same vector on every call of the same instance (for in-process
 *       models, also across instances and runs);</li>
 *   <li>instances are thread-safe: embed methods may be called concurrently;</li>
 *   <li>after {@link #close()} embed methods throw {@link IllegalStateException}.</li>
 * </ul>
 * Queries and documents may be embedded differently: models trained for retrieval put an
 * instruction prefix before queries (BGE: "Represent this sentence for searching relevant
 * passages: "), never before documents. Compare queries with documents, documents with documents.
 *
 * {@snippet :
 * try (Embedder e = Embedders.builtIn("bge-small-en-v15-q")) {
 *   float[][] items = e.embedDocuments(List.of("red running shoes", "a cast-iron skillet"));
 *   float[] q = e.embedQuery("something to cook with");
 *   float best = Math.max(Vectors.dot(q, items[0]), Vectors.dot(q, items[1]));
 * }
 * }
 */
public interface Embedder extends AutoCloseable {

  /**
   * A stable id of the model and of everything that changes its vectors (e.g.
   * {@code "bge-small-en-v1.5-q"}); vectors cached under one id can be reused by any embedder with
   * the same id.
   */
  String modelId();

  /** The number of components of every vector, e.g. 384 for the bundled small models. */
  int dimension();

  /**
   * Embeds texts as documents (no instruction prefix).
   *
   * @param texts texts to embed, none null; empty texts are allowed
   * @return one unit vector per text, in input order; an empty array for an empty list
   * @throws IllegalArgumentException if a text is null
   * @throws EmbeddingException if the model or the service fails
   * @throws IllegalStateException if the embedder is closed
   */
  float[][] embedDocuments(List<String> texts);

  /**
   * Embeds a search query, with the model's query prefix if it has one.
   *
   * @throws IllegalArgumentException if text is null
   * @throws EmbeddingException if the model or the service fails
   * @throws IllegalStateException if the embedder is closed
   */
  float[] embedQuery(String text);

  /** Releases native memory, threads and connections. Idempotent. */
  @Override
  void close();
}

package dev.tandem.llm.embed;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What an in-process ONNX embedding model is and how to use it. Immutable.
 *
 * @param id stable model id, the {@link Embedder#modelId()} and a cache key, e.g. {@code "bge-small-en-v1.5-q"}
 * @param pooling how token vectors become a sentence vector (per the model card)
 * @param queryPrefix instruction put before queries (not documents); {@code ""} for none
 * @param maxTokens texts are truncated to this many tokens, special tokens included; in [2, 8192],
 *     512 for BERT-style models (longer inputs fail in their position embeddings)
 * @param source where {@code model.onnx} and {@code tokenizer.json} are read from
 */
public record ModelSpec(String id, Pooling pooling, String queryPrefix, int maxTokens, ModelSource source) {

  /** The default {@code maxTokens}: the position limit of BERT-style encoders. */
  public static final int DEFAULT_MAX_TOKENS = 512;

  /**
   * Validates the spec.
   *
   * @throws IllegalArgumentException if {@code id} is blank or {@code maxTokens} is out of range
   */
  public ModelSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(pooling, "pooling");
    Objects.requireNonNull(queryPrefix, "queryPrefix");
    Objects.requireNonNull(source, "source");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id ('" + id + "') must not be blank");
    }
    if (maxTokens < 2 || maxTokens > 8192) {
      throw new IllegalArgumentException("maxTokens (" + maxTokens + ") must be in [2, 8192]");
    }
  }

  /**
   * A model in a folder with {@code model.onnx} and {@code tokenizer.json}, truncated at 512 tokens.
   *
   * @param id the model id; include anything that changes vectors (e.g. quantisation)
   */
  public static ModelSpec folder(String id, Path dir, Pooling pooling, String queryPrefix) {
    return new ModelSpec(id, pooling, queryPrefix, DEFAULT_MAX_TOKENS, new ModelSource.Folder(dir));
  }

  /** This spec with another token limit. */
  public ModelSpec withMaxTokens(int maxTokens) {
    return new ModelSpec(id, pooling, queryPrefix, maxTokens, source);
  }
}

package dev.tandem.llm.embed;

/** How a sentence vector is made from the per-token vectors ({@code last_hidden_state}). */
public enum Pooling {
  /** The first token's ({@code [CLS]}) vector: the BGE models. */
  CLS,
  /** The mean of the token vectors under the attention mask: sentence-transformers such as all-MiniLM. */
  MEAN
}

package dev.tandem.core.model;

/**
 * Item content beyond interactions that a trainer may read, as declared by
 * {@link ModelType#needs}; the engine attaches it to the training
 * {@link dev.tandem.core.data.Interactions} before fitting.
 */
public enum ItemContent {
  /** Document embeddings: {@link dev.tandem.core.data.Interactions#itemVectors()}. */
  VECTORS,
  /** Document texts: {@link dev.tandem.core.data.Interactions#itemTexts()}. */
  TEXTS
}

package dev.tandem.core.model;

import dev.tandem.core.data.History;

/**
 * A model that can score items it was not trained on, from their content alone: the document
 * vectors (and texts) of items added to the catalogue after the model's snapshot was built. This is
 * what makes a new item recommendable before the next retrain.
 *
 * <p>The score of a new item is on the same scale as {@link Model#score}'s scores of the trained
 * items for the same history, so that both can be merged by score: an item whose content equals a
 * trained item's content scores as that item does, less whatever the model learned for the item
 * beyond its content (e.g. a per-item offset).
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * {@snippet :
 * float[] out = new float[batch.size()];
 * ((ContentScorer) semantic).scoreContent(history, batch, out);
 * }
 */
public interface ContentScorer {

  /**
   * Writes the score of each item of {@code items} for {@code history} into
   * {@code out[0..items.size())}. Items without a vector (and, for models that read them, without
   * known terms) score what a trained item without content would: usually 0.
   *
   * @throws IllegalArgumentException if {@code out} is shorter than {@code items.size()} or the
   *     batch's vector dimension differs from the model's
   */
  void scoreContent(History history, ItemContentBatch items, float[] out);

  /**
   * Whether this model scores content at all: {@code true} by default; a fused model answers
   * whether one of its channels does. When {@code false}, {@link #scoreContent} writes only
   * {@link #NOT_RETRIEVED}.
   */
  default boolean scoresContent() {
    return true;
  }

  /**
   * The score {@link #scoreContent} writes for an item the model would not retrieve at all (e.g. a
   * fused model whose channels do not rank it within their depth): never recommend it.
   */
  float NOT_RETRIEVED = Float.NEGATIVE_INFINITY;
}

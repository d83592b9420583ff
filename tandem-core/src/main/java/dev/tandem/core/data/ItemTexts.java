package dev.tandem.core.data;

import java.util.Arrays;

/**
 * Item documents aligned to an {@link IdIndex}: {@code text(i)} is the document of
 * {@code index.id(i)}, rendered from the catalogue by the configured template, or {@code null}
 * when the item has none (not in the catalogue, or every template field blank). Text channels
 * (BM25) index them.
 *
 * <p>The array is copied on construction and never exposed; immutable and thread-safe.
 *
 * @param index the item ids, one per text
 */
public record ItemTexts(IdIndex index, String[] texts) {

  /**
   * Checks the shape and copies {@code texts}; blank texts become {@code null}.
   *
   * @throws IllegalArgumentException if {@code texts.length != index.size()}
   */
  public ItemTexts {
    if (texts.length != index.size()) {
      throw new IllegalArgumentException("texts length (" + texts.length + ") must equal items (" + index.size() + ")");
    }
    texts = texts.clone();
    for (int i = 0; i < texts.length; i++) {
      if (texts[i] != null && texts[i].isBlank()) {
        texts[i] = null;
      }
    }
  }

  /** The document of row {@code i}, or {@code null} when that item has none. */
  public String text(int i) {
    return texts[i];
  }

  /** A copy of all documents, {@code null} where absent. */
  @Override
  public String[] texts() {
    return texts.clone();
  }

  /** Number of rows that hold a document. */
  public int present() {
    int n = 0;
    for (String t : texts) {
      if (t != null) {
        n++;
      }
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ItemTexts t && t.index.equals(index) && Arrays.equals(t.texts, texts);
  }

  @Override
  public int hashCode() {
    return 31 * index.hashCode() + Arrays.hashCode(texts);
  }

  @Override
  public String toString() {
    return "ItemTexts[" + index.size() + " items, " + present() + " with text]";
  }
}

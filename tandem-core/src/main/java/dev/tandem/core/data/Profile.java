package dev.tandem.core.data;

import java.util.Arrays;

/**
 * What a user says about their taste in words, e.g. "I like space opera and hard science
 * fiction", with the text's query embedding when one was computed. Text channels (BM25) read the
 * text, the semantic channel the vector; a user with no history but a profile still gets
 * personal recommendations.
 *
 * <p>Immutable: the vector is copied in and out. {@link #NONE} is the absent profile (empty
 * text, no vector); never {@code null}.
 *
 * @param text the profile text, stripped; empty for none
 * @param vector the text's query embedding ({@code Embedder.embedQuery}); empty when not embedded
 */
public record Profile(String text, float[] vector) {
  /** No profile. */
  public static final Profile NONE = new Profile("", new float[0]);

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if {@code text} or {@code vector} is null or the vector has a non-finite value
   */
  public Profile {
    if (text == null) {
      throw new IllegalArgumentException("profile text must not be null; use \"\" (or Profile.NONE) for none");
    }
    if (vector == null) {
      throw new IllegalArgumentException("profile vector must not be null; use new float[0] when the text is not embedded");
    }
    text = text.strip();
    vector = vector.clone();
    for (int k = 0; k < vector.length; k++) {
      if (!Float.isFinite(vector[k])) {
        throw new IllegalArgumentException("profile vector[" + k + "] (" + vector[k] + ") must be finite");
      }
    }
  }

  /** A profile of {@code text} alone, not embedded (enough for text channels). */
  public static Profile ofText(String text) {
    return new Profile(text, new float[0]);
  }

  /** Whether there is profile text. */
  public boolean hasText() {
    return !text.isEmpty();
  }

  /** Whether there is a query embedding. */
  public boolean hasVector() {
    return vector.length > 0;
  }

  /** Whether this is no profile at all. */
  public boolean isEmpty() {
    return !hasText() && !hasVector();
  }

  /** Length of the embedding (0 when none). */
  public int dimension() {
    return vector.length;
  }

  /** Component {@code k} of the embedding (no copy). */
  public float vector(int k) {
    return vector[k];
  }

  @Override
  public float[] vector() {
    return vector.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Profile p && p.text.equals(text) && Arrays.equals(p.vector, vector);
  }

  @Override
  public int hashCode() {
    return 31 * text.hashCode() + Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "Profile[" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + ", dims=" + vector.length + "]";
  }
}

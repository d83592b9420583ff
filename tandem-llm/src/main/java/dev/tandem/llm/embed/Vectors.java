package dev.tandem.llm.embed;

/** Small dense-vector operations on {@code float[]} used by embedders. Stateless and thread-safe. */
public final class Vectors {
  private Vectors() {}

  /**
   * Scales {@code v} in place to unit L2 norm and returns it; a zero vector is left as is.
   *
   * @throws EmbeddingException if a component is NaN or infinite (a broken model or response)
   */
  public static float[] normalize(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    if (!Double.isFinite(sum)) {
      throw new EmbeddingException("vector has a NaN or infinite component; cannot normalise");
    }
    if (sum > 0) {
      float inv = (float) (1.0 / Math.sqrt(sum));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
    }
    return v;
  }

  /** The dot product; the cosine similarity for unit vectors. */
  public static float dot(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vector lengths (" + a.length + ", " + b.length + ") must be equal");
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return (float) s;
  }

  /** The L2 norm. */
  public static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }
}

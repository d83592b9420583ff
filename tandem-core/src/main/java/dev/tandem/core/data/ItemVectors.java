package dev.tandem.core.data;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Document vectors of items aligned to an {@link IdIndex}: row {@code i} (floats
 * {@code [i * dimension, (i + 1) * dimension)} of {@link #data()}) belongs to
 * {@code index.id(i)}. Rows of items without a document (or not in the catalogue) are zero; the
 * bit set of rows that hold a vector tells them apart.
 *
 * <p>The arrays are not copied: treat them as read-only. Safe to share between threads once
 * published.
 *
 * @param index the item ids, one per row
 * @param dimension floats per row (0 when no vector was known)
 * @param data {@code index.size() * dimension} floats, row-major
 * @param present rows that hold a real vector
 */
public record ItemVectors(IdIndex index, int dimension, float[] data, BitSet present) {

  /**
   * Checks the shape.
   *
   * @throws IllegalArgumentException if {@code data.length != index.size() * dimension}
   */
  public ItemVectors {
    if (dimension < 0 || (long) index.size() * dimension != data.length) {
      throw new IllegalArgumentException("data length (" + data.length + ") must equal items (" + index.size()
          + ") * dimension (" + dimension + ")");
    }
  }

  /**
   * A copy with every present row scaled to unit L2 length; rows that are zero or not finite
   * become absent (zero, bit cleared). Norms are summed in double precision.
   */
  public ItemVectors normalized() {
    int m = index.size();
    int d = dimension;
    float[] out = new float[m * d];
    BitSet unit = new BitSet(m);
    for (int i = present.nextSetBit(0); i >= 0 && i < m; i = present.nextSetBit(i + 1)) {
      double norm = 0;
      for (int k = i * d; k < (i + 1) * d; k++) {
        norm += (double) data[k] * data[k];
      }
      if (!(norm > 0) || Double.isInfinite(norm)) {
        continue;
      }
      float inv = (float) (1 / Math.sqrt(norm));
      for (int k = i * d; k < (i + 1) * d; k++) {
        out[k] = data[k] * inv;
      }
      unit.set(i);
    }
    return new ItemVectors(index, d, out, unit);
  }

  /** A copy of row {@code i}. */
  public float[] vector(int i) {
    return Arrays.copyOfRange(data, i * dimension, (i + 1) * dimension);
  }
}

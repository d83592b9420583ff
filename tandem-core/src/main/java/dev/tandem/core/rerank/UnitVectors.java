package dev.tandem.core.rerank;

import dev.tandem.core.data.ItemVectors;
import dev.tandem.core.snapshot.SnapshotException;
import dev.tandem.core.snapshot.SnapshotInput;
import dev.tandem.core.snapshot.SnapshotOutput;
import java.io.IOException;
import java.util.BitSet;

/**
 * L2-normalised item embeddings for {@link Mmr}: the similarity of two items is the cosine of
 * their vectors, 0 when either has none. Immutable and thread-safe.
 */
public final class UnitVectors implements Mmr.Similarity {
  private final int numItems;
  private final int dimension;
  private final float[] data;
  private final BitSet present;

  private UnitVectors(int numItems, int dimension, float[] data, BitSet present) {
    this.numItems = numItems;
    this.dimension = dimension;
    this.data = data;
    this.present = present;
  }

  /** Normalised copies of {@code v}'s rows; zero or non-finite rows count as absent. */
  public static UnitVectors of(ItemVectors v) {
    ItemVectors unit = v.normalized();
    return new UnitVectors(unit.index().size(), unit.dimension(), unit.data(), unit.present());
  }

  /** Number of items. */
  public int numItems() {
    return numItems;
  }

  @Override
  public float similarity(int a, int b) {
    if (!present.get(a) || !present.get(b)) {
      return 0f;
    }
    int oa = a * dimension;
    int ob = b * dimension;
    float s = 0;
    for (int k = 0; k < dimension; k++) {
      s += data[oa + k] * data[ob + k];
    }
    return s;
  }

  /** Writes the vectors. */
  public void write(SnapshotOutput out) throws IOException {
    out.writeInt(numItems);
    out.writeInt(dimension);
    out.writeLongs(present.toLongArray());
    out.writeFloats(data);
  }

  /** Reads what {@link #write} wrote. */
  public static UnitVectors read(SnapshotInput in) throws IOException {
    int m = in.readInt();
    int d = in.readInt();
    BitSet present = BitSet.valueOf(in.readLongs());
    float[] data = in.readFloats();
    if (m < 0 || d < 0 || (long) m * d != data.length) {
      throw new SnapshotException("unit vectors: length (" + data.length + ") must equal items (" + m
          + ") * dimension (" + d + ") (corrupt snapshot)");
    }
    return new UnitVectors(m, d, data, present);
  }
}

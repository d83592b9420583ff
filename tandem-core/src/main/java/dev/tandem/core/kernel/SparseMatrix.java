package dev.tandem.core.kernel;

import java.util.Arrays;

/**
 * A compressed sparse row (CSR) matrix of floats.
 *
 * <p>Row {@code r} holds the columns {@code colIdx[rowPtr[r] .. rowPtr[r+1])}, ascending and distinct,
 * with their values in {@code values} at the same positions. Immutable by contract: the arrays
 * returned by the accessors are the live ones and must not be modified. Thread-safe.
 */
public final class SparseMatrix {
  private final int rows;
  private final int cols;
  private final int[] rowPtr;
  private final int[] colIdx;
  private final float[] values;

  /**
   * Wraps CSR arrays without copying. Columns within each row must be ascending and distinct.
   *
   * @throws IllegalArgumentException if the arrays are inconsistent
   */
  public SparseMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("shape (" + rows + " x " + cols + ") must be non-negative");
    }
    if (rowPtr.length != rows + 1) {
      throw new IllegalArgumentException("rowPtr.length (" + rowPtr.length + ") must be rows + 1 (" + (rows + 1) + ")");
    }
    if (colIdx.length != values.length || rowPtr[rows] != colIdx.length) {
      throw new IllegalArgumentException("colIdx (" + colIdx.length + "), values (" + values.length
          + ") and rowPtr[rows] (" + rowPtr[rows] + ") must agree");
    }
    this.rows = rows;
    this.cols = cols;
    this.rowPtr = rowPtr;
    this.colIdx = colIdx;
    this.values = values;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** Number of stored entries. */
  public int nnz() {
    return colIdx.length;
  }

  /** Row pointers, length {@code rows()+1}; live array, do not modify. */
  public int[] rowPtr() {
    return rowPtr;
  }

  /** Column indices; live array, do not modify. */
  public int[] colIdx() {
    return colIdx;
  }

  /** Values; live array, do not modify. */
  public float[] values() {
    return values;
  }

  /** Number of entries in row {@code r}. */
  public int rowLength(int r) {
    return rowPtr[r + 1] - rowPtr[r];
  }

  /** The value at (r, c), or 0 when not stored. O(log row length). */
  public float get(int r, int c) {
    int k = Arrays.binarySearch(colIdx, rowPtr[r], rowPtr[r + 1], c);
    return k >= 0 ? values[k] : 0f;
  }

  /** The transpose, also in CSR form (so the CSC form of this matrix). O(nnz). */
  public SparseMatrix transpose() {
    int[] counts = new int[cols + 1];
    for (int c : colIdx) {
      counts[c + 1]++;
    }
    for (int c = 0; c < cols; c++) {
      counts[c + 1] += counts[c];
    }
    int[] tPtr = counts.clone();
    int[] next = Arrays.copyOf(counts, cols);
    int[] tIdx = new int[colIdx.length];
    float[] tVal = new float[values.length];
    for (int r = 0; r < rows; r++) {
      for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) {
        int pos = next[colIdx[k]]++;
        tIdx[pos] = r;
        tVal[pos] = values[k];
      }
    }
    return new SparseMatrix(cols, rows, tPtr, tIdx, tVal);
  }

  /** A copy with every stored value set to 1 (the binary form used by EASE and ItemKNN). */
  public SparseMatrix binarized() {
    float[] ones = new float[values.length];
    Arrays.fill(ones, 1f);
    return new SparseMatrix(rows, cols, rowPtr, colIdx, ones);
  }
}

package dev.tandem.core.kernel;

/**
 * A dense symmetric n-by-n matrix of doubles held in the storage a {@link SpdKernel} works on
 * (a Java array or off-heap memory), filled row by row and inverted in place, so the largest
 * object of an EASE fit exists once.
 *
 * <p>Not thread-safe in general, but {@link #setRow} and {@link #getRow} may be called
 * concurrently for distinct rows. Close it to release off-heap memory at once (native storage is
 * otherwise only freed by the garbage collector).
 */
public interface SpdMatrix extends AutoCloseable {

  /** The dimension n. */
  int size();

  /** Copies {@code row[0..n)} into row {@code i}. */
  void setRow(int i, double[] row);

  /** The entry at row {@code i}, column {@code j}. */
  double get(int i, int j);

  /** Copies row {@code i} into {@code row[0..n)}. */
  void getRow(int i, double[] row);

  /**
   * Replaces the matrix by its inverse, both triangles filled. Only the upper triangle (row i,
   * columns >= i) of the input is read, so a caller may fill just that part of each row.
   *
   * @throws dev.tandem.core.model.ModelFitException if the matrix is not symmetric positive
   *     definite (to working precision), naming the first failing row
   */
  void invert();

  /** Frees the storage; the matrix must not be used afterwards. Idempotent. */
  @Override
  void close();
}

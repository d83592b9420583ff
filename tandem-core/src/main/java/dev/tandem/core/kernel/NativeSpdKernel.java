package dev.tandem.core.kernel;

import dev.tandem.core.model.ModelFitException;
import java.nio.DoubleBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * OpenBLAS/LAPACK kernel: the matrix lives off-heap in one {@link DoublePointer} (rows are
 * copied in and out with bulk {@link DoubleBuffer} transfers), {@code LAPACKE_dpotrf} and
 * {@code LAPACKE_dpotri} work on it in place, and the triangle they leave is mirrored in Java.
 * Passing a {@code double[]} to the JNI overloads instead would copy the whole matrix twice
 * (HotSpot's {@code Get<Type>ArrayElements} copies), doubling peak memory.
 */
final class NativeSpdKernel implements SpdKernel {
  private static final int TILE = 128;
  private static final String FAILURE = probe();
  private static final NativeSpdKernel INSTANCE = FAILURE == null ? new NativeSpdKernel() : null;

  private NativeSpdKernel() {}

  /** Null when the natives load and invert a 2×2 matrix correctly, else why not. */
  static String unavailableReason() {
    return FAILURE;
  }

  static NativeSpdKernel require() {
    if (INSTANCE == null) {
      throw new IllegalStateException(PROPERTY + "=native is not available here: " + FAILURE);
    }
    return INSTANCE;
  }

  private static String probe() {
    try {
      Loader.load(openblas.class);
      try (DoublePointer p = new DoublePointer(4.0, 2.0, 2.0, 3.0)) {
        int info = openblas.LAPACKE_dpotrf(openblas.LAPACK_COL_MAJOR, (byte) 'L', 2, p, 2);
        info |= openblas.LAPACKE_dpotri(openblas.LAPACK_COL_MAJOR, (byte) 'L', 2, p, 2);
        // inverse of [[4,2],[2,3]] is [[3,-2],[-2,4]]/8; the lower triangle holds 0.375, -0.25, 0.5
        if (info != 0 || Math.abs(p.get(0) - 0.375) > 1e-12 || Math.abs(p.get(1) + 0.25) > 1e-12
            || Math.abs(p.get(3) - 0.5) > 1e-12) {
          return "self-test of dpotrf/dpotri gave wrong results (info " + info + ")";
        }
      }
      return null;
    } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError, ... on unsupported platforms
      return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
  }

  @Override
  public String name() {
    return "native";
  }

  @Override
  public SpdMatrix allocate(int n) {
    SpdKernel.checkSize(n);
    return new Matrix(n);
  }

  @Override
  public String toString() {
    return "SpdKernel[native]";
  }

  private static final class Matrix implements SpdMatrix {
    private final int n;
    private DoublePointer pointer;
    private DoubleBuffer buffer;

    Matrix(int n) {
      this.n = n;
      this.pointer = new DoublePointer(Math.max(1L, (long) n * n));
      this.buffer = pointer.asBuffer();
    }

    @Override
    public int size() {
      return n;
    }

    private DoubleBuffer buffer() {
      DoubleBuffer b = buffer;
      if (b == null) {
        throw new IllegalStateException("matrix is closed");
      }
      return b;
    }

    @Override
    public void setRow(int i, double[] row) {
      buffer().put(i * n, row, 0, n);
    }

    @Override
    public double get(int i, int j) {
      return buffer().get(i * n + j);
    }

    @Override
    public void getRow(int i, double[] row) {
      buffer().get(i * n, row, 0, n);
    }

    @Override
    public void invert() {
      DoubleBuffer b = buffer();
      if (n == 0) {
        return;
      }
      // Row-major storage of a symmetric matrix reads the same as column-major; LAPACK's lower
      // triangle in column-major order is the upper triangle (row i, columns >= i) in row-major.
      int info = openblas.LAPACKE_dpotrf(openblas.LAPACK_COL_MAJOR, (byte) 'L', n, pointer, n);
      if (info > 0) {
        throw notPositiveDefinite(info - 1);
      }
      if (info == -4) { // LAPACKE's input check found a NaN
        throw containsNaN();
      }
      if (info < 0) {
        throw new IllegalStateException("LAPACKE_dpotrf rejected argument " + (-info) + " (n " + n + ")");
      }
      info = openblas.LAPACKE_dpotri(openblas.LAPACK_COL_MAJOR, (byte) 'L', n, pointer, n);
      if (info != 0) {
        throw new ModelFitException("matrix is singular to working precision: LAPACKE_dpotri info "
            + info + " (n " + n + ")");
      }
      for (int i = 0; i < n; i++) {
        double d = b.get(i * n + i);
        if (!(d > 0) || Double.isInfinite(d)) {
          throw new ModelFitException("inverse has a non-positive or non-finite diagonal at row " + i + " (" + d
              + "): the matrix is not positive definite or contains NaN");
        }
      }
      mirrorUpperToLower(b, n);
    }

    @Override
    public void close() {
      DoublePointer p = pointer;
      pointer = null;
      buffer = null;
      if (p != null) {
        p.close();
      }
    }
  }

  static ModelFitException notPositiveDefinite(int row) {
    return new ModelFitException("matrix is not positive definite: the leading minor of order " + (row + 1)
        + " is not positive (row " + row + "); for EASE, raise ease.lambda");
  }

  static ModelFitException containsNaN() {
    return new ModelFitException("matrix contains NaN: the input data or ease.lambda is not finite");
  }

  /** Copies the upper triangle onto the lower one, in cache-sized tiles, in parallel over tile rows. */
  private static void mirrorUpperToLower(DoubleBuffer b, int n) {
    int tiles = (n + TILE - 1) / TILE;
    double[][] scratch = new double[Parallel.threads()][2 * TILE * TILE];
    Parallel.forEach(tiles, (worker, ti) -> {
      double[] tile = scratch[worker];
      int i0 = ti * TILE;
      int i1 = Math.min(n, i0 + TILE);
      int h = i1 - i0;
      for (int j0 = 0; j0 <= i0; j0 += TILE) {
        int j1 = Math.min(n, j0 + TILE);
        int w = j1 - j0;
        // upper block rows j in [j0, j1), columns [i0, i1)
        for (int j = j0; j < j1; j++) {
          b.get(j * n + i0, tile, (j - j0) * h, h);
        }
        int off = TILE * TILE;
        for (int i = i0; i < i1; i++) {
          int lim = j0 == i0 ? i - j0 : w; // on the diagonal tile only columns j < i
          for (int jj = 0; jj < lim; jj++) {
            tile[off + jj] = tile[jj * h + (i - i0)];
          }
          if (lim > 0) {
            b.put(i * n + j0, tile, off, lim);
          }
        }
      }
    });
  }
}

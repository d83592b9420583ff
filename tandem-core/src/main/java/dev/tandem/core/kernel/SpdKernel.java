package dev.tandem.core.kernel;

import java.util.Locale;

/**
 * Inverts dense symmetric positive-definite (SPD) matrices, the one heavy step of EASE. Two
 * implementations sit behind this interface:
 *
 * <ul>
 *   <li>{@code native}: OpenBLAS/LAPACK through the bundled {@code org.bytedeco:openblas} natives,
 *       Cholesky factorisation ({@code dpotrf}) and inverse from the factor ({@code dpotri}), about
 *       n³ flops, multi-threaded by OpenBLAS over all cores. A 10,000² inverse takes ~8 s on two
 *       cores. The matrix lives off-heap (8·n² bytes), not on the Java heap.
 *   <li>{@code java}: a blocked Cholesky and triangular inverse in plain Java, multi-threaded with
 *       {@link Parallel}; the same results to rounding, several times slower. Used when the
 *       natives cannot load (another OS or CPU architecture).
 * </ul>
 *
 * <p>The kernel is chosen once per JVM by {@link #instance()}: native when it loads, else java
 * (the reason is logged at debug level). The system property {@code tandem.linalg=java|native}
 * forces a choice; forcing {@code native} where it cannot load fails on first use.
 * Implementations are stateless and thread-safe.
 *
 * {@snippet :
 * try (SpdMatrix m = SpdKernel.instance().allocate(n)) {
 *   for (int i = 0; i < n; i++) m.setRow(i, rowOf(i));
 *   m.invert();               // throws ModelFitException when not positive definite
 *   m.getRow(0, row);         // row 0 of the inverse
 * }
 * }
 */
public interface SpdKernel {

  /** The system property that forces a kernel: {@code java} or {@code native}. */
  String PROPERTY = "tandem.linalg";

  /** Largest supported dimension: n² must fit a Java array index (46,340). */
  int MAX_SIZE = 46_340;

  /** {@code "native"} or {@code "java"}. */
  String name();

  /**
   * Allocates an n-by-n matrix in this kernel's storage. Its contents are unspecified until every
   * row has been set.
   *
   * @throws IllegalArgumentException if {@code n} is not in [0, {@link #MAX_SIZE}]
   */
  SpdMatrix allocate(int n);

  /** The kernel chosen for this JVM (see the class comment). */
  static SpdKernel instance() {
    return SpdKernelChoice.INSTANCE;
  }

  /**
   * The kernel called {@code name} ({@code java} or {@code native}), regardless of the system
   * property; for tests and benchmarks.
   *
   * @throws IllegalArgumentException for another name
   * @throws IllegalStateException if {@code native} cannot load here, with the reason
   */
  static SpdKernel named(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "java" -> JavaSpdKernel.INSTANCE;
      case "native" -> NativeSpdKernel.require();
      default -> throw new IllegalArgumentException(PROPERTY + " (" + name + ") must be java or native");
    };
  }

  /** Checks {@code n} for {@link #allocate}. */
  static void checkSize(int n) {
    if (n < 0 || n > MAX_SIZE) {
      throw new IllegalArgumentException("n (" + n + ") must be in [0, " + MAX_SIZE + "]");
    }
  }
}

package dev.tandem.core.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Holds the kernel chosen once for the JVM (lazily, on first use of {@link SpdKernel#instance()}). */
final class SpdKernelChoice {
  private static final Logger LOG = LoggerFactory.getLogger(SpdKernel.class);
  static final SpdKernel INSTANCE = choose(System.getProperty(SpdKernel.PROPERTY));

  private SpdKernelChoice() {}

  /** The kernel for a value of {@link SpdKernel#PROPERTY} ({@code null} or blank: automatic). */
  static SpdKernel choose(String forced) {
    if (forced != null && !forced.isBlank()) {
      SpdKernel k = SpdKernel.named(forced);
      LOG.debug("SPD kernel: {} (forced by -D{}={})", k.name(), SpdKernel.PROPERTY, forced);
      return k;
    }
    String why = NativeSpdKernel.unavailableReason();
    if (why == null) {
      LOG.debug("SPD kernel: native (OpenBLAS)");
      return NativeSpdKernel.require();
    }
    LOG.debug("SPD kernel: java, because native OpenBLAS did not load: {}", why);
    return JavaSpdKernel.INSTANCE;
  }
}

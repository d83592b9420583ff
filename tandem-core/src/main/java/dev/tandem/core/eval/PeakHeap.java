package dev.tandem.core.eval;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Measures the peak Java heap in use while a piece of work runs: a full GC settles the heap
 * first ({@link System#gc()}), then a daemon thread samples {@link MemoryMXBean#getHeapMemoryUsage()}
 * every millisecond; the result is the largest sample minus the heap in use before the work.
 * So it is the extra heap the work needed at its peak, garbage not yet collected included, and
 * within one sampling period. Off-heap memory (e.g. a native BLAS kernel's matrices) is not
 * counted. Not thread-safe; one use.
 */
final class PeakHeap implements AutoCloseable {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private final long baseline;
  private final Thread sampler;
  private volatile boolean running = true;
  private volatile long peak;

  private PeakHeap() {
    System.gc();
    baseline = used();
    peak = baseline;
    sampler = new Thread(() -> {
      while (running) {
        long u = used();
        if (u > peak) {
          peak = u;
        }
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "tandem-peak-heap");
    sampler.setDaemon(true);
    sampler.start();
  }

  static PeakHeap start() {
    return new PeakHeap();
  }

  private static long used() {
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  /** Stops sampling; returns the peak heap in use above the baseline, in bytes. */
  long stop() {
    long u = used();
    if (u > peak) {
      peak = u;
    }
    running = false;
    sampler.interrupt();
    try {
      sampler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Math.max(0, peak - baseline);
  }

  @Override
  public void close() {
    if (running) {
      stop();
    }
  }
}

package dev.tandem.core.kernel;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A parallel loop over {@code [0, count)} for kernels: indices are handed out one at a time
 * from a shared counter (dynamic scheduling, so uneven work such as triangular rows balances),
 * to {@link #threads()} workers, one of which is the calling thread. Each worker has a stable
 * id in {@code [0, workers)} so it can own scratch arrays without synchronisation.
 *
 * <p>Thread-safe. Workers are daemon threads shared by all callers; a nested call from inside a
 * loop body runs sequentially on the calling worker instead of deadlocking.
 */
public final class Parallel {
  /** The body of a loop: processes one index on one worker. */
  @FunctionalInterface
  public interface Body {
    /**
     * @param worker the worker id in {@code [0, workers)}
     * @param index the loop index
     */
    void run(int worker, int index);
  }

  private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
  private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> Boolean.FALSE);
  private static volatile ExecutorService pool;

  private Parallel() {}

  /** Number of workers a loop uses: the number of available processors. */
  public static int threads() {
    return THREADS;
  }

  private static ExecutorService pool() {
    ExecutorService p = pool;
    if (p == null) {
      synchronized (Parallel.class) {
        p = pool;
        if (p == null) {
          AtomicInteger n = new AtomicInteger();
          p = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "tandem-kernel-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
          pool = p;
        }
      }
    }
    return p;
  }

  /**
   * Runs {@code body} for every index in {@code [0, count)} and returns when all are done. The
   * first exception thrown by any call is rethrown (after the other workers stop taking work).
   */
  public static void forEach(int count, Body body) {
    int workers = Math.min(THREADS, count);
    if (workers <= 1 || INSIDE.get()) {
      for (int i = 0; i < count; i++) {
        body.run(0, i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Future<?>[] futures = new Future<?>[workers - 1];
    for (int w = 1; w < workers; w++) {
      int id = w;
      futures[w - 1] = pool().submit(() -> drain(id, count, next, failure, body));
    }
    drain(0, count, next, failure, body);
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for kernel workers", e);
      } catch (ExecutionException e) {
        failure.compareAndSet(null, e.getCause());
      }
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
  }

  private static void drain(int worker, int count, AtomicInteger next, AtomicReference<Throwable> failure, Body body) {
    INSIDE.set(Boolean.TRUE);
    try {
      int i;
      while (failure.get() == null && (i = next.getAndIncrement()) < count) {
        body.run(worker, i);
      }
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
    } finally {
      INSIDE.set(Boolean.FALSE);
    }
  }
}

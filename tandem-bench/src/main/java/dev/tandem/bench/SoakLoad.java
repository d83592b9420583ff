package dev.tandem.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The soak's two ways of driving the mix ({@link SoakMix}): closed loop (warm-up and ramp: each
 * worker keeps one request in flight) and open loop (the soak phase: each worker sends on a fixed
 * schedule, latencies measured from the scheduled time), the latter reporting every interval.
 */
final class SoakLoad {
  private SoakLoad() {}

  /** Closed loop: {@code conc} workers, each with one request in flight, for {@code seconds}. */
  static SoakWindow closed(SoakRun run, int conc, double seconds, long seed) throws InterruptedException {
    SoakTally[] tallies = new SoakTally[conc];
    Thread[] threads = new Thread[conc];
    long end = System.nanoTime() + (long) (seconds * 1e9);
    for (int w = 0; w < conc; w++) {
      SoakTally t = new SoakTally();
      tallies[w] = t;
      SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + w);
      threads[w] = new Thread(() -> {
        try (HttpConnection c = new HttpConnection(run.o.url(), run.o.key());
            HttpConnection reader = new HttpConnection(run.o.url(), run.o.readKey())) {
          while (System.nanoTime() < end) {
            SoakMix.one(run, c, reader, rnd, t, System.nanoTime());
          }
        }
      }, "closed-" + w);
      threads[w].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    SoakWindow w = new SoakWindow();
    for (SoakTally t : tallies) {
      t.drainInto(w);
    }
    return w;
  }

  /** Open loop at {@code target} requests/s for {@code minutes}, reporting every interval. */
  static SoakPhase soak(SoakRun run, double target) throws InterruptedException {
    SoakOptions o = run.o;
    SoakPhase s = new SoakPhase();
    int workers = o.workers();
    long periodNanos = (long) (1e9 * workers / target); // each worker's share of the rate
    long start = System.nanoTime();
    s.startNanos = start;
    long end = start + (long) (o.minutes() * 60e9);
    SoakTally[] tallies = new SoakTally[workers];
    Thread[] threads = new Thread[workers];
    for (int w = 0; w < workers; w++) {
      SoakTally t = new SoakTally();
      tallies[w] = t;
      SplittableRandom rnd = new SplittableRandom((o.seed() + 7919) * 1_000_003L + w);
      long first = start + periodNanos * w / workers; // staggered
      threads[w] = new Thread(() -> {
        try (HttpConnection c = new HttpConnection(o.url(), o.key());
            HttpConnection reader = new HttpConnection(o.url(), o.readKey())) {
          for (long due = first; due < end; due += periodNanos) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait); // pacing, not a decision
            }
            SoakMix.one(run, c, reader, rnd, t, due);
          }
        }
      }, "soak-" + w);
      threads[w].start();
    }
    AtomicBoolean stop = new AtomicBoolean();
    Thread trainer = new Thread(() -> SoakRetrainer.retrainLoop(run, s, stop), "soak-retrain");
    if (o.retrainEvery() > 0) {
      trainer.start();
    }
    PrintStream out = System.out;
    out.printf("%8s %9s %9s %9s %7s %10s%n", "minute", "req/s", "p50 ms", "p99 ms", "errors", "RSS MiB");
    long intervalNanos = (long) (o.interval() * 1e9);
    long lastReport = start;
    int live = workers;
    while (live > 0) {
      long next = lastReport + intervalNanos;
      for (Thread t : threads) { // wakes at the interval's end, or earlier when every worker is done
        long wait = next - System.nanoTime();
        if (wait > 0) {
          t.join(Math.max(1, wait / 1_000_000));
        }
      }
      live = 0;
      for (Thread t : threads) {
        live += t.isAlive() ? 1 : 0;
      }
      long now = System.nanoTime();
      SoakWindow w = new SoakWindow();
      for (SoakTally t : tallies) {
        t.drainInto(w);
      }
      s.all.addAll(w);
      long rss = SoakMemory.rss(o.pid());
      s.rss.add(new long[] {(now - start) / 1_000_000, rss});
      long[] lat = w.sortedAll();
      out.printf(Locale.ROOT, "%8.1f %9.1f %9s %9s %7d %10s%n", (now - start) / 60e9, w.requests() / ((now - lastReport)
          / 1e9), LoadTest.ms(LoadTest.pct(lat, 50)), LoadTest.ms(LoadTest.pct(lat, 99)), w.errors,
          SoakMemory.mib(rss));
      out.flush();
      lastReport = now;
    }
    s.seconds = (System.nanoTime() - start) / 1e9;
    stop.set(true);
    trainer.interrupt();
    trainer.join(600_000);
    return s;
  }
}

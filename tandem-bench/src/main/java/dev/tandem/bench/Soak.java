package dev.tandem.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Soak test of a running {@code tandem serve}: a mixed load held for a long time at a fixed
 * fraction of the server's measured maximum throughput, watching for errors, lost feedback and
 * memory that keeps growing. {@code scripts/soak.sh} prepares a home, starts the server and runs
 * this.
 *
 * <p>Phases (the drivers in {@link SoakLoad}, the mix in {@link SoakMix}, retraining in
 * {@link SoakRetrainer}, the summary and verdict in {@link SoakReport}, memory in {@link SoakMemory}):
 * <ol>
 *   <li><b>Warm-up</b> ({@code --warmup} s, closed loop, 4 workers): loads the models, the
 *       in-process encoder and the JIT.</li>
 *   <li><b>Ramp</b> ({@code --ramp} s per level, closed loop: each worker keeps one request in
 *       flight on its own keep-alive connection): the same mix at concurrencies {@code --levels};
 *       the best requests/s is the measured maximum.</li>
 *   <li><b>Soak</b> ({@code --minutes}): open loop at {@code --fraction} of that maximum, spread over
 *       {@code --workers} connections; each worker sends on a fixed schedule and, when behind, at
 *       once, so latencies are measured from the <i>scheduled</i> send time (queueing included, no
 *       coordinated omission). Every {@code --retrain-every} s a training run is queued with
 *       {@code POST /admin/train} (models {@code --train-models}) and followed until it ends.</li>
 * </ol>
 *
 * <p>The mix: 60% {@code GET /recommend/{user}?n=10} (every tenth with {@code &explain=true}), 25%
 * {@code POST /feedback} (1 to 5 events), 10% {@code POST /items} (one item of a pool of
 * {@value SoakMix#ITEM_POOL} soak items: created the first time, replaced after, so the catalogue grows by
 * at most the pool), 5% {@code POST /ask} (one of a few English requests, with the read key so that
 * no feedback is recorded). Users and items are drawn with a seed from id files.
 *
 * <p>{@code --data bounded} (the default) keeps the data the server holds from growing, so that
 * growing memory means a leak rather than more data: feedback events are the keys of a fixed,
 * seeded set of {@code --event-keys} events (user, item, type, timestamp; default 20,000) sent in
 * turn, so after the first pass each replaces its own row; each soak item has two texts (two
 * embeddings); each user's {@code /ask} continues that user's conversation. The check is then that
 * the store gained exactly the distinct events acknowledged. {@code --data growing}: every event is
 * new (unique timestamps), item texts are random and every {@code /ask} starts a conversation, as a
 * store that only grows; the check is that the store gained every acknowledged event.
 *
 * <p>Every {@code --interval} s it prints the interval's throughput, p50 and p99 latency (all
 * routes), errors and the server's resident memory ({@code VmRSS} of {@code /proc/PID/status}).
 * At the end: totals per route, feedback events sent / acknowledged / stored ({@code /health}'s
 * {@code feedback} count before and after), training runs, and the memory verdict.
 *
 * <p><b>Fails</b> (exit status 1) on: any error (a 5xx, any 4xx, a rejected feedback event, a
 * failed or unfinished training run, a connection error or a 30 s timeout); acknowledged feedback
 * missing from the store (stored &lt; acknowledged); or memory that keeps growing: the mean RSS of
 * the last third of the samples taken after the warm-up (the first {@code --settle} minutes of the
 * soak, default a sixth of it, at least one interval, and at least until the first retrain ended) is
 * more than {@code --rss-growth} (default
 * 15%) <i>and</i> more than {@code --rss-slack} MiB (default 64) above the mean of the first third.
 * Why this rule: with a bounded heap ({@code -Xmx}), a healthy JVM's RSS rises while the heap
 * expands, classes load and the JIT compiles, then stays on a plateau that moves by tens of MiB
 * (G1 committing and uncommitting regions, malloc arenas, a retrain's temporary arrays); comparing
 * thirds' means rather than two samples ignores such swings, while a leak of 1 KiB per request at
 * 200 requests/s adds ~230 MiB between the thirds' centres of a 30-minute run.
 *
 * <pre>
 * java -cp tandem-bench/target/benchmarks.jar dev.tandem.bench.Soak --url http://127.0.0.1:8080 --key ADMIN \
 *     --read-key READ --pid PID --users users.txt --items items.txt [--minutes 30] [--interval 30] \
 *     [--retrain-every 300] [--train-models pop,ease] [--fraction 0.7] [--levels 1,2,4,8,16] [--ramp 10] \
 *     [--warmup 20] [--workers 16] [--seed 42] [--json out.json]
 * </pre>
 */
public final class Soak {
  private Soak() {}

  public static void main(String[] args) throws Exception {
    SoakOptions o = SoakOptions.parse(args);
    String[] users = LoadTest.ids(o.users(), "users");
    String[] items = LoadTest.ids(o.items(), "items");
    PrintStream out = System.out;
    long before;
    try (HttpConnection c = new HttpConnection(o.url(), o.key())) {
      before = LoadTest.feedbackCount(c);
    }
    // feedback timestamps far above the data's (seconds since 2001 are ~1e9) and below the store's limit
    // (Limits.MAX_TIMESTAMP, ~2.5e11 s): unique per event in this run; scripts/soak.sh counts ts >= 5e10 as the run's
    SoakRun run = new SoakRun(o, users, items, 50_000_000_000L + System.currentTimeMillis() / 1000);
    out.printf(Locale.ROOT, "soak: %s, %,d users, %,d items, seed %d; mix 60%% GET /recommend/{user}?n=10 (1 in 10"
        + " explained), 25%% POST /feedback (1-5 events), 10%% POST /items (pool of %d), 5%% POST /ask%n", o.url(),
        users.length, items.length, o.seed(), SoakMix.ITEM_POOL);
    out.printf(Locale.ROOT, "server pid %d, RSS %s MiB at start; feedback events in the store: %,d%n", o.pid(),
        SoakMemory.mib(SoakMemory.rss(o.pid())), before);

    SoakWindow total = new SoakWindow();
    if (o.warmup() > 0) {
      SoakWindow w = SoakLoad.closed(run, 4, o.warmup(), o.seed() - 1);
      total.addAll(w);
      out.printf(Locale.ROOT, "warm-up: 4 workers, %.0f s, %.0f req/s, %d errors%n", o.warmup(),
          (w.requests() - w.errors) / o.warmup(), w.errors);
      stopOnErrors(run, "the warm-up");
    }
    out.println("ramp (closed loop, same mix):");
    out.printf("%8s %9s %9s %9s %7s%n", "workers", "req/s", "p50 ms", "p99 ms", "errors");
    double max = 0;
    int best = 0;
    for (int i = 0; i < o.levels().length; i++) {
      long t0 = System.nanoTime();
      SoakWindow w = SoakLoad.closed(run, o.levels()[i], o.ramp(), o.seed() + i);
      double secs = (System.nanoTime() - t0) / 1e9;
      total.addAll(w);
      long[] all = w.sortedAll();
      double rps = (w.requests() - w.errors) / secs; // answered requests only
      out.printf(Locale.ROOT, "%8d %9.0f %9s %9s %7d%n", o.levels()[i], rps, LoadTest.ms(LoadTest.pct(all, 50)),
          LoadTest.ms(LoadTest.pct(all, 99)), w.errors);
      if (rps > max) {
        max = rps;
        best = o.levels()[i];
      }
      stopOnErrors(run, "the ramp");
    }
    double target = max * o.fraction();
    out.printf(Locale.ROOT, "maximum %.0f req/s (%d workers); soak at %.0f%% of it: %.1f req/s for %.1f min on %d"
        + " connections, open loop; retrain every %.0f s%s%n", max, best, o.fraction() * 100, target, o.minutes(),
        o.workers(), o.retrainEvery(), o.trainModels().isEmpty() ? "" : " (" + String.join(",", o.trainModels()) + ")");

    SoakPhase s = SoakLoad.soak(run, target);
    total.addAll(s.all);
    long after;
    try (HttpConnection c = new HttpConnection(o.url(), o.key())) {
      after = LoadTest.feedbackCount(c);
    }

    List<String> failures = SoakReport.summarize(out, run, max, best, target, s, total, before, after);
    if (failures.isEmpty()) {
      out.println("PASSED");
    } else {
      out.println("FAILED:");
      failures.forEach(f -> out.println("  - " + f));
      System.exit(1);
    }
  }

  /** Ends the run (status 1) when errors came before the soak: its maximum and target would be meaningless. */
  private static void stopOnErrors(SoakRun run, String phase) {
    if (run.errorCount > 0) {
      System.out.println("FAILED: " + run.errorCount + " errors during " + phase + "; first: " + run.firstErrors);
      System.exit(1);
    }
  }
}

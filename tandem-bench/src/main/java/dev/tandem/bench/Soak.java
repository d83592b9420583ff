package dev.tandem.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Soak test of a running {@code tandem serve}: a mixed load held for a long time at a fixed
 * fraction of the server's measured maximum throughput, watching for errors, lost feedback and
 * memory that keeps growing. {@code scripts/soak.sh} prepares a home, starts the server and runs
 * this.
 *
 * <p>Phases:
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
 * {@value #ITEM_POOL} soak items: created the first time, replaced after, so the catalogue grows by
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
  static final int ITEM_POOL = 200;
  private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
  private static final Pattern REJECTED_EMPTY = Pattern.compile("\"rejected\"\\s*:\\s*\\[\\s*]");
  private static final Pattern JOB_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
  private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"(\\w+)\"");
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");
  private static final Pattern SESSION = Pattern.compile("\"session\"\\s*:\\s*\"([0-9a-zA-Z_-]+)\"");
  private static final String[] ASKS = {
    "epic fantasy with dragons and magic", "a cosy mystery, nothing too dark", "science fiction about space travel",
    "a funny book about friendship", "historical novels set in the second world war", "something like harry potter",
    "a romance that is not too sad", "short classics for a long train ride"};

  private Soak() {}

  /** The routes of the mix. */
  enum Route {
    RECOMMEND("GET /recommend/{user}"), FEEDBACK("POST /feedback"), ITEMS("POST /items"), ASK("POST /ask");

    final String label;

    Route(String label) {
      this.label = label;
    }

    /** 60 / 25 / 10 / 5 out of 100. */
    static Route draw(SplittableRandom rnd) {
      int x = rnd.nextInt(100);
      return x < 60 ? RECOMMEND : x < 85 ? FEEDBACK : x < 95 ? ITEMS : ASK;
    }
  }

  /** Options; see the class comment. */
  record Options(URI url, String key, String readKey, long pid, Path users, Path items, double minutes,
      double interval, double retrainEvery, List<String> trainModels, double fraction, int[] levels, double ramp,
      double warmup, int workers, double settleMinutes, double rssGrowth, double rssSlackMiB, long seed, Path json,
      boolean bounded, int eventKeys) {
    static Options parse(String[] args) {
      URI url = null;
      String key = "";
      String readKey = "";
      long pid = -1;
      Path users = null;
      Path items = null;
      double minutes = 30;
      double interval = 30;
      double retrainEvery = 300;
      List<String> trainModels = List.of();
      double fraction = 0.7;
      int[] levels = {1, 2, 4, 8, 16};
      double ramp = 10;
      double warmup = 20;
      int workers = 16;
      double settle = -1;
      double rssGrowth = 0.15;
      double rssSlack = 64;
      long seed = 42;
      Path json = null;
      boolean bounded = true;
      int eventKeys = 20_000;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--url" -> url = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
          case "--key" -> key = v;
          case "--read-key" -> readKey = v;
          case "--pid" -> pid = Long.parseLong(v);
          case "--users" -> users = Path.of(v);
          case "--items" -> items = Path.of(v);
          case "--minutes" -> minutes = positive(a, v);
          case "--interval" -> interval = positive(a, v);
          case "--retrain-every" -> retrainEvery = Double.parseDouble(v);
          case "--train-models" -> trainModels = Arrays.stream(v.split(",")).map(String::trim)
              .filter(s -> !s.isEmpty()).toList();
          case "--fraction" -> fraction = positive(a, v);
          case "--levels" -> levels = Arrays.stream(v.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
          case "--ramp" -> ramp = positive(a, v);
          case "--warmup" -> warmup = Double.parseDouble(v);
          case "--workers" -> workers = (int) positive(a, v);
          case "--settle" -> settle = Double.parseDouble(v);
          case "--rss-growth" -> rssGrowth = positive(a, v);
          case "--rss-slack" -> rssSlack = Double.parseDouble(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--json" -> json = Path.of(v);
          case "--data" -> {
            if (!v.equals("bounded") && !v.equals("growing")) {
              throw new IllegalArgumentException("--data (" + v + ") must be bounded or growing");
            }
            bounded = v.equals("bounded");
          }
          case "--event-keys" -> eventKeys = (int) positive(a, v);
          default -> throw new IllegalArgumentException("unknown option " + a + "; expected --url, --key, --read-key,"
              + " --pid, --users, --items, --minutes, --interval, --retrain-every, --train-models, --fraction, --levels,"
              + " --ramp, --warmup, --workers, --settle, --rss-growth, --rss-slack, --seed, --json, --data,"
              + " --event-keys");
        }
      }
      if (url == null || users == null || items == null || key.isEmpty()) {
        throw new IllegalArgumentException("--url, --key, --users and --items are required");
      }
      if (fraction > 1) {
        throw new IllegalArgumentException("--fraction (" + fraction + ") must be in (0, 1]");
      }
      for (int c : levels) {
        if (c < 1) {
          throw new IllegalArgumentException("--levels (" + c + ") must be >= 1");
        }
      }
      if (settle < 0) {
        settle = Math.max(interval / 60, minutes / 6);
      }
      if (settle >= minutes) {
        throw new IllegalArgumentException("--settle (" + settle + " min) must be shorter than --minutes ("
            + minutes + ")");
      }
      return new Options(url, key, readKey.isEmpty() ? key : readKey, pid, users, items, minutes, interval,
          retrainEvery, trainModels, fraction, levels, ramp, warmup, workers, settle, rssGrowth, rssSlack, seed, json,
          bounded, eventKeys);
    }

    private static double positive(String name, String v) {
      double d = Double.parseDouble(v);
      if (!(d > 0)) {
        throw new IllegalArgumentException(name + " (" + v + ") must be > 0");
      }
      return d;
    }
  }

  /** Latencies (µs) and counters of one worker; read and reset by the reporter under the lock. */
  static final class Tally {
    private final EnumMap<Route, long[]> lat = new EnumMap<>(Route.class);
    private final EnumMap<Route, Integer> n = new EnumMap<>(Route.class);
    long errors;
    long eventsSent;
    long eventsAcked;

    Tally() {
      for (Route r : Route.values()) {
        lat.put(r, new long[256]);
        n.put(r, 0);
      }
    }

    synchronized void ok(Route r, long micros) {
      long[] a = lat.get(r);
      int k = n.get(r);
      if (k == a.length) {
        a = Arrays.copyOf(a, a.length * 2);
        lat.put(r, a);
      }
      a[k] = micros;
      n.put(r, k + 1);
    }

    synchronized void error() {
      errors++;
    }

    synchronized void events(int sent, int acked) {
      eventsSent += sent;
      eventsAcked += acked;
    }

    /** Moves this tally's contents into {@code into} and clears it. */
    synchronized void drainInto(Window into) {
      for (Route r : Route.values()) {
        into.add(r, lat.get(r), n.get(r));
        n.put(r, 0);
      }
      into.errors += errors;
      into.eventsSent += eventsSent;
      into.eventsAcked += eventsAcked;
      errors = 0;
      eventsSent = 0;
      eventsAcked = 0;
    }
  }

  /** What several tallies held over some time: latencies per route, counters. */
  static final class Window {
    final EnumMap<Route, long[]> lat = new EnumMap<>(Route.class);
    final EnumMap<Route, Integer> n = new EnumMap<>(Route.class);
    long errors;
    long eventsSent;
    long eventsAcked;

    Window() {
      for (Route r : Route.values()) {
        lat.put(r, new long[0]);
        n.put(r, 0);
      }
    }

    void add(Route r, long[] a, int k) {
      long[] have = lat.get(r);
      int m = n.get(r);
      if (m + k > have.length) {
        have = Arrays.copyOf(have, Math.max(m + k, have.length * 2));
        lat.put(r, have);
      }
      System.arraycopy(a, 0, have, m, k);
      n.put(r, m + k);
    }

    void addAll(Window w) {
      for (Route r : Route.values()) {
        add(r, w.lat.get(r), w.n.get(r));
      }
      errors += w.errors;
      eventsSent += w.eventsSent;
      eventsAcked += w.eventsAcked;
    }

    long requests() {
      long s = errors;
      for (int k : n.values()) {
        s += k;
      }
      return s;
    }

    long[] sorted(Route r) {
      long[] a = Arrays.copyOf(lat.get(r), n.get(r));
      Arrays.sort(a);
      return a;
    }

    long[] sortedAll() {
      long[] all = new long[(int) (requests() - errors)];
      int p = 0;
      for (Route r : Route.values()) {
        System.arraycopy(lat.get(r), 0, all, p, n.get(r));
        p += n.get(r);
      }
      Arrays.sort(all);
      return all;
    }
  }

  /** Shared state of one run: the feedback timestamp counter, the first errors, the failure flag. */
  static final class Run {
    final Options o;
    final String[] users;
    final String[] items;
    final AtomicLong ts;
    final long tsBase;
    final List<String> firstErrors = new ArrayList<>();
    long errorCount;
    /** Bounded data: the next of the {@code --event-keys} events to send, and the keys acknowledged. */
    final AtomicLong cursor = new AtomicLong();
    private final BitSet ackedKeys = new BitSet();
    /** Bounded data: each user's conversation, continued by the next /ask for that user. */
    final ConcurrentHashMap<String, String> sessions = new ConcurrentHashMap<>();

    Run(Options o, String[] users, String[] items, long tsBase) {
      this.o = o;
      this.users = users;
      this.items = items;
      this.ts = new AtomicLong(tsBase);
      this.tsBase = tsBase;
    }

    /** Event {@code key} of the bounded set: the same user, item, type and timestamp every time it is sent. */
    String event(long key, int value) {
      SplittableRandom r = new SplittableRandom(o.seed() * 31 + key);
      String u = users[r.nextInt(users.length)];
      String i = items[r.nextInt(items.length)];
      boolean rating = (key & 1) == 0;
      return "{\"user\":" + LoadTest.quote(u) + ",\"item\":" + LoadTest.quote(i) + (rating
          ? ",\"type\":\"rating\",\"value\":" + value : ",\"type\":\"like\"") + ",\"ts\":" + (tsBase + key) + "}";
    }

    synchronized void acked(long from, int n) {
      for (int k = 0; k < n; k++) {
        ackedKeys.set((int) ((from + k) % o.eventKeys()));
      }
    }

    synchronized int keysAcked() {
      return ackedKeys.cardinality();
    }

    synchronized void error(String what) {
      errorCount++;
      if (firstErrors.size() < 20) {
        firstErrors.add(what);
        System.err.println("ERROR " + what);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    String[] users = LoadTest.ids(o.users(), "users");
    String[] items = LoadTest.ids(o.items(), "items");
    PrintStream out = System.out;
    long before;
    try (HttpConnection c = new HttpConnection(o.url(), o.key())) {
      before = LoadTest.feedbackCount(c);
    }
    // feedback timestamps far above the data's (seconds since 2001 are ~1e9): unique per event in this run
    Run run = new Run(o, users, items, 50_000_000_000L + System.currentTimeMillis());
    out.printf(Locale.ROOT, "soak: %s, %,d users, %,d items, seed %d; mix 60%% GET /recommend/{user}?n=10 (1 in 10"
        + " explained), 25%% POST /feedback (1-5 events), 10%% POST /items (pool of %d), 5%% POST /ask%n", o.url(),
        users.length, items.length, o.seed(), ITEM_POOL);
    out.printf(Locale.ROOT, "server pid %d, RSS %s MiB at start; feedback events in the store: %,d%n", o.pid(),
        mib(rss(o.pid())), before);

    Window total = new Window();
    if (o.warmup() > 0) {
      Window w = closed(run, 4, o.warmup(), o.seed() - 1);
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
      Window w = closed(run, o.levels()[i], o.ramp(), o.seed() + i);
      double secs = (System.nanoTime() - t0) / 1e9;
      total.addAll(w);
      long[] all = w.sortedAll();
      double rps = (w.requests() - w.errors) / secs; // answered requests only
      out.printf(Locale.ROOT, "%8d %9.0f %9s %9s %7d%n", o.levels()[i], rps, ms(pct(all, 50)), ms(pct(all, 99)),
          w.errors);
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

    Soaked s = soak(run, target);
    total.addAll(s.all);
    long after;
    try (HttpConnection c = new HttpConnection(o.url(), o.key())) {
      after = LoadTest.feedbackCount(c);
    }

    // the verdict
    List<String> failures = new ArrayList<>();
    out.println();
    out.println("summary of the soak phase:");
    out.printf("%-24s %10s %9s %9s %9s%n", "route", "requests", "p50 ms", "p99 ms", "max ms");
    for (Route r : Route.values()) {
      long[] a = s.all.sorted(r);
      out.printf(Locale.ROOT, "%-24s %,10d %9s %9s %9s%n", r.label, a.length, ms(pct(a, 50)), ms(pct(a, 99)),
          ms(pct(a, 100)));
    }
    long[] all = s.all.sortedAll();
    out.printf(Locale.ROOT, "%-24s %,10d %9s %9s %9s%n", "all", all.length, ms(pct(all, 50)), ms(pct(all, 99)),
        ms(pct(all, 100)));
    out.printf(Locale.ROOT, "throughput %.1f req/s (target %.1f) over %.1f min; errors %d%n",
        s.all.requests() / s.seconds, target, s.seconds / 60, s.all.errors);
    long stored = after - before;
    // growing data: every event is a new row; bounded: events are keys of a fixed set, re-sent to replace their rows
    long keys = o.bounded() ? run.keysAcked() : total.eventsAcked;
    out.printf(Locale.ROOT, "feedback events (whole run): sent %,d, acknowledged %,d%s, stored %,d (health %,d -> %,d)%n",
        total.eventsSent, total.eventsAcked, o.bounded() ? String.format(Locale.ROOT, " (%,d distinct of %,d keys)",
        keys, o.eventKeys()) : "", stored, before, after);
    out.printf(Locale.ROOT, "training runs: %d queued, %d succeeded, %d failed; seconds %s; snapshot versions %s%n",
        s.retrains, s.retrainsOk, s.retrains - s.retrainsOk, s.retrainSeconds, s.versions);
    if (run.errorCount > 0) {
      failures.add(run.errorCount + " errors; first: " + run.firstErrors);
    }
    if (stored < keys) {
      failures.add("lost feedback: " + keys + " distinct events acknowledged but the store gained " + stored);
    } else if (stored > (o.bounded() ? o.eventKeys() : total.eventsSent)) {
      failures.add("the store gained " + stored + " events but only " + total.eventsSent + " were sent");
    }
    Memory m = Memory.judge(s.rss, o, s.firstRetrainDoneMs);
    out.println("memory: " + m.describe());
    if (m.growing()) {
      failures.add("memory keeps growing: " + m.describe());
    }
    if (o.json() != null) {
      Files.writeString(o.json(), json(o, max, best, target, s, all, total, keys, before, after, m, failures));
    }
    if (failures.isEmpty()) {
      out.println("PASSED");
    } else {
      out.println("FAILED:");
      failures.forEach(f -> out.println("  - " + f));
      System.exit(1);
    }
  }

  /** Ends the run (status 1) when errors came before the soak: its maximum and target would be meaningless. */
  private static void stopOnErrors(Run run, String phase) {
    if (run.errorCount > 0) {
      System.out.println("FAILED: " + run.errorCount + " errors during " + phase + "; first: " + run.firstErrors);
      System.exit(1);
    }
  }

  /** Closed loop: {@code conc} workers, each with one request in flight, for {@code seconds}. */
  static Window closed(Run run, int conc, double seconds, long seed) throws InterruptedException {
    Tally[] tallies = new Tally[conc];
    Thread[] threads = new Thread[conc];
    long end = System.nanoTime() + (long) (seconds * 1e9);
    for (int w = 0; w < conc; w++) {
      Tally t = new Tally();
      tallies[w] = t;
      SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + w);
      threads[w] = new Thread(() -> {
        try (HttpConnection c = new HttpConnection(run.o.url(), run.o.key());
            HttpConnection reader = new HttpConnection(run.o.url(), run.o.readKey())) {
          while (System.nanoTime() < end) {
            one(run, c, reader, rnd, t, System.nanoTime());
          }
        }
      }, "closed-" + w);
      threads[w].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    Window w = new Window();
    for (Tally t : tallies) {
      t.drainInto(w);
    }
    return w;
  }

  /** What the soak phase saw. */
  static final class Soaked {
    final Window all = new Window();
    final List<long[]> rss = new ArrayList<>(); // {elapsed ms, rss bytes}
    double seconds;
    long startNanos;
    int retrains;
    int retrainsOk;
    final List<String> retrainSeconds = new ArrayList<>();
    final List<Long> versions = new ArrayList<>();
    /** When the first training run of the soak ended (ms since its start); -1 before. */
    volatile long firstRetrainDoneMs = -1;
  }

  /** Open loop at {@code target} requests/s for {@code minutes}, reporting every interval. */
  static Soaked soak(Run run, double target) throws InterruptedException {
    Options o = run.o;
    Soaked s = new Soaked();
    int workers = o.workers();
    long periodNanos = (long) (1e9 * workers / target); // each worker's share of the rate
    long start = System.nanoTime();
    s.startNanos = start;
    long end = start + (long) (o.minutes() * 60e9);
    Tally[] tallies = new Tally[workers];
    Thread[] threads = new Thread[workers];
    for (int w = 0; w < workers; w++) {
      Tally t = new Tally();
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
            one(run, c, reader, rnd, t, due);
          }
        }
      }, "soak-" + w);
      threads[w].start();
    }
    AtomicBoolean stop = new AtomicBoolean();
    Thread trainer = new Thread(() -> retrainLoop(run, s, stop), "soak-retrain");
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
      Window w = new Window();
      for (Tally t : tallies) {
        t.drainInto(w);
      }
      s.all.addAll(w);
      long rss = rss(o.pid());
      s.rss.add(new long[] {(now - start) / 1_000_000, rss});
      long[] lat = w.sortedAll();
      out.printf(Locale.ROOT, "%8.1f %9.1f %9s %9s %7d %10s%n", (now - start) / 60e9, w.requests() / ((now - lastReport)
          / 1e9), ms(pct(lat, 50)), ms(pct(lat, 99)), w.errors, mib(rss));
      out.flush();
      lastReport = now;
    }
    s.seconds = (System.nanoTime() - start) / 1e9;
    stop.set(true);
    trainer.interrupt();
    trainer.join(600_000);
    return s;
  }

  /** Every {@code --retrain-every} s: queue a training run and follow it until it ends (at most 10 min). */
  private static void retrainLoop(Run run, Soaked s, AtomicBoolean stop) {
    Options o = run.o;
    String body = o.trainModels().isEmpty() ? "" : "{\"models\":[" + String.join(",",
        o.trainModels().stream().map(LoadTest::quote).toList()) + "]}";
    long every = (long) (o.retrainEvery() * 1e9);
    long next = System.nanoTime() + every;
    try (HttpConnection c = new HttpConnection(o.url(), o.key())) {
      while (!stop.get()) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
          continue; // re-check stop (interrupt or time)
        }
        next += every;
        long t0 = System.nanoTime();
        HttpConnection.Response r = c.post("/admin/train", body);
        if (r.status() != 202 && r.status() != 200) {
          run.error("POST /admin/train " + r.status() + " " + r.body());
          continue;
        }
        Matcher id = JOB_ID.matcher(r.body());
        if (!id.find()) {
          run.error("POST /admin/train without a job id: " + r.body());
          continue;
        }
        synchronized (s) {
          s.retrains++;
        }
        String state = "";
        String last = r.body();
        long deadline = t0 + 600_000_000_000L;
        while (System.nanoTime() < deadline) {
          LockSupport.parkNanos(200_000_000); // polling a job's state
          HttpConnection.Response j = c.get("/admin/train/" + id.group(1));
          last = j.body();
          Matcher st = STATE.matcher(last);
          state = j.status() == 200 && st.find() ? st.group(1) : "";
          if (state.equals("succeeded") || state.equals("failed")) {
            break;
          }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (s.firstRetrainDoneMs < 0) {
          s.firstRetrainDoneMs = (System.nanoTime() - s.startNanos) / 1_000_000;
        }
        if (state.equals("succeeded")) {
          Matcher v = VERSION.matcher(last);
          synchronized (s) {
            s.retrainsOk++;
            s.retrainSeconds.add(String.format(Locale.ROOT, "%.1f", secs));
            s.versions.add(v.find() ? Long.parseLong(v.group(1)) : -1);
          }
          System.out.printf(Locale.ROOT, "   training job %s succeeded in %.1f s%n", id.group(1), secs);
        } else {
          run.error("training job " + id.group(1) + " ended " + (state.isEmpty() ? "(not within 10 min)" : state)
              + ": " + last);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!stop.get()) {
        run.error("retraining: " + e);
      }
    }
  }

  /** One request of the mix, timed from {@code due}; errors recorded in the run and the tally. */
  static void one(Run run, HttpConnection c, HttpConnection reader, SplittableRandom rnd, Tally t, long due) {
    Route route = Route.draw(rnd);
    String user = run.users[rnd.nextInt(run.users.length)];
    String what = route.label;
    try {
      HttpConnection.Response r;
      int events = 0;
      long from = 0;
      switch (route) {
        case RECOMMEND -> {
          boolean explain = rnd.nextInt(10) == 0;
          String path = "/recommend/" + path(user) + "?n=10" + (explain ? "&explain=true" : "");
          what = "GET " + path;
          r = reader.get(path);
        }
        case FEEDBACK -> {
          events = 1 + rnd.nextInt(5);
          StringBuilder b = new StringBuilder("[");
          if (run.o.bounded()) { // the next events of the fixed set: after the first pass each replaces its own row
            from = run.cursor.getAndAdd(events);
            for (int k = 0; k < events; k++) {
              b.append(k == 0 ? "" : ",").append(run.event((from + k) % run.o.eventKeys(), 1 + rnd.nextInt(5)));
            }
          }
          for (int k = 0; k < events && !run.o.bounded(); k++) {
            String item = run.items[rnd.nextInt(run.items.length)];
            b.append(k == 0 ? "" : ",").append("{\"user\":").append(LoadTest.quote(user)).append(",\"item\":")
                .append(LoadTest.quote(item));
            if (rnd.nextBoolean()) {
              b.append(",\"type\":\"rating\",\"value\":").append(1 + rnd.nextInt(5));
            } else {
              b.append(",\"type\":\"like\"");
            }
            b.append(",\"ts\":").append(run.ts.incrementAndGet()).append('}');
          }
          r = c.post("/feedback", b.append(']').toString());
        }
        case ITEMS -> {
          int k = rnd.nextInt(ITEM_POOL);
          String[] cats = {"fantasy", "mystery", "science-fiction", "romance", "classics"};
          int edition = run.o.bounded() ? rnd.nextInt(2) : rnd.nextInt(1000); // bounded: two texts per item
          int part = run.o.bounded() ? edition : rnd.nextInt(100);
          String body = "[{\"id\":\"soak-" + k + "\",\"title\":\"Soak book " + k + " edition " + edition
              + "\",\"description\":\"A " + cats[k % cats.length] + " story written for the soak test, part "
              + part + ".\",\"categories\":[\"" + cats[k % cats.length] + "\"],\"tags\":[\"soak\"]}]";
          r = c.post("/items", body);
        }
        default -> {
          String q = ASKS[rnd.nextInt(ASKS.length)];
          String session = run.o.bounded() ? run.sessions.get(user) : null; // bounded: continue the user's conversation
          r = reader.post("/ask", "{\"user\":" + LoadTest.quote(user) + (session == null ? "" : ",\"session\":"
              + LoadTest.quote(session)) + ",\"query\":" + LoadTest.quote(q) + ",\"n\":10}");
          Matcher sm = SESSION.matcher(r.body());
          if (run.o.bounded() && r.status() == 200 && sm.find()) {
            run.sessions.put(user, sm.group(1));
          }
        }
      }
      long micros = (System.nanoTime() - due) / 1000;
      if (r.status() != 200) {
        t.error();
        run.error(what + " -> " + r.status() + " " + abbreviate(r.body()));
        return;
      }
      if (route == Route.FEEDBACK) {
        Matcher m = ACCEPTED.matcher(r.body());
        int acked = m.find() ? Integer.parseInt(m.group(1)) : 0;
        t.events(events, acked);
        if (run.o.bounded() && acked == events) {
          run.acked(from, events);
        }
        if (acked != events || !REJECTED_EMPTY.matcher(r.body()).find()) {
          t.error();
          run.error(what + ": " + acked + " of " + events + " events accepted: " + abbreviate(r.body()) + " ["
              + c.lastHead() + "]");
          return;
        }
      }
      t.ok(route, micros);
    } catch (IOException | RuntimeException e) {
      t.error();
      run.error(what + ": " + e);
    }
  }

  /** The RSS verdict: means of the first and last third of the samples after {@code --settle} minutes. */
  record Memory(int samples, long firstMean, long lastMean, long startRss, long endRss, long peakRss, boolean growing,
      double growth, double slackMiB) {
    static Memory judge(List<long[]> rss, Options o, long firstRetrainDoneMs) {
      // the warm-up lasts --settle minutes and at least until the first retrain ended: the first swap holds two
      // snapshots for a moment and grows the heap to the plateau every later retrain returns to
      long settleMs = Math.max((long) (o.settleMinutes() * 60_000), firstRetrainDoneMs);
      List<Long> after = new ArrayList<>();
      long peak = 0;
      for (long[] s : rss) {
        peak = Math.max(peak, s[1]);
        if (s[0] >= settleMs && s[1] > 0) {
          after.add(s[1]);
        }
      }
      long start = rss.isEmpty() ? -1 : rss.get(0)[1];
      long end = rss.isEmpty() ? -1 : rss.get(rss.size() - 1)[1];
      int third = after.size() / 3;
      if (third == 0) {
        return new Memory(after.size(), -1, -1, start, end, peak, false, o.rssGrowth(), o.rssSlackMiB());
      }
      long first = mean(after.subList(0, third));
      long last = mean(after.subList(after.size() - third, after.size()));
      boolean growing = last > first * (1 + o.rssGrowth()) && last - first > o.rssSlackMiB() * 1024 * 1024;
      return new Memory(after.size(), first, last, start, end, peak, growing, o.rssGrowth(), o.rssSlackMiB());
    }

    private static long mean(List<Long> v) {
      long s = 0;
      for (long x : v) {
        s += x;
      }
      return s / v.size();
    }

    String describe() {
      if (firstMean < 0) {
        return String.format(Locale.ROOT, "RSS %s MiB at the first report, %s MiB at the last, peak %s MiB; too few"
            + " samples after the warm-up (%d) to judge growth", mib(startRss), mib(endRss), mib(peakRss), samples);
      }
      return String.format(Locale.ROOT, "RSS %s MiB at the first report, %s MiB at the last, peak %s MiB; after the"
          + " warm-up (%d samples) the last third's mean %s MiB vs the first third's %s MiB (%+.1f%%; rule: fails above"
          + " +%.0f%% and +%.0f MiB): %s", mib(startRss), mib(endRss), mib(peakRss), samples, mib(lastMean),
          mib(firstMean), 100.0 * (lastMean - firstMean) / firstMean, growth * 100, slackMiB,
          growing ? "GROWING" : "stable");
    }
  }

  /** {@code VmRSS} of {@code pid} in bytes; -1 when unknown. */
  static long rss(long pid) {
    if (pid <= 0) {
      return -1;
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] f = line.substring(6).trim().split("\\s+");
          return Long.parseLong(f[0]) * 1024; // kB
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone or /proc is absent: unknown
    }
    return -1;
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }

  private static long pct(long[] sorted, double p) {
    return LoadTest.pct(sorted, p);
  }

  private static String ms(long micros) {
    return micros < 0 ? "-" : String.format(Locale.ROOT, "%.2f", micros / 1000.0);
  }

  private static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String json(Options o, double max, int best, double target, Soaked s, long[] all, Window total,
      long keys, long before, long after, Memory m, List<String> failures) {
    StringBuilder b = new StringBuilder("{\n");
    b.append(String.format(Locale.ROOT, "  \"url\": %s,\n  \"minutes\": %.2f,\n  \"seed\": %d,\n"
        + "  \"maxRequestsPerSecond\": %.1f,\n  \"maxAtWorkers\": %d,\n  \"targetRequestsPerSecond\": %.1f,\n"
        + "  \"achievedRequestsPerSecond\": %.1f,\n  \"p50Ms\": %.3f,\n  \"p99Ms\": %.3f,\n  \"maxMs\": %.3f,\n"
        + "  \"errors\": %d,\n", LoadTest.quote(o.url().toString()), s.seconds / 60, o.seed(), max, best, target,
        s.all.requests() / s.seconds, pct(all, 50) / 1000.0, pct(all, 99) / 1000.0, pct(all, 100) / 1000.0,
        s.all.errors));
    b.append("  \"routes\": {");
    Route[] routes = Route.values();
    for (int i = 0; i < routes.length; i++) {
      long[] a = s.all.sorted(routes[i]);
      b.append(i == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
          "    %s: {\"requests\": %d, \"p50Ms\": %.3f, \"p99Ms\": %.3f}", LoadTest.quote(routes[i].label), a.length,
          pct(a, 50) / 1000.0, pct(a, 99) / 1000.0));
    }
    b.append("\n  },\n");
    b.append(String.format(Locale.ROOT, "  \"feedback\": {\"data\": %s, \"sent\": %d, \"acknowledged\": %d,"
        + " \"keysAcknowledged\": %d, \"stored\": %d, \"healthBefore\": %d, \"healthAfter\": %d},\n",
        o.bounded() ? "\"bounded\"" : "\"growing\"", total.eventsSent, total.eventsAcked, keys, after - before,
        before, after));
    b.append(String.format(Locale.ROOT, "  \"retrains\": {\"queued\": %d, \"succeeded\": %d, \"seconds\": %s},\n",
        s.retrains, s.retrainsOk, s.retrainSeconds));
    b.append("  \"rss\": [");
    for (int i = 0; i < s.rss.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "[%.1f, %d]", s.rss.get(i)[0] / 60000.0,
          s.rss.get(i)[1]));
    }
    b.append("],\n");
    b.append("  \"memory\": ").append(LoadTest.quote(m.describe())).append(",\n");
    b.append("  \"failures\": [");
    for (int i = 0; i < failures.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(LoadTest.quote(failures.get(i)));
    }
    return b.append("]\n}\n").toString();
  }
}

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
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed-loop HTTP load test of {@code tandem serve}: at each concurrency level, that many
 * workers each keep one request in flight on their own keep-alive connection (send, wait for
 * the whole response, send the next), 80% {@code GET /recommend/{user}?n=10} and 20%
 * {@code POST /feedback} with one event (a real user and item, type {@code rating} with a value
 * 1..5 or {@code like}). Users and items are drawn with a seed from id files (one id a line).
 *
 * <p>Closed loop means the latencies are service times under that concurrency: a slow answer
 * delays the worker's next request instead of queueing it, so the percentiles do not include
 * coordinated-omission queueing delay that an open-loop (fixed arrival rate) client would see at
 * the same throughput. Latencies are exact (every one kept, sorted per level).
 *
 * <p>At the end it compares {@code GET /health}'s {@code feedback} count before and after with
 * the events the server accepted (every event carries its own timestamp, unique in the run, so
 * none replaces another; the counter starts at the current epoch second and runs ahead of it, so a
 * second run with the same seed on the same server soon after can repeat an earlier run's user,
 * item, type and timestamp, which replaces that row: give each run a fresh home, as
 * {@code scripts/figures-server.sh} does). An event counts as accepted only when its answer
 * acknowledges it: a 200 whose body says {@code "accepted": 1} and rejects nothing. An error
 * status or a rejection counts it as refused; a failed exchange (timeout, broken connection) or a
 * 2xx that acknowledges nothing (such as an empty body) as unconfirmed, since the server may or may
 * not have committed it. The store must then hold every accepted event and no more than the
 * accepted plus the unconfirmed ones; each such answer is also an error. With {@code --changed N} it then measures, on an idle server, the time
 * from a feedback POST ({@code like} on the user's current top item) until the next
 * recommendation for that user differs.
 *
 * <pre>
 * java -cp tandem-bench/target/benchmarks.jar dev.tandem.bench.LoadTest --url http://127.0.0.1:8080 \
 *     --users users.txt --items items.txt [--key KEY] [--duration 10] [--warmup 10] \
 *     [--levels 1,2,4,8,16,32] [--seed 42] [--changed 50] [--json out.json]
 * </pre>
 */
public final class LoadTest {
  static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
  private static final Pattern REJECTED_NONE = Pattern.compile("\"rejected\"\\s*:\\s*\\[\\s*]");
  private static final Pattern FEEDBACK = Pattern.compile("\"feedback\"\\s*:\\s*(\\d+)");
  private static final Pattern ITEM = Pattern.compile("\"item\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private LoadTest() {}

  /** Options; see the class comment. */
  record Options(URI url, String key, Path users, Path items, double duration, double warmup, int[] levels,
      long seed, int changed, Path json) {
    static Options parse(String[] args) {
      URI url = null;
      String key = "";
      Path users = null;
      Path items = null;
      double duration = 10;
      double warmup = 10;
      int[] levels = {1, 2, 4, 8, 16, 32};
      long seed = 42;
      int changed = 0;
      Path json = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--url" -> url = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
          case "--key" -> key = v;
          case "--users" -> users = Path.of(v);
          case "--items" -> items = Path.of(v);
          case "--duration" -> duration = positive(a, v);
          case "--warmup" -> warmup = Double.parseDouble(v);
          case "--levels" -> levels = Arrays.stream(v.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
          case "--seed" -> seed = Long.parseLong(v);
          case "--changed" -> changed = Integer.parseInt(v);
          case "--json" -> json = Path.of(v);
          default -> throw new IllegalArgumentException("unknown option " + a + "; expected --url, --key, --users,"
              + " --items, --duration, --warmup, --levels, --seed, --changed, --json");
        }
      }
      if (url == null || users == null || items == null) {
        throw new IllegalArgumentException("--url, --users and --items are required");
      }
      for (int c : levels) {
        if (c < 1) {
          throw new IllegalArgumentException("levels (" + c + ") must be >= 1");
        }
      }
      return new Options(url, key, users, items, duration, warmup, levels, seed, changed, json);
    }

    /** {@code v} as a number; refuses one that is not > 0, naming the option. */
    static double positive(String name, String v) {
      double d = Double.parseDouble(v);
      if (!(d > 0)) {
        throw new IllegalArgumentException(name + " (" + v + ") must be > 0");
      }
      return d;
    }
  }

  /** One level's figures; latencies in microseconds. */
  record Level(int concurrency, double seconds, long requests, long recommends, long feedbacks, long errors,
      long eventsSent, long eventsAccepted, long eventsRefused, long eventsUnconfirmed, long[] recommendMicros,
      long[] feedbackMicros) {
    double rps() {
      return requests / seconds;
    }

    double recommendRps() {
      return recommends / seconds;
    }
  }

  /** Per-worker counters and latencies, merged after the level. */
  private static final class Tally {
    long[] rec = new long[1 << 14];
    int nRec;
    long[] fb = new long[1 << 12];
    int nFb;
    long errors;
    long sent;
    long accepted;
    long refused;
    long unconfirmed;
    String firstError = "";

    void rec(long micros) {
      if (nRec == rec.length) {
        rec = Arrays.copyOf(rec, rec.length * 2);
      }
      rec[nRec++] = micros;
    }

    void fb(long micros) {
      if (nFb == fb.length) {
        fb = Arrays.copyOf(fb, fb.length * 2);
      }
      fb[nFb++] = micros;
    }

    void error(String what) {
      if (errors++ == 0) {
        firstError = what;
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    String[] users = ids(o.users(), "users");
    String[] items = ids(o.items(), "items");
    PrintStream out = System.out;
    long before;
    try (HttpConnection c = new HttpConnection(o.url(), o.key())) {
      before = feedbackCount(c);
    }
    out.printf(Locale.ROOT, "load test: %s, %,d users, %,d items, seed %d, closed loop, 80%% GET /recommend/{user}?n=10"
        + " / 20%% POST /feedback (1 event); %.0f s per level after %.0f s warm-up%n", o.url(), users.length,
        items.length, o.seed(), o.duration(), o.warmup());
    AtomicLong tsCounter = new AtomicLong(System.currentTimeMillis() / 1000);
    long sentTotal = 0;
    long acceptedTotal = 0;
    long refusedTotal = 0;
    long unconfirmedTotal = 0;
    long errorsTotal = 0;
    if (o.warmup() > 0) {
      Level w = run(o, users, items, Math.max(2, o.levels()[o.levels().length / 2]), o.warmup(), o.seed() - 1,
          tsCounter);
      sentTotal += w.eventsSent();
      acceptedTotal += w.eventsAccepted();
      refusedTotal += w.eventsRefused();
      unconfirmedTotal += w.eventsUnconfirmed();
      errorsTotal += w.errors();
      out.printf(Locale.ROOT, "warm-up: %d workers, %.0f req/s, %d errors%n", w.concurrency(), w.rps(), w.errors());
    }
    out.printf("%6s %9s %9s %9s %9s %9s %9s %9s %7s %13s%n", "conc", "req/s", "rec/s", "rec p50", "rec p99",
        "rec max", "fb p50", "fb p99", "errors", "fb sent/acc");
    List<Level> levels = new ArrayList<>();
    for (int i = 0; i < o.levels().length; i++) {
      Level l = run(o, users, items, o.levels()[i], o.duration(), o.seed() + i, tsCounter);
      levels.add(l);
      sentTotal += l.eventsSent();
      acceptedTotal += l.eventsAccepted();
      refusedTotal += l.eventsRefused();
      unconfirmedTotal += l.eventsUnconfirmed();
      errorsTotal += l.errors();
      out.printf(Locale.ROOT, "%6d %9.0f %9.0f %9s %9s %9s %9s %9s %7d %6d/%-6d%n", l.concurrency(), l.rps(),
          l.recommendRps(), ms(pct(l.recommendMicros(), 50)), ms(pct(l.recommendMicros(), 99)),
          ms(pct(l.recommendMicros(), 100)), ms(pct(l.feedbackMicros(), 50)), ms(pct(l.feedbackMicros(), 99)),
          l.errors(), l.eventsSent(), l.eventsAccepted());
    }
    long after;
    try (HttpConnection c = new HttpConnection(o.url(), o.key())) {
      after = feedbackCount(c);
    }
    out.printf(Locale.ROOT, "feedback events: sent %d, accepted %d, refused %d, unconfirmed %d, stored %d (health"
        + " feedback %d -> %d): %s; errors %d%n", sentTotal, acceptedTotal, refusedTotal, unconfirmedTotal,
        after - before, before, after, verdict(sentTotal, acceptedTotal, unconfirmedTotal, after - before),
        errorsTotal);
    long[] changed = new long[0];
    int unchanged = 0;
    if (o.changed() > 0) {
      ChangedResult cr = changed(o, users, tsCounter);
      changed = cr.micros();
      unchanged = cr.unchanged();
      out.printf(Locale.ROOT, "feedback -> changed recommendation (idle server, %d trials, like on the user's top"
          + " item): p50 %s ms, p99 %s ms, max %s ms; %d trials never changed%n", changed.length,
          ms(pct(changed, 50)), ms(pct(changed, 99)), ms(pct(changed, 100)), unchanged);
    }
    if (o.json() != null) {
      Files.writeString(o.json(), json(o, levels, sentTotal, acceptedTotal, refusedTotal, unconfirmedTotal, before,
          after, errorsTotal, changed, unchanged));
    }
  }

  private static Level run(Options o, String[] users, String[] items, int conc, double seconds, long seed,
      AtomicLong tsCounter) throws InterruptedException {
    Tally[] tallies = new Tally[conc];
    Thread[] threads = new Thread[conc];
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    for (int w = 0; w < conc; w++) {
      Tally t = new Tally();
      tallies[w] = t;
      SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + w);
      threads[w] = new Thread(() -> work(o, users, items, rnd, end, t, tsCounter), "load-" + w);
      threads[w].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long errors = 0;
    long sent = 0;
    long accepted = 0;
    long refused = 0;
    long unconfirmed = 0;
    int nRec = 0;
    int nFb = 0;
    for (Tally t : tallies) {
      errors += t.errors;
      sent += t.sent;
      accepted += t.accepted;
      refused += t.refused;
      unconfirmed += t.unconfirmed;
      nRec += t.nRec;
      nFb += t.nFb;
      if (t.errors > 0) {
        System.err.println("level " + conc + ": first error: " + t.firstError);
      }
    }
    long[] rec = new long[nRec];
    long[] fb = new long[nFb];
    int pr = 0;
    int pf = 0;
    for (Tally t : tallies) {
      System.arraycopy(t.rec, 0, rec, pr, t.nRec);
      pr += t.nRec;
      System.arraycopy(t.fb, 0, fb, pf, t.nFb);
      pf += t.nFb;
    }
    Arrays.sort(rec);
    Arrays.sort(fb);
    return new Level(conc, elapsed, nRec + nFb + errors, nRec, nFb, errors, sent, accepted, refused, unconfirmed, rec,
        fb);
  }

  private static void work(Options o, String[] users, String[] items, SplittableRandom rnd, long end, Tally t,
      AtomicLong tsCounter) {
    try (HttpConnection c = new HttpConnection(o.url(), o.key())) {
      while (System.nanoTime() < end) {
        String user = users[rnd.nextInt(users.length)];
        boolean feedback = rnd.nextInt(5) == 0;
        long t0 = System.nanoTime();
        boolean posting = false;
        try {
          if (feedback) {
            String item = items[rnd.nextInt(items.length)];
            String body = rnd.nextBoolean()
                ? "[{\"user\":" + quote(user) + ",\"item\":" + quote(item) + ",\"type\":\"rating\",\"value\":"
                    + (1 + rnd.nextInt(5)) + ",\"ts\":" + tsCounter.incrementAndGet() + "}]"
                : "[{\"user\":" + quote(user) + ",\"item\":" + quote(item) + ",\"type\":\"like\",\"ts\":"
                    + tsCounter.incrementAndGet() + "}]";
            t.sent++;
            posting = true;
            HttpConnection.Response r = c.post("/feedback", body);
            posting = false;
            long micros = (System.nanoTime() - t0) / 1000;
            long acked = acknowledged(r, 1);
            if (acked < 0) {
              if (r.status() / 100 == 2 && !ACCEPTED.matcher(r.body()).find()) {
                t.unconfirmed++; // a 2xx that acknowledges nothing: whether it was committed is unknown
              } else { // an error status, or the event rejected
                t.refused++;
              }
              t.error("POST /feedback " + r.status() + " without an acknowledgement of its event: '" + r.body()
                  + "' [" + c.lastHead() + "]");
              continue;
            }
            t.accepted += acked;
            t.fb(micros);
          } else {
            HttpConnection.Response r = c.get("/recommend/" + path(user) + "?n=10");
            long micros = (System.nanoTime() - t0) / 1000;
            if (r.status() / 100 != 2) {
              t.error("GET /recommend/" + user + " " + r.status() + " " + r.body());
              continue;
            }
            t.rec(micros);
          }
        } catch (IOException | RuntimeException e) {
          if (posting) {
            t.unconfirmed++; // the request may have reached the server and been committed
          }
          t.error(e.toString());
        }
      }
    }
  }

  /**
   * The events a {@code POST /feedback} answer acknowledges: {@code events} when it is a 200 saying
   * {@code "accepted": events} with no rejected event; -1 for anything else (an error status, a
   * rejected event, or a 2xx that acknowledges nothing, such as an empty body).
   */
  static long acknowledged(HttpConnection.Response r, int events) {
    if (r.status() != 200) {
      return -1;
    }
    Matcher m = ACCEPTED.matcher(r.body());
    return m.find() && Long.parseLong(m.group(1)) == events && REJECTED_NONE.matcher(r.body()).find() ? events : -1;
  }

  /**
   * Whether the store's gain matches the answers: it must hold every accepted event, and no more
   * than the accepted plus the unconfirmed ones (refused events were not written).
   */
  static String verdict(long sent, long accepted, long unconfirmed, long stored) {
    if (stored < accepted) {
      return "MISMATCH: " + (accepted - stored) + " accepted events missing from the store";
    }
    if (stored > accepted + unconfirmed) {
      return "MISMATCH: the store gained " + (stored - accepted - unconfirmed) + " events more than were accepted"
          + " or unconfirmed";
    }
    return accepted == sent ? "all stored" : "every accepted event stored; " + (sent - accepted)
        + " not accepted (see errors)";
  }

  private record ChangedResult(long[] micros, int unchanged) {}

  /**
   * {@code trials} times: a user's current list, a {@code like} on its top item, then GETs until
   * the list differs (at most 100); the time from sending the POST to the differing answer.
   */
  private static ChangedResult changed(Options o, String[] users, AtomicLong tsCounter) throws IOException {
    SplittableRandom rnd = new SplittableRandom(o.seed() ^ 0x5DEECE66DL);
    long[] micros = new long[o.changed()];
    int n = 0;
    int unchanged = 0;
    try (HttpConnection c = new HttpConnection(o.url(), o.key())) {
      for (int trial = 0; trial < o.changed(); trial++) {
        String user = users[rnd.nextInt(users.length)];
        String path = "/recommend/" + path(user) + "?n=10";
        HttpConnection.Response r0 = c.get(path);
        List<String> before = itemsOf(r0.body());
        if (r0.status() != 200 || before.isEmpty()) {
          throw new IOException("GET " + path + " gave " + r0.status() + " " + r0.body());
        }
        long t0 = System.nanoTime();
        HttpConnection.Response p = c.post("/feedback", "[{\"user\":" + quote(user) + ",\"item\":"
            + quote(before.get(0)) + ",\"type\":\"like\",\"ts\":" + tsCounter.incrementAndGet() + "}]");
        if (p.status() != 200) {
          throw new IOException("POST /feedback gave " + p.status() + " " + p.body());
        }
        boolean differs = false;
        for (int k = 0; k < 100 && !differs; k++) {
          differs = !itemsOf(c.get(path).body()).equals(before);
        }
        if (differs) {
          micros[n++] = (System.nanoTime() - t0) / 1000;
        } else {
          unchanged++;
        }
      }
    }
    long[] out = Arrays.copyOf(micros, n);
    Arrays.sort(out);
    return new ChangedResult(out, unchanged);
  }

  static List<String> itemsOf(String body) {
    List<String> out = new ArrayList<>();
    Matcher m = ITEM.matcher(body);
    while (m.find()) {
      out.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    return out;
  }

  /** {@code GET /health}'s feedback count. */
  static long feedbackCount(HttpConnection c) throws IOException {
    HttpConnection.Response r = c.get("/health");
    Matcher m = FEEDBACK.matcher(r.body());
    if (r.status() != 200 || !m.find()) {
      throw new IOException("GET /health gave " + r.status() + " without a feedback count: " + r.body());
    }
    return Long.parseLong(m.group(1));
  }

  /** The ids of {@code file}, one a line, blank lines skipped; refuses a file without ids. */
  static String[] ids(Path file, String what) throws IOException {
    String[] ids = Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty())
        .toArray(String[]::new);
    if (ids.length == 0) {
      throw new IllegalArgumentException(what + " file (" + file + ") holds no ids; expected one id a line");
    }
    return ids;
  }

  /** The {@code p}-th percentile (nearest rank) of sorted {@code v}, or -1 when empty. */
  static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Microseconds as milliseconds with two decimals; "-" when negative (no value). */
  static String ms(long micros) {
    return micros < 0 ? "-" : String.format(Locale.ROOT, "%.2f", micros / 1000.0);
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '"' || ch == '\\') {
        b.append('\\').append(ch);
      } else if (ch < 0x20) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
      } else {
        b.append(ch);
      }
    }
    return b.append('"').toString();
  }

  /** {@code segment} encoded for a URL path. */
  static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String json(Options o, List<Level> levels, long sent, long accepted, long refused, long unconfirmed,
      long before, long after, long errors, long[] changed, int unchanged) {
    StringBuilder b = new StringBuilder("{\n  \"url\": ").append(quote(o.url().toString()))
        .append(",\n  \"seed\": ").append(o.seed())
        .append(",\n  \"durationSeconds\": ").append(o.duration())
        .append(",\n  \"loop\": \"closed\",\n  \"levels\": [");
    for (int i = 0; i < levels.size(); i++) {
      Level l = levels.get(i);
      b.append(i == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
          "    {\"concurrency\": %d, \"seconds\": %.3f, \"requestsPerSecond\": %.1f, \"recommendPerSecond\": %.1f,"
              + " \"recommendP50Ms\": %.3f, \"recommendP99Ms\": %.3f, \"recommendMaxMs\": %.3f,"
              + " \"feedbackP50Ms\": %.3f, \"feedbackP99Ms\": %.3f, \"errors\": %d, \"eventsSent\": %d,"
              + " \"eventsAccepted\": %d, \"eventsRefused\": %d, \"eventsUnconfirmed\": %d}", l.concurrency(),
          l.seconds(), l.rps(), l.recommendRps(),
          pct(l.recommendMicros(), 50) / 1000.0, pct(l.recommendMicros(), 99) / 1000.0,
          pct(l.recommendMicros(), 100) / 1000.0, pct(l.feedbackMicros(), 50) / 1000.0,
          pct(l.feedbackMicros(), 99) / 1000.0, l.errors(), l.eventsSent(), l.eventsAccepted(), l.eventsRefused(),
          l.eventsUnconfirmed()));
    }
    b.append("\n  ],\n").append(String.format(Locale.ROOT,
        "  \"eventsSent\": %d, \"eventsAccepted\": %d, \"eventsRefused\": %d, \"eventsUnconfirmed\": %d,"
        + " \"eventsStored\": %d, \"errors\": %d", sent, accepted, refused, unconfirmed, after - before, errors));
    if (changed.length > 0 || unchanged > 0) {
      b.append(String.format(Locale.ROOT, ",\n  \"feedbackToChangedMs\": {\"trials\": %d, \"p50\": %.3f,"
          + " \"p99\": %.3f, \"max\": %.3f, \"neverChanged\": %d}", changed.length + unchanged,
          pct(changed, 50) / 1000.0, pct(changed, 99) / 1000.0, pct(changed, 100) / 1000.0, unchanged));
    }
    return b.append("\n}\n").toString();
  }
}

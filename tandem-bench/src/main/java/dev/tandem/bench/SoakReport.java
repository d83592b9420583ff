package dev.tandem.bench;

import static dev.tandem.bench.LoadTest.ms;
import static dev.tandem.bench.LoadTest.pct;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The end of a {@link Soak} run: the summary of the soak phase (per route, throughput, feedback
 * sent / acknowledged / stored, training runs, memory), the failures it finds and the JSON file.
 */
final class SoakReport {
  private SoakReport() {}

  /**
   * Prints the summary and writes {@code --json}; returns the failures (none: the run passed).
   * {@code before} and {@code after} are {@code /health}'s feedback counts around the run;
   * {@code max} the ramp's best requests/s, at {@code best} workers.
   */
  static List<String> summarize(PrintStream out, SoakRun run, double max, int best, double target, SoakPhase s,
      SoakWindow total, long before, long after) throws IOException {
    SoakOptions o = run.o;
    List<String> failures = new ArrayList<>();
    out.println();
    out.println("summary of the soak phase:");
    out.printf("%-24s %10s %9s %9s %9s%n", "route", "requests", "p50 ms", "p99 ms", "max ms");
    for (SoakRoute r : SoakRoute.values()) {
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
    SoakMemory m = SoakMemory.judge(s.rss, o, s.firstRetrainDoneMs);
    out.println("memory: " + m.describe());
    if (m.growing()) {
      failures.add("memory keeps growing: " + m.describe());
    }
    if (o.json() != null) {
      Files.writeString(o.json(), json(o, max, best, target, s, all, total, keys, before, after, m, failures));
    }
    return failures;
  }

  private static String json(SoakOptions o, double max, int best, double target, SoakPhase s, long[] all,
      SoakWindow total, long keys, long before, long after, SoakMemory m, List<String> failures) {
    StringBuilder b = new StringBuilder("{\n");
    b.append(String.format(Locale.ROOT, "  \"url\": %s,\n  \"minutes\": %.2f,\n  \"seed\": %d,\n"
        + "  \"maxRequestsPerSecond\": %.1f,\n  \"maxAtWorkers\": %d,\n  \"targetRequestsPerSecond\": %.1f,\n"
        + "  \"achievedRequestsPerSecond\": %.1f,\n  \"p50Ms\": %.3f,\n  \"p99Ms\": %.3f,\n  \"maxMs\": %.3f,\n"
        + "  \"errors\": %d,\n", LoadTest.quote(o.url().toString()), s.seconds / 60, o.seed(), max, best, target,
        s.all.requests() / s.seconds, pct(all, 50) / 1000.0, pct(all, 99) / 1000.0, pct(all, 100) / 1000.0,
        s.all.errors));
    b.append("  \"routes\": {");
    SoakRoute[] routes = SoakRoute.values();
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

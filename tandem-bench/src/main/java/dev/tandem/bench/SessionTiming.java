package dev.tandem.bench;

import dev.tandem.engine.Tandem;
import dev.tandem.engine.ask.AskRequest;
import dev.tandem.engine.ask.AskResult;
import dev.tandem.engine.ask.Conversation;
import dev.tandem.engine.ask.Session;
import dev.tandem.engine.ask.SessionJson;
import dev.tandem.store.SessionStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What keeping conversations in the store adds to a turn of {@code /ask}: the session read, the
 * compare-and-set write (one transaction, one fsync on SQLite) and the JSON coding, measured alone
 * ({@code N} sessions, one write each, then one more turn's read and write each), and whole
 * three-turn conversations through {@link Conversation} beside the same requests through
 * {@link Tandem#ask} with the state passed by hand. Writes {@code N} sessions into the home's store
 * (then deletes them): run it on a copy.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp "tandem-bench/target/benchmarks.jar" dev.tandem.bench.SessionTiming HOME 500
 * </pre>
 */
public final class SessionTiming {
  private SessionTiming() {}

  private static final String[] TURNS = {"cosy mysteries, nothing too dark", "more like the second one",
      "nothing too long"};

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    try (Tandem t = Tandem.open(home)) {
      SessionStore store = t.store().sessions();
      AskResult r = t.ask(new AskRequest("", Session.NEW, TURNS[0], 10));
      String state = SessionJson.encode(r.session());
      System.out.printf(Locale.ROOT, "state JSON of a 10-item turn: %d chars%n", state.length());
      double[] insert = new double[n];
      double[] turn = new double[n];
      double[] code = new double[n];
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        store.put("bench-" + i, "", state, i, 0);
        insert[i] = (System.nanoTime() - t0) / 1e6;
      }
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        SessionStore.Stored s = store.get("bench-" + i).orElseThrow();
        long c0 = System.nanoTime();
        Session decoded = SessionJson.decode(s.state());
        String again = SessionJson.encode(decoded);
        long c1 = System.nanoTime();
        if (!store.put(s.id(), s.user(), again, i + 1, s.version())) {
          throw new IllegalStateException("lost a compare-and-set with no other writer");
        }
        turn[i] = (System.nanoTime() - t0) / 1e6;
        code[i] = (c1 - c0) / 1e6;
      }
      System.out.printf(Locale.ROOT, "new session write: %s%n", summary(insert));
      System.out.printf(Locale.ROOT, "turn's read + compare-and-set write: %s (of it JSON decode + encode %s)%n",
          summary(turn), summary(code));
      long d0 = System.nanoTime();
      int deleted = store.deleteOlderThan(n + 2, 500);
      System.out.printf(Locale.ROOT, "one sweep deleting %d expired sessions: %.1f ms%n", deleted,
          (System.nanoTime() - d0) / 1e6);
      while (store.deleteOlderThan(n + 2, 500) > 0) {
        // the rest
      }

      int rounds = Math.max(1, n / 25);
      Conversation c = new Conversation(store, 60_000, System::currentTimeMillis);
      for (String q : TURNS) { // warm-up
        t.ask(new AskRequest("", Session.NEW, q, 10));
      }
      double[] plain = new double[rounds * TURNS.length];
      double[] stored = new double[rounds * TURNS.length];
      for (int k = 0; k < rounds; k++) {
        Session s = Session.NEW;
        String sid = "";
        for (int q = 0; q < TURNS.length; q++) {
          long p0 = System.nanoTime();
          s = t.ask(new AskRequest("", s, TURNS[q], 10)).session();
          plain[k * TURNS.length + q] = (System.nanoTime() - p0) / 1e6;
          long c0 = System.nanoTime();
          sid = c.ask(t, t.intentParser(), sid, "", TURNS[q], 10, false).sessionId();
          stored[k * TURNS.length + q] = (System.nanoTime() - c0) / 1e6;
        }
        c.delete(sid);
      }
      System.out.printf(Locale.ROOT, "%d three-turn conversations: state by hand %s; in the store %s%n", rounds,
          summary(plain), summary(stored));
    }
  }

  private static String summary(double[] ms) {
    double[] s = ms.clone();
    Arrays.sort(s);
    return String.format(Locale.ROOT, "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms", pct(s, 0.5),
        pct(s, 0.9), pct(s, 0.99), s[s.length - 1]);
  }

  private static double pct(double[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}

package dev.tandem.bench;

import dev.tandem.engine.Tandem;
import dev.tandem.engine.ask.AskRequest;
import dev.tandem.engine.ask.AskResult;
import dev.tandem.engine.ask.Session;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.IntentParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Latency of {@link Tandem#ask} in process (what {@code POST /ask} spends besides HTTP): parsing
 * with the in-process parser, the query embedding, the personalised, match and similar lists, the
 * filter and the fusion. {@code R} rounds over a fixed list of requests, each for a user drawn in
 * turn from the first 1000 users of the feedback log (every third request anonymous), after a
 * warm-up that loads the models, the embedder and the catalogue. Prints p50, p90, p99 and max in
 * milliseconds, overall and per request, and a sample answer. Reads only.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp "tandem-bench/target/benchmarks.jar" dev.tandem.bench.AskTiming HOME 20
 * </pre>
 */
public final class AskTiming {
  private AskTiming() {}

  static final List<String> REQUESTS = List.of(
      "cosy mysteries, nothing too dark",
      "fantasy books with dragons but no romance",
      "3 science fiction novels about space exploration",
      "something like Harry Potter and the Sorcerer's Stone",
      "historical fiction set in world war two",
      "funny books for a long flight",
      "young adult dystopian series, no vampires",
      "classics I should read, not poetry",
      "books about the history of science",
      "thrillers",
      "推荐几本轻松的科幻小说，不要恐怖的",
      "romance novels, nothing sad");

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    int rounds = Integer.parseInt(args[1]);
    try (Tandem t = Tandem.open(home)) {
      List<String> users = new ArrayList<>();
      t.store().feedback().scan((user, item, type, value, ts) -> {
        if (users.size() < 1000 && (users.isEmpty() || !users.get(users.size() - 1).equals(user))) {
          users.add(user);
        }
      });
      long w0 = System.nanoTime();
      AskResult sample = t.ask(new AskRequest(users.get(0), Session.NEW, REQUESTS.get(0), 10));
      System.out.printf(Locale.ROOT, "first request (loads models, embedder, catalogue): %.0f ms%n",
          (System.nanoTime() - w0) / 1e6);
      for (String q : REQUESTS) { // warm-up
        t.ask(new AskRequest(users.get(1), Session.NEW, q, 10));
      }
      int total = rounds * REQUESTS.size();
      double[] all = new double[total];
      double[][] per = new double[REQUESTS.size()][rounds];
      int k = 0;
      for (int r = 0; r < rounds; r++) {
        for (int q = 0; q < REQUESTS.size(); q++) {
          String user = k % 3 == 2 ? "" : users.get((k * 7) % users.size());
          long t0 = System.nanoTime();
          t.ask(new AskRequest(user, Session.NEW, REQUESTS.get(q), 10));
          double ms = (System.nanoTime() - t0) / 1e6;
          all[k++] = ms;
          per[q][r] = ms;
        }
      }
      System.out.printf(Locale.ROOT, "%d requests (%d rounds x %d texts), 10 items each: %s%n", total, rounds,
          REQUESTS.size(), summary(all));
      for (int q = 0; q < REQUESTS.size(); q++) {
        System.out.printf(Locale.ROOT, "  %-55s %s%n", "\"" + REQUESTS.get(q) + "\"", summary(per[q]));
      }
      // the parts: parsing (the in-process parser on the snapshot's catalogue) and the query embedding
      IntentParser inner = t.intentParser();
      double[] parse = new double[total];
      double[] embed = new double[total];
      int[] at = {0};
      IntentParser timed = (text, catalogue, shown) -> {
        long p0 = System.nanoTime();
        Intent in = inner.parse(text, catalogue, shown);
        parse[at[0]] = (System.nanoTime() - p0) / 1e6;
        return in;
      };
      for (int r = 0; r < rounds; r++) {
        for (String q : REQUESTS) {
          AskResult a = t.ask(new AskRequest("", Session.NEW, q, 10), timed);
          long e0 = System.nanoTime();
          if (!a.intent().query().isBlank()) {
            t.profile(a.intent().query());
          }
          embed[at[0]++] = (System.nanoTime() - e0) / 1e6;
        }
      }
      System.out.printf(Locale.ROOT, "parts: parse %s; query embedding %s%n", summary(parse), summary(embed));
      System.out.printf(Locale.ROOT, "sample \"%s\" for user %s: intent %s; personal %s, match %s%n",
          REQUESTS.get(0), users.get(0), sample.intent(), sample.personalModel(), sample.matchModel());
      sample.items().forEach(i -> System.out.printf(Locale.ROOT, "  %-8s %.5f %s%n", i.itemId(), i.score(), i.title()));
    }
  }

  static String summary(double[] ms) {
    double[] s = ms.clone();
    Arrays.sort(s);
    return String.format(Locale.ROOT, "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms", pct(s, 0.5), pct(s, 0.9),
        pct(s, 0.99), s[s.length - 1]);
  }

  private static double pct(double[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}

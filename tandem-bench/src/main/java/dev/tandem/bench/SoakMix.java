package dev.tandem.bench;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request of the soak's mix, drawn with the worker's seeded generator: 60% {@code GET
 * /recommend/{user}?n=10} (every tenth explained), 25% {@code POST /feedback} (1 to 5 events), 10%
 * {@code POST /items} (one of a pool of {@value #ITEM_POOL} soak items), 5% {@code POST /ask} (with
 * the read key); the bodies follow {@code --data} (see {@link Soak}). Stateless; the run's shared
 * state is in {@link SoakRun}.
 */
final class SoakMix {
  static final int ITEM_POOL = 200;
  private static final Pattern REJECTED_EMPTY = Pattern.compile("\"rejected\"\\s*:\\s*\\[\\s*]");
  private static final Pattern SESSION = Pattern.compile("\"session\"\\s*:\\s*\"([0-9a-zA-Z_-]+)\"");
  private static final String[] ASKS = {
    "epic fantasy with dragons and magic", "a cosy mystery, nothing too dark", "science fiction about space travel",
    "a funny book about friendship", "historical novels set in the second world war", "something like harry potter",
    "a romance that is not too sad", "short classics for a long train ride"};

  private SoakMix() {}

  /** One request of the mix, timed from {@code due}; errors recorded in the run and the tally. */
  static void one(SoakRun run, HttpConnection c, HttpConnection reader, SplittableRandom rnd, SoakTally t, long due) {
    SoakRoute route = SoakRoute.draw(rnd);
    String user = run.users[rnd.nextInt(run.users.length)];
    String what = route.label;
    try {
      HttpConnection.Response r;
      int events = 0;
      long from = 0;
      switch (route) {
        case RECOMMEND -> {
          boolean explain = rnd.nextInt(10) == 0;
          String path = "/recommend/" + LoadTest.path(user) + "?n=10" + (explain ? "&explain=true" : "");
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
      if (route == SoakRoute.FEEDBACK) {
        Matcher m = LoadTest.ACCEPTED.matcher(r.body());
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

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}

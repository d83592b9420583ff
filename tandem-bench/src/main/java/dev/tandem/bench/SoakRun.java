package dev.tandem.bench;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Shared state of one run: the feedback timestamp counter, the first errors, the failure flag. */
final class SoakRun {
  final SoakOptions o;
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

  SoakRun(SoakOptions o, String[] users, String[] items, long tsBase) {
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

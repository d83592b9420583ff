package dev.tandem.bench;

import java.util.Arrays;
import java.util.EnumMap;

/** Latencies (µs) and counters of one worker; read and reset by the reporter under the lock. */
final class SoakTally {
  private final EnumMap<SoakRoute, long[]> lat = new EnumMap<>(SoakRoute.class);
  private final EnumMap<SoakRoute, Integer> n = new EnumMap<>(SoakRoute.class);
  long errors;
  long eventsSent;
  long eventsAcked;

  SoakTally() {
    for (SoakRoute r : SoakRoute.values()) {
      lat.put(r, new long[256]);
      n.put(r, 0);
    }
  }

  synchronized void ok(SoakRoute r, long micros) {
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
  synchronized void drainInto(SoakWindow into) {
    for (SoakRoute r : SoakRoute.values()) {
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

package dev.tandem.bench;

import java.util.Arrays;
import java.util.EnumMap;

/** What several tallies held over some time: latencies per route, counters. */
final class SoakWindow {
  final EnumMap<SoakRoute, long[]> lat = new EnumMap<>(SoakRoute.class);
  final EnumMap<SoakRoute, Integer> n = new EnumMap<>(SoakRoute.class);
  long errors;
  long eventsSent;
  long eventsAcked;

  SoakWindow() {
    for (SoakRoute r : SoakRoute.values()) {
      lat.put(r, new long[0]);
      n.put(r, 0);
    }
  }

  void add(SoakRoute r, long[] a, int k) {
    long[] have = lat.get(r);
    int m = n.get(r);
    if (m + k > have.length) {
      have = Arrays.copyOf(have, Math.max(m + k, have.length * 2));
      lat.put(r, have);
    }
    System.arraycopy(a, 0, have, m, k);
    n.put(r, m + k);
  }

  void addAll(SoakWindow w) {
    for (SoakRoute r : SoakRoute.values()) {
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

  long[] sorted(SoakRoute r) {
    long[] a = Arrays.copyOf(lat.get(r), n.get(r));
    Arrays.sort(a);
    return a;
  }

  long[] sortedAll() {
    long[] all = new long[(int) (requests() - errors)];
    int p = 0;
    for (SoakRoute r : SoakRoute.values()) {
      System.arraycopy(lat.get(r), 0, all, p, n.get(r));
      p += n.get(r);
    }
    Arrays.sort(all);
    return all;
  }
}

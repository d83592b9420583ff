package dev.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The RSS verdict: means of the first and last third of the samples after {@code --settle} minutes. */
record SoakMemory(int samples, long firstMean, long lastMean, long startRss, long endRss, long peakRss, boolean growing,
    double growth, double slackMiB) {
  static SoakMemory judge(List<long[]> rss, SoakOptions o, long firstRetrainDoneMs) {
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
      return new SoakMemory(after.size(), -1, -1, start, end, peak, false, o.rssGrowth(), o.rssSlackMiB());
    }
    long first = mean(after.subList(0, third));
    long last = mean(after.subList(after.size() - third, after.size()));
    boolean growing = last > first * (1 + o.rssGrowth()) && last - first > o.rssSlackMiB() * 1024 * 1024;
    return new SoakMemory(after.size(), first, last, start, end, peak, growing, o.rssGrowth(), o.rssSlackMiB());
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

  /** Bytes in MiB, no decimals; "-" when negative (unknown). */
  static String mib(long bytes) {
    return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
  }
}

package dev.tandem.bench;

import java.util.ArrayList;
import java.util.List;

/** What the soak phase saw. */
final class SoakPhase {
  final SoakWindow all = new SoakWindow();
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

package dev.tandem.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error, drawn only when a terminal is attached (so logs
 * and pipes stay clean) and at most ten times a second.
 */
final class ProgressBar {
  private final PrintStream err;
  private final boolean enabled;
  private long lastDraw;
  private String lastPhase = "";
  private boolean drawn;

  ProgressBar(boolean enabled) {
    this.err = System.err;
    this.enabled = enabled && System.console() != null;
  }

  void update(String phase, long done, long total) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    boolean finished = total > 0 && done >= total;
    if (!finished && phase.equals(lastPhase) && now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    lastPhase = phase;
    String line;
    if (total > 0) {
      int width = 30;
      int filled = (int) Math.min(width, width * done / total);
      line = String.format(Locale.ROOT, "\r%-12s [%s%s] %3d%% %,d/%,d", phase, "=".repeat(filled),
          " ".repeat(width - filled), 100 * done / total, done, total);
    } else {
      line = String.format(Locale.ROOT, "\r%-12s %,d", phase, done);
    }
    err.print(line);
    err.flush();
    drawn = true;
  }

  void finish() {
    if (enabled && drawn) {
      err.print("\r" + " ".repeat(80) + "\r");
      err.flush();
      drawn = false;
    }
  }
}

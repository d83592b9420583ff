package dev.tandem.bench;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak's periodic retraining: every {@code --retrain-every} s a {@code POST /admin/train}
 * (models {@code --train-models}), followed with {@code GET /admin/train/{id}} until the job ends;
 * results into the {@link SoakPhase}, failures into the {@link SoakRun}. Runs on its own thread and
 * connection.
 */
final class SoakRetrainer {
  private static final Pattern JOB_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
  private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"(\\w+)\"");
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");

  private SoakRetrainer() {}

  /** Every {@code --retrain-every} s: queue a training run and follow it until it ends (at most 10 min). */
  static void retrainLoop(SoakRun run, SoakPhase s, AtomicBoolean stop) {
    SoakOptions o = run.o;
    String body = o.trainModels().isEmpty() ? "" : "{\"models\":[" + String.join(",",
        o.trainModels().stream().map(LoadTest::quote).toList()) + "]}";
    long every = (long) (o.retrainEvery() * 1e9);
    long next = System.nanoTime() + every;
    try (HttpConnection c = new HttpConnection(o.url(), o.key())) {
      while (!stop.get()) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
          continue; // re-check stop (interrupt or time)
        }
        next += every;
        long t0 = System.nanoTime();
        HttpConnection.Response r = c.post("/admin/train", body);
        if (r.status() != 202 && r.status() != 200) {
          run.error("POST /admin/train " + r.status() + " " + r.body());
          continue;
        }
        Matcher id = JOB_ID.matcher(r.body());
        if (!id.find()) {
          run.error("POST /admin/train without a job id: " + r.body());
          continue;
        }
        synchronized (s) {
          s.retrains++;
        }
        String state = "";
        String last = r.body();
        long deadline = t0 + 600_000_000_000L;
        while (System.nanoTime() < deadline) {
          LockSupport.parkNanos(200_000_000); // polling a job's state
          HttpConnection.Response j = c.get("/admin/train/" + id.group(1));
          last = j.body();
          Matcher st = STATE.matcher(last);
          state = j.status() == 200 && st.find() ? st.group(1) : "";
          if (state.equals("succeeded") || state.equals("failed")) {
            break;
          }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (s.firstRetrainDoneMs < 0) {
          s.firstRetrainDoneMs = (System.nanoTime() - s.startNanos) / 1_000_000;
        }
        if (state.equals("succeeded")) {
          Matcher v = VERSION.matcher(last);
          synchronized (s) {
            s.retrainsOk++;
            s.retrainSeconds.add(String.format(Locale.ROOT, "%.1f", secs));
            s.versions.add(v.find() ? Long.parseLong(v.group(1)) : -1);
          }
          System.out.printf(Locale.ROOT, "   training job %s succeeded in %.1f s%n", id.group(1), secs);
        } else {
          run.error("training job " + id.group(1) + " ended " + (state.isEmpty() ? "(not within 10 min)" : state)
              + ": " + last);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!stop.get()) {
        run.error("retraining: " + e);
      }
    }
  }
}

package dev.tandem.server;

import dev.tandem.engine.RetrainConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import dev.tandem.engine.TrainReport;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background training for a server: one daemon thread runs every training job ({@link Tandem#train},
 * which swaps the new snapshot in when it succeeds), the schedule of {@code [server] retrain_every}
 * and the check for snapshots written by other processes ({@code reload_every}). At most one job
 * is queued or running at a time: asking for another meanwhile returns that one. A failed job
 * leaves the previous snapshot serving and is kept as the {@linkplain #lastFinished last result}.
 *
 * <p>Scheduled runs are skipped while the store's feedback and item counts are unchanged since
 * the last successful training of this retrainer (on-demand runs always train). Thread-safe.
 */
public final class Retrainer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Retrainer.class);
  private static final int REMEMBERED = 50;

  /** Where a job is in its life. */
  public enum State {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    /** The lower-case name used over REST. */
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One training job, immutable; each change of state is a new {@code Job} with the same id.
   *
   * @param id sequence number, from 1
   * @param trigger {@code "api"}, {@code "schedule"} or {@code "external"} (a training reported by the caller)
   * @param models the models asked for (empty: the configured ones)
   * @param state where it is
   * @param queuedAt when it was asked for
   * @param startedAt when training started, null before
   * @param finishedAt when it ended, null before
   * @param report what training did, null unless succeeded
   * @param error why it failed, null unless failed
   */
  public record Job(long id, String trigger, List<String> models, State state, Instant queuedAt, Instant startedAt,
      Instant finishedAt, TrainReport report, String error) {
    public Job {
      models = List.copyOf(models);
    }

    /** The snapshot version it wrote, 0 unless it succeeded. */
    public long version() {
      return report == null ? 0 : report.version();
    }

    Job running(Instant at) {
      return new Job(id, trigger, models, State.RUNNING, queuedAt, at, null, null, null);
    }

    Job succeeded(Instant at, TrainReport r) {
      return new Job(id, trigger, models, State.SUCCEEDED, queuedAt, startedAt, at, r, null);
    }

    Job failed(Instant at, String why) {
      return new Job(id, trigger, models, State.FAILED, queuedAt, startedAt, at, null, why);
    }
  }

  /**
   * What {@link #submit} did.
   *
   * @param job the new job, or the one already queued or running
   * @param created whether {@code job} was created by this call
   */
  public record Submitted(Job job, boolean created) {}

  private final Tandem tandem;
  private final RetrainConfig config;
  private final ScheduledExecutorService executor;
  private final Map<Long, Job> jobs = new LinkedHashMap<>();
  private long nextId = 1;
  private Job active;
  private Job lastFinished;
  private long[] countsAtLastSuccess;

  private Retrainer(Tandem tandem, RetrainConfig config) {
    this.tandem = tandem;
    this.config = config;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tandem-retrain");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts the background thread for {@code tandem}: loads the newest snapshot at once (so that the
   * first request pays no load), then follows {@code config}'s schedule and reload check.
   */
  public static Retrainer start(Tandem tandem, RetrainConfig config) {
    Retrainer r = new Retrainer(tandem, config);
    r.executor.execute(r::removeStaleQuietly);
    r.executor.execute(r::reloadQuietly);
    if (config.scheduled()) {
      long ms = config.every().toMillis();
      r.executor.scheduleWithFixedDelay(r::scheduledTick, ms, ms, TimeUnit.MILLISECONDS);
    }
    if (!config.reloadEvery().isZero()) {
      long ms = config.reloadEvery().toMillis();
      r.executor.scheduleWithFixedDelay(r::reloadQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }
    return r;
  }

  /** The configuration this retrainer follows. */
  public RetrainConfig config() {
    return config;
  }

  /**
   * Queues a training run of {@code options} unless one is queued or running already, in which case
   * that one is returned and nothing is queued.
   *
   * @param trigger what asked for it, reported with the job ({@code "api"}, {@code "schedule"})
   * @throws IllegalStateException if the retrainer was closed
   */
  public synchronized Submitted submit(TrainOptions options, String trigger) {
    if (active != null) {
      return new Submitted(active, false);
    }
    if (executor.isShutdown()) {
      throw new IllegalStateException("the retrainer is closed; no training can be queued");
    }
    Job job = new Job(nextId++, trigger, options.models(), State.QUEUED, Instant.now(), null, null, null, null);
    active = job;
    remember(job);
    executor.execute(() -> run(job, options));
    return new Submitted(job, true);
  }

  /** Records a training run done outside this retrainer (e.g. before the server started) as the last result. */
  public synchronized Job recordExternal(TrainReport report) {
    Instant now = Instant.now();
    Job job = new Job(nextId++, "external", List.copyOf(report.fitSeconds().keySet()), State.SUCCEEDED, now, now, now,
        report, null);
    lastFinished = job;
    remember(job);
    return job;
  }

  /** The job queued or running now, if any. */
  public synchronized Optional<Job> active() {
    return Optional.ofNullable(active);
  }

  /** The most recently finished job (succeeded or failed), if any. */
  public synchronized Optional<Job> lastFinished() {
    return Optional.ofNullable(lastFinished);
  }

  /** Job {@code id}, if it is among the last 50. */
  public synchronized Optional<Job> job(long id) {
    return Optional.ofNullable(jobs.get(id));
  }

  /** The last jobs, oldest first. */
  public synchronized List<Job> jobs() {
    return List.copyOf(new ArrayList<>(jobs.values()));
  }

  /** Runs {@code task} on the training thread, after whatever is queued there (tests use it to hold the thread). */
  void onWorker(Runnable task) {
    executor.execute(task);
  }

  private void remember(Job job) {
    jobs.put(job.id(), job);
    if (jobs.size() > REMEMBERED) {
      jobs.remove(jobs.keySet().iterator().next());
    }
  }

  private void run(Job queued, TrainOptions options) {
    Job running = queued.running(Instant.now());
    synchronized (this) {
      active = running;
      remember(running);
    }
    Job done;
    try {
      long[] counts = counts();
      TrainReport report = tandem.train(options);
      done = running.succeeded(Instant.now(), report);
      synchronized (this) {
        countsAtLastSuccess = counts;
      }
      LOG.info("training job {} ({}) wrote snapshot {} in {}", done.id(), done.trigger(), report.version(),
          Duration.between(done.startedAt(), done.finishedAt()));
    } catch (Exception | Error e) { // recorded, never lost: a job that escaped would block every later one
      String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getName() : e.getMessage();
      done = running.failed(Instant.now(), why);
      LOG.warn("training job {} ({}) failed; the previous snapshot keeps serving: {}", done.id(), done.trigger(), why, e);
    }
    synchronized (this) {
      active = null;
      lastFinished = done;
      remember(done);
    }
  }

  private void scheduledTick() {
    try {
      long[] counts = counts();
      synchronized (this) {
        if (countsAtLastSuccess != null && Arrays.equals(counts, countsAtLastSuccess)) {
          LOG.debug("scheduled retrain skipped: feedback and items unchanged since the last training");
          return;
        }
      }
      submit(new TrainOptions(config.models(), Map.of(), (m, s) -> {}), "schedule");
    } catch (RuntimeException e) {
      LOG.warn("scheduled retrain could not start: {}", e.getMessage(), e);
    }
  }

  private long[] counts() {
    return new long[] {tandem.store().feedback().count(), tandem.store().items().count()};
  }

  /**
   * Deletes temporary snapshot files that a write killed part-way (a SIGKILL, a power loss) left in
   * the folder; they are never loaded, only taking space ({@link
   * dev.tandem.store.snapshot.SnapshotStore#removeStaleTemporaryFiles}).
   */
  private void removeStaleQuietly() {
    try {
      List<String> removed = tandem.snapshots().removeStaleTemporaryFiles();
      if (!removed.isEmpty()) {
        LOG.warn("removed {} temporary snapshot file(s) left by a write that did not finish: {}", removed.size(),
            removed);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot remove temporary snapshot files: {}", e.getMessage(), e);
    }
  }

  private void reloadQuietly() {
    try {
      long before = tandem.servingVersion().orElse(0);
      long now = tandem.reload();
      if (now != before) {
        LOG.info("serving snapshot {} (was {})", now, before);
      }
    } catch (Exception e) {
      LOG.warn("cannot load the newest snapshot; the current one keeps serving: {}", e.getMessage(), e);
    }
  }

  /**
   * Stops the schedule and waits up to {@code timeoutSeconds} for a running job to finish (a job
   * still running then is abandoned; the daemon thread does not keep the JVM alive).
   */
  public void close(long timeoutSeconds) {
    executor.shutdown(); // cancels the schedule; a queued or running job still runs
    try {
      if (!executor.awaitTermination(timeoutSeconds, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** {@link #close(long)} with 60 seconds. */
  @Override
  public void close() {
    close(60);
  }
}

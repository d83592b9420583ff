package dev.tandem.server;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The server's Prometheus metrics ({@code GET /metrics}, text format 0.0.4):
 * <ul>
 *   <li>{@code tandem_http_requests_seconds} — a timer per route <em>template</em> ({@code uri},
 *       e.g. {@code /recommend/{user}}, never the raw path; requests matching no route share
 *       {@code uri="UNMATCHED"}), {@code method} and {@code status}, with a histogram of the
 *       {@link #BUCKETS} fixed bounds (1 ms to 10 s) for {@code histogram_quantile}, plus
 *       {@code _count}, {@code _sum} and {@code _max};
 *   <li>{@code tandem_http_errors_total{class="4xx"|"5xx"}};
 *   <li>{@code tandem_feedback_events_total{outcome="accepted"|"rejected"}};
 *   <li>{@code tandem_snapshot_version} and {@code tandem_snapshot_age_seconds} (NaN before the
 *       first training), read once per scrape;
 *   <li>JVM memory, GC, threads, CPU and uptime.
 * </ul>
 * Tags are bounded: templates and methods come from the route table, statuses from 100..599.
 * Each timer has {@value #BUCKET_COUNT} buckets plus {@code +Inf} (a percentile histogram would
 * publish about 70 per series). Recording a request is a few array and map reads plus
 * Micrometer's lock-free timer update. Thread-safe.
 */
final class ServerMetrics implements AutoCloseable {
  static final String UNMATCHED = "UNMATCHED";
  /** Upper bounds of the request-duration histogram's buckets. */
  static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(10)};
  /** {@code BUCKETS.length}. */
  static final int BUCKET_COUNT = 12;

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, EnumMap<HandlerType, AtomicReferenceArray<Timer>>> timers = new HashMap<>();
  private final AtomicReferenceArray<Timer> unmatched = new AtomicReferenceArray<>(600);
  private final Counter clientErrors;
  private final Counter serverErrors;
  private final Counter feedbackAccepted;
  private final Counter feedbackRejected;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private volatile double snapshotVersion = Double.NaN;
  private volatile double snapshotCreatedMillis = Double.NaN;

  /** Where routes count the feedback events they committed and rejected. */
  interface FeedbackSink {
    /** Counts {@code accepted} committed and {@code rejected} invalid events. */
    void feedback(int accepted, int rejected);
  }

  ServerMetrics(List<TandemServer.Endpoint> endpoints) {
    for (TandemServer.Endpoint e : endpoints) {
      timers.computeIfAbsent(e.path(), p -> new EnumMap<>(HandlerType.class))
          .put(e.method(), new AtomicReferenceArray<>(600));
    }
    // one description per metric name: Prometheus shows one HELP line for all of a name's series
    String errors = "HTTP responses with an error status, by class: 4xx (refused) or 5xx (failed)";
    clientErrors = Counter.builder("tandem.http.errors").tag("class", "4xx").description(errors).register(registry);
    serverErrors = Counter.builder("tandem.http.errors").tag("class", "5xx").description(errors).register(registry);
    String events = "Feedback events received, by outcome: accepted (committed) or rejected (invalid)";
    feedbackAccepted = Counter.builder("tandem.feedback.events").tag("outcome", "accepted").description(events)
        .register(registry);
    feedbackRejected = Counter.builder("tandem.feedback.events").tag("outcome", "rejected").description(events)
        .register(registry);
    Gauge.builder("tandem.snapshot.version", this, m -> m.snapshotVersion)
        .description("Version of the serving model snapshot").register(registry);
    Gauge.builder("tandem.snapshot.age", this, m -> (System.currentTimeMillis() - m.snapshotCreatedMillis) / 1000.0)
        .baseUnit("seconds").description("Age of the serving model snapshot").register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Records one finished request (Javalin's request logger). */
  void request(Context ctx, Float millis) {
    int status = ctx.statusCode();
    if (status < 100 || status > 599) {
      status = 599;
    }
    String template = template(ctx);
    AtomicReferenceArray<Timer> byStatus = null;
    if (template != null) {
      EnumMap<HandlerType, AtomicReferenceArray<Timer>> byMethod = timers.get(template);
      if (byMethod != null) {
        byStatus = byMethod.get(ctx.method());
      }
    }
    String uri = template;
    if (byStatus == null) {
      byStatus = unmatched;
      uri = UNMATCHED;
    }
    Timer t = byStatus.get(status);
    if (t == null) {
      t = Timer.builder("tandem.http.requests")
          .description("HTTP requests answered, by route template, method and status: duration in seconds")
          .tag("uri", uri).tag("method", byStatus == unmatched ? "OTHER" : ctx.method().name())
          .tag("status", Integer.toString(status))
          .serviceLevelObjectives(BUCKETS)
          .register(registry);
      byStatus.set(status, t);
    }
    t.record((long) (millis * 1e6), TimeUnit.NANOSECONDS);
    if (status >= 500) {
      serverErrors.increment();
    } else if (status >= 400) {
      clientErrors.increment();
    }
  }

  private static String template(Context ctx) {
    try {
      String p = ctx.endpointHandlerPath();
      return p == null || p.isEmpty() ? null : p;
    } catch (IllegalStateException e) {
      return null; // failed in a before-handler: no endpoint was matched
    }
  }

  /** Counts a feedback batch's outcome. */
  void feedback(int accepted, int rejected) {
    feedbackAccepted.increment(accepted);
    feedbackRejected.increment(rejected);
  }

  /** Sets the snapshot gauges (NaN when none is serving); call once per scrape. */
  void snapshot(double version, double createdAtMillis) {
    snapshotVersion = version;
    snapshotCreatedMillis = createdAtMillis;
  }

  /** The Prometheus text exposition of every metric. */
  String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}

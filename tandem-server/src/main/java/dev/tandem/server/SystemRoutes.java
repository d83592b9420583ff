package dev.tandem.server;

import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.engine.RetrainConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.store.StoreUnavailableException;
import dev.tandem.wire.StatusJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The service's own routes: {@code GET /health}, {@code /openapi.json} and {@code /metrics}. */
final class SystemRoutes {
  private final Tandem tandem;
  private final Retrainer retrainer;
  private final Supplier<ServerMetrics> metrics;
  private final Supplier<Object> openApi;

  /**
   * Routes over {@code tandem} and {@code retrainer}; {@code metrics} and {@code openApi} are read
   * per request (the server makes them from its route table, which lists these routes).
   */
  SystemRoutes(Tandem tandem, Retrainer retrainer, Supplier<ServerMetrics> metrics, Supplier<Object> openApi) {
    this.tandem = tandem;
    this.retrainer = retrainer;
    this.metrics = metrics;
    this.openApi = openApi;
  }

  /** {@code GET /health}: status and problems, the store's counts, the snapshot, the last and the active training. */
  void health(Context ctx) throws IOException {
    Optional<Retrainer.Job> last = retrainer.lastFinished();
    boolean failed = last.isPresent() && last.get().state() == Retrainer.State.FAILED;
    List<String> problems = new ArrayList<>();
    if (failed) {
      problems.add("training job " + last.get().id() + " failed (" + Values.quoteText(String.valueOf(last.get().error()))
          + "); the previous snapshot serves");
    }
    tandem.servingProblem().ifPresent(problems::add);
    Integer items = null;
    Integer users = null;
    Long feedback = null;
    String store = "ok";
    try {
      items = tandem.store().items().count();
      users = tandem.store().users().count();
      feedback = tandem.store().feedback().count();
    } catch (StoreUnavailableException e) {
      // the server still answers (reads from its caches, /health itself): degraded, counts unknown
      store = "unreachable";
      problems.add("the store is unreachable (" + e.getMessage() + "); writes are refused with 503 until it is back");
    }
    Optional<ModelSnapshot> snap = tandem.snapshots().latest().isPresent()
        ? Optional.of(tandem.snapshotHeader()) : Optional.empty();
    Requests.send(ctx, 200, StatusJson.health(problems, new StatusJson.Counts(store, items, users, feedback), snap, last.map(AdminRoutes::job),
        retrainer.active().map(AdminRoutes::job).orElse(null), RetrainConfig.format(retrainer.config().every())));
  }

  /** {@code GET /openapi.json}. */
  void openApi(Context ctx) {
    Requests.send(ctx, 200, openApi.get());
  }

  /** {@code GET /metrics}: Prometheus text, the snapshot gauges read now. */
  void metrics(Context ctx) {
    double version = Double.NaN;
    double created = Double.NaN;
    try {
      if (tandem.snapshots().latest().isPresent()) {
        ModelSnapshot h = tandem.snapshotHeader();
        version = h.version();
        created = h.createdAtMillis();
      }
    } catch (IOException | RuntimeException e) {
      // no readable snapshot: the gauges show NaN
    }
    ServerMetrics m = metrics.get();
    m.snapshot(version, created);
    ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(m.scrape());
  }
}


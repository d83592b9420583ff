package dev.tandem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.engine.ApiException;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import dev.tandem.wire.StatusJson;
import dev.tandem.wire.TrainJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin routes: {@code POST /admin/train} (queue a run), {@code GET /admin/train} and
 * {@code /admin/train/{id}} (jobs), {@code GET /admin/snapshots}.
 */
final class AdminRoutes {
  private final Requests requests;
  private final Tandem tandem;
  private final Retrainer retrainer;

  AdminRoutes(Requests requests, Retrainer retrainer) {
    this.requests = requests;
    this.tandem = requests.tandem();
    this.retrainer = retrainer;
  }

  /** {@code POST /admin/train}: 202 with the new job, or 200 with the one already queued or running. */
  void train(Context ctx) {
    TrainOptions options = trainOptions(requests.body(ctx));
    Retrainer.Submitted s = retrainer.submit(options, "api");
    Requests.send(ctx, s.created() ? 202 : 200, job(s.job()));
  }

  /** The body of {@code POST /admin/train}: empty, or {models:[...], params:{model:{key:value}}}, validated. */
  private TrainOptions trainOptions(byte[] body) {
    List<String> models = tandem.config().retrain().models();
    Map<String, Map<String, String>> params = new LinkedHashMap<>();
    if (!new String(body, StandardCharsets.UTF_8).isBlank()) {
      JsonNode n = requests.json().value(body);
      JsonFields.requireObject(n, "");
      JsonFields.onlyKnown(n, "", Set.of("models", "params"));
      if (n.has("models") && !n.get("models").isNull()) {
        models = JsonFields.stringList(n, "models", "");
        for (int i = 0; i < models.size(); i++) {
          try {
            ModelTypes.byName(models.get(i));
          } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("models[" + i + "]", e.getMessage());
          }
        }
      }
      JsonNode p = n.get("params");
      if (p != null && !p.isNull()) {
        if (!p.isObject()) {
          throw ApiException.invalid("params", Values.quote(p), "an object {model: {key: value}}");
        }
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) p::fields) {
          if (!e.getValue().isObject()) {
            throw ApiException.invalid("params." + Values.quoteText(e.getKey()), Values.quote(e.getValue()),
                "an object {key: value}");
          }
          Map<String, String> kv = new LinkedHashMap<>();
          for (var f : (Iterable<Map.Entry<String, JsonNode>>) e.getValue()::fields) {
            if (!f.getValue().isValueNode() || f.getValue().isNull()) {
              throw ApiException.invalid("params." + Values.quoteText(e.getKey()) + "." + Values.quoteText(f.getKey()),
                  Values.quote(f.getValue()), "a string, number or boolean");
            }
            kv.put(f.getKey(), f.getValue().asText());
          }
          params.put(e.getKey(), kv);
        }
      }
    }
    TrainOptions options;
    try {
      options = new TrainOptions(models, TrainOptions.parseParams(params), (m, s) -> {});
      tandem.trainParams(options); // the CLI's validation, before anything is queued
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("params", e.getMessage());
    }
    return options;
  }

  /** {@code GET /admin/train}: the job queued or running, else the last finished one; 404 before any. */
  void lastJob(Context ctx) {
    Retrainer.Job job = retrainer.active().or(retrainer::lastFinished)
        .orElseThrow(() -> new ApiException(404, "", "no training job yet; POST /admin/train starts one"));
    Requests.send(ctx, 200, job(job));
  }

  /** {@code GET /admin/train/{id}}: one of the last 50 jobs. */
  void job(Context ctx) {
    String id = ctx.pathParam("id");
    long n;
    try {
      n = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw ApiException.invalid("id", "'" + id + "'", "a job number");
    }
    Requests.send(ctx, 200, job(retrainer.job(n).orElseThrow(() -> ApiException.notFound("training job",
        Values.quoteText(id)))));
  }

  /** {@code GET /admin/snapshots}: the snapshot files and the one serving. */
  void snapshots(Context ctx) throws IOException {
    Long serving = tandem.servingVersion().isPresent() ? tandem.servingVersion().getAsLong() : null;
    Requests.send(ctx, 200, StatusJson.snapshots(serving, tandem.snapshots().keep(), tandem.snapshotList()));
  }

  /** A job as the admin routes and {@code /health} show it. */
  static Map<String, Object> job(Retrainer.Job j) {
    return TrainJson.job(j.id(), j.state().json(), j.trigger(), j.models(), j.queuedAt(), j.startedAt(),
        j.finishedAt(), j.report(), j.error());
  }
}

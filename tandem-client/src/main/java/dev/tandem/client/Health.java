package dev.tandem.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's {@code GET /health}: the store's counts and the serving snapshot. Fields still
 * being added on the server (training state, failures) are in {@link #body()}.
 *
 * @param status "ok" when serving, "degraded" with the reasons in {@code body().get("problems")} (a failed
 *     training run, a snapshot without the configured model, an unreachable store)
 * @param items items in the store; -1 when the server could not count them (store unreachable)
 * @param users users in the store; -1 when unknown
 * @param feedback feedback events in the store; -1 when unknown
 * @param snapshotVersion the serving snapshot's version, 0 when the home is not trained yet
 * @param models the models in the serving snapshot (empty when none)
 * @param body the whole answer as JSON
 */
public record Health(String status, long items, long users, long feedback, long snapshotVersion,
    List<String> models, JsonNode body) {

  /** Copies the list. */
  public Health {
    models = List.copyOf(models);
  }

  static Health of(JsonNode body) {
    JsonNode snap = body.path("snapshot");
    List<String> models = new ArrayList<>();
    snap.path("models").forEach(m -> models.add(m.asText()));
    return new Health(body.path("status").asText(""), count(body, "items"), count(body, "users"),
        count(body, "feedback"), snap.path("version").asLong(0), models, body);
  }

  private static long count(JsonNode body, String field) {
    JsonNode n = body.path(field);
    return n.isNumber() ? n.asLong() : -1;
  }
}

package dev.tandem.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The server's {@code GET /health}: the store's counts and the serving snapshot. Fields still
 * being added on the server (training state, failures) are in {@link #body()}.
 *
 * @param status "ok" when serving
 * @param items items in the store
 * @param users users in the store
 * @param feedback feedback events in the store
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
    List<String> models = new java.util.ArrayList<>();
    snap.path("models").forEach(m -> models.add(m.asText()));
    return new Health(body.path("status").asText(""), body.path("items").asLong(), body.path("users").asLong(),
        body.path("feedback").asLong(), snap.path("version").asLong(0), models, body);
  }
}

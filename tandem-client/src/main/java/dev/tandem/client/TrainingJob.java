package dev.tandem.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A background training run on the server ({@code /admin/train}).
 *
 * @param id the job number
 * @param state {@code queued}, {@code running}, {@code succeeded} or {@code failed}
 * @param trigger what started it: {@code api}, {@code schedule}
 * @param models the models it trains
 * @param version the snapshot it published, 0 unless it succeeded
 * @param error why it failed, "" otherwise
 * @param body the whole answer as JSON (times, training facts)
 */
public record TrainingJob(long id, String state, String trigger, List<String> models, long version, String error,
    JsonNode body) {

  /** Copies the list. */
  public TrainingJob {
    models = List.copyOf(models);
  }

  /** Whether the job has ended, successfully or not. */
  public boolean finished() {
    return state.equals("succeeded") || state.equals("failed");
  }

  static TrainingJob of(JsonNode n) {
    List<String> models = new ArrayList<>();
    n.path("models").forEach(m -> models.add(m.asText()));
    return new TrainingJob(n.path("id").asLong(), n.path("state").asText(""), n.path("trigger").asText(""), models,
        n.path("version").asLong(0), n.path("error").isNull() ? "" : n.path("error").asText(""), n);
  }
}

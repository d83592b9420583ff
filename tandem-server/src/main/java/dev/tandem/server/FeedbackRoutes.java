package dev.tandem.server;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.engine.ApiException;
import dev.tandem.engine.Tandem;
import dev.tandem.wire.CatalogueJson;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The feedback route: {@code POST /feedback}. */
final class FeedbackRoutes {
  private static final Set<String> FEEDBACK_FIELDS = Set.of("user", "item", "type", "value", "ts");

  private final Requests requests;
  private final Tandem tandem;
  private final ServerMetrics.FeedbackSink metrics;

  FeedbackRoutes(Requests requests, ServerMetrics.FeedbackSink metrics) {
    this.requests = requests;
    this.tandem = requests.tandem();
    this.metrics = metrics;
  }

  /** {@code POST /feedback}: commits the valid events before answering; reports each invalid one. */
  void append(Context ctx) {
    List<Feedback> accepted = new ArrayList<>();
    List<Map<String, Object>> rejected = new ArrayList<>();
    read(requests.json(), requests.body(ctx), tandem.config().feedback(), System.currentTimeMillis() / 1000, accepted,
        rejected);
    if (!accepted.isEmpty()) {
      tandem.store().feedback().append(accepted); // committed before the response
    }
    metrics.feedback(accepted.size(), rejected.size());
    Requests.send(ctx, 200, CatalogueJson.feedbackAnswer(accepted.size(), rejected));
  }

  /**
   * A {@code POST /feedback} body: valid events to {@code accepted}, each invalid one to
   * {@code rejected} as {index, error}; a body that is not a JSON array of at most
   * {@code max_batch} elements is a 400.
   */
  static void read(JsonBody json, byte[] body, FeedbackWeights weights, long now, List<Feedback> accepted,
      List<Map<String, Object>> rejected) {
    json.array(body, (i, n) -> {
      try {
        JsonFields.requireObject(n, "[" + i + "]");
        JsonFields.onlyKnown(n, "", FEEDBACK_FIELDS);
        accepted.add(JsonFields.event(n, "", JsonFields.requiredText(n, "user", ""), weights, now));
      } catch (ApiException | IllegalArgumentException e) {
        rejected.add(CatalogueJson.rejected(i, e.getMessage()));
      }
    });
  }
}

package dev.tandem.server;

import dev.tandem.engine.PredictResult;
import dev.tandem.engine.Tandem;
import dev.tandem.wire.PredictJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Optional;

/** {@code GET /predict/{user}/{item}}: a predicted rating from the user's stored ratings. */
final class PredictRoutes {
  private final Tandem tandem;

  PredictRoutes(Requests requests) {
    this.tandem = requests.tandem();
  }

  /** {@code GET /predict/{user}/{item}}: model from the query; 404 for an unknown user or item. */
  void predict(Context ctx) throws IOException {
    String raw = ctx.queryParam(QueryParam.RATING_MODEL.name());
    String model = raw == null || raw.isBlank() ? ""
        : QueryParams.model(raw, tandem.snapshotHeader().ratingParams().keySet());
    PredictResult r = tandem.predict(ctx.pathParam("user"), ctx.pathParam("item"),
        model.isEmpty() ? Optional.empty() : Optional.of(model));
    Requests.send(ctx, 200, PredictJson.result(r));
  }
}

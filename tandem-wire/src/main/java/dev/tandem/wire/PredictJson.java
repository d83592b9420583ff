package dev.tandem.wire;

import dev.tandem.engine.PredictResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** A predicted rating as {@code GET /predict/{user}/{item}} and {@code tandem predict --json} show it. */
public final class PredictJson {
  private PredictJson() {}

  /**
   * {user, item, rating, model, ratingsUsed, fallback (+ fallbackReason), snapshotVersion}: the
   * schema {@code Prediction}.
   */
  public static Map<String, Object> result(PredictResult r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user", r.user());
    out.put("item", r.item());
    out.put("rating", r.rating());
    out.put("model", r.model());
    out.put("ratingsUsed", r.ratingsUsed());
    out.put("fallback", r.fallback());
    if (r.fallback()) {
      out.put("fallbackReason", r.reason());
    }
    out.put("snapshotVersion", r.snapshotVersion());
    return out;
  }
}

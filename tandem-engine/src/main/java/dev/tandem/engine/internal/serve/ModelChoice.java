package dev.tandem.engine.internal.serve;

import dev.tandem.core.retrieval.Popularity;
import dev.tandem.core.snapshot.ModelSnapshot;
import java.util.Set;

/**
 * The model that answers when a request names none: the configured {@code recommend.model} when the
 * snapshot has it; otherwise popularity, else the snapshot's first model, with the reason, so that
 * the answer says {@code fallback: true} instead of switching models silently.
 *
 * @param name the model to use
 * @param reason why it is not the configured one; "" when it is
 */
public record ModelChoice(String name, String reason) {
  /** The choice for {@code header} when {@code configured} is {@code recommend.model}. */
  public static ModelChoice byDefault(ModelSnapshot header, String configured) {
    Set<String> trained = header.params().keySet();
    if (trained.contains(configured)) {
      return new ModelChoice(configured, "");
    }
    String instead = trained.contains(Popularity.NAME) ? Popularity.NAME : trained.iterator().next();
    return new ModelChoice(instead, missingDefault(header, configured) + ", so " + instead + " answered");
  }

  /** "recommend.model (ease) is not in snapshot 7, which has [pop]; retrain with it". */
  public static String missingDefault(ModelSnapshot header, String configured) {
    return "recommend.model (" + configured + ") is not in snapshot " + header.version() + ", which has "
        + header.params().keySet() + "; retrain with it (tandem train --models ...," + configured + ")";
  }

  /** Whether another model than the configured one answers. */
  public boolean fallback() {
    return !reason.isEmpty();
  }
}

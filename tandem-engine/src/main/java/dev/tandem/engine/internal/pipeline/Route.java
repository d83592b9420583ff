package dev.tandem.engine.internal.pipeline;

import dev.tandem.core.data.History;
import dev.tandem.core.data.Profile;
import dev.tandem.core.model.Model;
import dev.tandem.core.retrieval.Bm25;
import dev.tandem.core.retrieval.Popularity;
import dev.tandem.core.retrieval.Semantic;
import dev.tandem.engine.internal.serve.ModelChoice;
import dev.tandem.engine.internal.serve.Serving;
import dev.tandem.engine.internal.serve.ServingSnapshot;

/**
 * Which model answers a request, and why when it is not the one asked for or configured: the
 * first step of the pipeline, shared by {@code recommend}, {@code similar} and {@code ask}'s
 * personal channel.
 *
 * @param model the answering model, from the request's snapshot
 * @param reason why it answers instead of the requested or configured model; "" when it does not
 */
public record Route(Model model, String reason) {
  /** Whether another model than the requested or configured one answers. */
  public boolean fallback() {
    return !reason.isEmpty();
  }

  /**
   * The model for a recommendation: {@code requested} when not null; else, when the history carries
   * a profile, {@code semantic} (when the profile has an embedding and it is trained) or
   * {@code bm25} (when the profile has text and it is trained); else the snapshot's default model
   * ({@link ModelChoice}). Then, when the history holds nothing the model can use (no positive
   * event, and no profile the model reads), popularity answers ({@link #popularityFallback}); when
   * the model cannot read the history's profile, the route says so (a fallback whose reason
   * contains "the profile text was not used" and why), whether the events or popularity answered.
   */
  public static Route forRecommend(Serving serving, ServingSnapshot s, History history, String requested,
      String configured) {
    String name = requested;
    Profile profile = history.profile();
    if (name == null && !profile.isEmpty()) {
      if (profile.hasVector() && s.has(Semantic.NAME)) {
        name = Semantic.NAME;
      } else if (profile.hasText() && s.has(Bm25.NAME)) {
        name = Bm25.NAME;
      }
    }
    Route r = name != null ? new Route(serving.model(s, name), "") : byDefault(serving, s, configured);
    Model m = r.model();
    boolean usable = history.positives(m.numItems()).size() > 0 || (m.readsProfile() && !profile.isEmpty());
    if (!profile.isEmpty() && !m.readsProfile()) { // never silently: say that the profile was not read, and why
      String why = name != null ? "model " + m.type() + " reads no profile text (semantic, bm25 and fusions of them do)"
          : "snapshot " + s.version() + " has neither semantic nor bm25, and model " + m.type() + " reads no profile"
              + " text; train one of them (tandem train --models ...,semantic)";
      if (!usable) {
        Route p = r.popularityFallback(serving, s, " (" + history.size() + " read)");
        return new Route(p.model(), (p.reason().isEmpty() ? "" : p.reason() + "; ") + "the profile text was not used: "
            + why);
      }
      return new Route(m, (r.reason().isEmpty() ? "" : r.reason() + "; ") + "the profile text was not used: " + why
          + ", so the history alone answered");
    }
    return usable ? r : r.popularityFallback(serving, s, " (" + history.size() + " read)");
  }

  /** The model named {@code requested}, or when null the snapshot's default model ({@link ModelChoice}). */
  public static Route named(Serving serving, ServingSnapshot s, String requested, String configured) {
    return requested != null ? new Route(serving.model(s, requested), "") : byDefault(serving, s, configured);
  }

  /** The snapshot's default model ({@link ModelChoice}) with its reason. */
  public static Route byDefault(Serving serving, ServingSnapshot s, String configured) {
    ModelChoice c = ModelChoice.byDefault(s.header(), configured);
    return new Route(serving.model(s, c.name()), c.reason());
  }

  /**
   * Popularity instead of this route's model, for a history that model cannot use, with the reason
   * appended ({@code readNote} after the model's name, e.g. " (3 read)"); this route itself when the
   * model is popularity or the snapshot has no popularity.
   */
  public Route popularityFallback(Serving serving, ServingSnapshot s, String readNote) {
    if (model instanceof Popularity || !s.has(Popularity.NAME)) {
      return this;
    }
    return new Route(serving.model(s, Popularity.NAME), (reason.isEmpty() ? "" : reason + "; ")
        + "the history has no events model " + model.type() + " can use" + readNote + ", so popularity answered");
  }
}

package dev.tandem.engine.internal.pipeline;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.History;
import dev.tandem.core.data.Profile;
import dev.tandem.core.data.User;
import dev.tandem.engine.RecommendOptions;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.internal.serve.Serving;
import dev.tandem.engine.internal.serve.ServingSnapshot;
import dev.tandem.store.Store;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The entry to the {@link Pipeline} for {@code recommend}: reads the request's history (a stored
 * user's, a session's events, or one given) over one serving snapshot, attaches a profile text (the
 * request's, else a stored user's own) as a query embedding, embedded once, and runs the pipeline on
 * that same snapshot. A history given as such ({@link #forHistory}) is taken as it is. Thread-safe.
 */
public final class Recommending {
  private final Serving serving;
  private final Store store;
  private final Histories histories;
  private final int maxHistoryEvents;
  private final Function<String, Profile> profile;
  private final Pipeline pipeline;

  /**
   * @param maxHistoryEvents how many of a user's newest stored events are read
   * @param profile the profile of a (non-blank) text, embedded by the configured model
   */
  public Recommending(Serving serving, Store store, Histories histories, int maxHistoryEvents,
      Function<String, Profile> profile, Pipeline pipeline) {
    this.serving = serving;
    this.store = store;
    this.histories = histories;
    this.maxHistoryEvents = maxHistoryEvents;
    this.profile = profile;
    this.pipeline = pipeline;
  }

  /** The stored history of {@code userId} over the current snapshot's items, with configured weights. */
  public History historyOf(String userId) throws IOException {
    return histories.of(store.feedback().history(userId, maxHistoryEvents), serving.current().items());
  }

  /** {@code events} as a history over the current snapshot's items (see {@link Histories#of}). */
  public History historyOf(List<Feedback> events) throws IOException {
    return histories.of(events, serving.current().items());
  }

  /**
   * For the stored history of {@code userId} ({@code ""}: none) and a profile text: {@code profileText}
   * unless blank, else the user's stored profile ({@link User#profile()}), which then counts exactly
   * like a request's (it routes to {@code semantic} or {@code bm25}, blends with the history, and
   * shows its share in explanations). A request's profile wins over the stored one; the two are never
   * combined. The text is embedded once per request.
   */
  public RecommendResult forUser(String userId, String profileText, RecommendOptions options) throws IOException {
    ServingSnapshot s = serving.current();
    List<Feedback> events = userId.isEmpty() ? List.of() : store.feedback().history(userId, maxHistoryEvents);
    String text = profileText.isBlank() ? storedProfile(userId) : profileText;
    return recommend(s, events, text, options);
  }

  /** {@code userId}'s stored profile text; "" for none, or for no user ({@code ""}). */
  private String storedProfile(String userId) {
    return userId.isBlank() ? "" : store.users().get(userId).map(User::profile).orElse("");
  }

  /** For a session's {@code events} and, unless blank, {@code profileText}, all on one snapshot. */
  public RecommendResult forEvents(List<Feedback> events, String profileText, RecommendOptions options)
      throws IOException {
    return recommend(serving.current(), events, profileText, options);
  }

  /** For {@code history}, over the current snapshot's items. */
  public RecommendResult forHistory(History history, RecommendOptions options) throws IOException {
    return pipeline.recommend(serving.current(), history, Set.of(), options);
  }

  /** Items most similar to {@code itemId} on the serving snapshot (see {@link Pipeline#similar}). */
  public RecommendResult similar(String itemId, RecommendOptions options) throws IOException {
    return pipeline.similar(serving.current(), itemId, options);
  }

  private RecommendResult recommend(ServingSnapshot s, List<Feedback> events, String profileText,
      RecommendOptions options) {
    History h = histories.of(events, s.items());
    History hp = profileText.isBlank() ? h : h.withProfile(profile.apply(profileText));
    options.deadline().check("scoring");
    return pipeline.recommend(s, hp, histories.outside(events, s.items()), options);
  }
}

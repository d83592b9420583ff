package dev.tandem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.core.data.Feedback;
import dev.tandem.engine.ApiException;
import dev.tandem.engine.Deadline;
import dev.tandem.engine.RecommendOptions;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Tandem;
import dev.tandem.llm.explain.Language;
import dev.tandem.wire.ListJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The list routes: {@code GET /recommend/{user}} (from the stored history), {@code POST /recommend}
 * (an anonymous history and/or profile text) and {@code GET /items/{id}/similar}.
 */
final class RecommendRoutes {
  private static final Set<String> BODY_FIELDS = Set.of("history", "profile", "n", "model", "category", "explain",
      "lang");
  private static final Set<String> HISTORY_FIELDS = Set.of("item", "type", "value", "ts");

  private final Requests requests;
  private final Tandem tandem;

  RecommendRoutes(Requests requests) {
    this.requests = requests;
    this.tandem = requests.tandem();
  }

  /** {@code GET /recommend/{user}}: n, model, category, explain, lang from the query. */
  void forUser(Context ctx) throws IOException {
    String user = ctx.pathParam("user");
    if (tandem.store().users().get(user).isEmpty()) {
      throw UserRoutes.notFound(user);
    }
    boolean explain = QueryParam.EXPLAIN.boolOf(ctx);
    Language lang = QueryParams.lang(ctx.queryParam(QueryParam.LANG.name()));
    RecommendOptions options = requests.options(ctx);
    RecommendResult r = tandem.recommend(user, options);
    if (explain) {
      options.deadline().check("explaining");
      r = tandem.explain(r, lang, List.of(), options.deadline()); // from the history and snapshot it was computed from
    }
    Requests.send(ctx, 200, ListJson.result(r, explain));
  }

  /** {@code POST /recommend}: {history?, profile?, n?, model?, category?, explain?, lang?}, one of the first two given. */
  void anonymous(Context ctx) throws IOException {
    JsonNode body = requests.object(ctx, BODY_FIELDS);
    List<Feedback> events = history(body.get("history"));
    String profile = requests.boundedText(JsonFields.optionalText(body, "profile", "", ""), "profile");
    int n = Requests.count(body);
    String model = JsonFields.optionalText(body, "model", "", "");
    String category = JsonFields.optionalText(body, "category", "", "");
    boolean explain = JsonFields.optionalBoolean(body, "explain", "", false);
    Language lang = QueryParams.lang(JsonFields.optionalText(body, "lang", "", ""));
    if (events.isEmpty() && profile.isBlank()) {
      throw ApiException.refused("history", "empty and no profile", "at least one event or a profile text");
    }
    events.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
    Deadline deadline = requests.deadline(ctx);
    RecommendResult r = tandem.recommend(events, profile, new RecommendOptions(n, requests.checkModel(model), category)
        .withDeadline(deadline));
    if (explain) {
      deadline.check("explaining");
      r = tandem.explain(r, lang, List.of(), deadline); // the profile is not embedded a second time
    }
    Requests.send(ctx, 200, ListJson.result(r, explain));
  }

  /** The body's history: at most {@code server.max_history} events {item, type|value, ts}; empty when absent. */
  private List<Feedback> history(JsonNode hist) {
    List<Feedback> events = new ArrayList<>();
    if (hist == null || hist.isNull()) {
      return events;
    }
    if (!hist.isArray()) {
      throw ApiException.invalid("history", Values.quote(hist), "an array of {item, type|value, ts}");
    }
    int max = requests.config().limits().maxHistory();
    if (hist.size() > max) {
      throw ApiException.refused("history", "has " + hist.size() + " events", "at most " + max
          + " (server.max_history): send the most recent ones");
    }
    for (int i = 0; i < hist.size(); i++) {
      String p = "history[" + i + "].";
      JsonFields.requireObject(hist.get(i), "history[" + i + "]");
      JsonFields.onlyKnown(hist.get(i), p, HISTORY_FIELDS);
      events.add(requests.event(hist.get(i), p, "anonymous"));
    }
    return events;
  }

  /** {@code GET /items/{id}/similar}: n, model, category from the query. */
  void similar(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    if (tandem.store().items().get(id).isEmpty()) {
      throw ItemRoutes.notFound(id);
    }
    RecommendResult r = tandem.similar(id, requests.options(ctx));
    Requests.send(ctx, 200, ListJson.result(r, false));
  }
}

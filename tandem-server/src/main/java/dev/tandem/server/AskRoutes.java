package dev.tandem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.engine.ApiException;
import dev.tandem.engine.Deadline;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.ask.Conversation;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.wire.AskJson;
import dev.tandem.wire.CatalogueJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The natural-language routes: {@code POST /ask} (a turn of a conversation) and
 * {@code GET}/{@code DELETE /ask/sessions/{id}}.
 */
final class AskRoutes {
  private static final Set<String> BODY_FIELDS = Set.of("user", "session", "query", "n");

  private final Requests requests;
  private final Tandem tandem;
  private final ServerMetrics.FeedbackSink metrics;
  private final Conversation conversation;
  private volatile IntentParser parser;

  AskRoutes(Requests requests, ServerMetrics.FeedbackSink metrics) {
    this.requests = requests;
    this.tandem = requests.tandem();
    this.metrics = metrics;
    this.conversation = Conversation.of(tandem);
  }

  /** Tests: answers with {@code p} instead of the home's configured parser. */
  void useParser(IntentParser p) {
    this.parser = p;
  }

  /** {@code POST /ask}: {user?, session?, query, n?}; a write key records the feedback the turn implies. */
  void ask(Context ctx) throws IOException {
    JsonNode body = requests.object(ctx, BODY_FIELDS);
    String query = requests.boundedText(JsonFields.optionalText(body, "query", "", ""), "query");
    if (query.isBlank()) {
      throw ApiException.refused("query", "missing or blank", "the request in words, e.g. \"cosy mysteries,"
          + " nothing too dark\"");
    }
    int n = Requests.count(body);
    String user = JsonFields.optionalText(body, "user", "", "").strip();
    if (!user.isEmpty() && tandem.store().users().get(user).isEmpty()) {
      throw UserRoutes.notFound(user);
    }
    String session = JsonFields.optionalText(body, "session", "", "").strip();
    boolean mayWrite = Guard.keyIncludes(ctx, ServerConfig.Scope.WRITE);
    Deadline deadline = requests.deadline(ctx);
    IntentParser p = parser;
    Conversation.Turn turn = conversation.ask(tandem, p == null ? tandem.intentParser() : p, session, user, query, n,
        mayWrite, deadline);
    if (!turn.recorded().isEmpty()) {
      metrics.feedback(turn.recorded().size(), 0);
    }
    Map<String, Object> out = AskJson.ask(turn, mayWrite);
    deadline.check("explaining");
    AskJson.explain(out, tandem.explain(turn.result(), deadline));
    Requests.send(ctx, 200, out);
  }

  /** The live session of the path, its owner checked against the {@code user} query parameter. */
  private Conversation.Live liveSession(Context ctx) {
    String id = ctx.pathParam("id");
    Conversation.Live live;
    try {
      live = conversation.live(id).orElseThrow(() -> new ApiException(404, "session", "session (" + id
          + ") is unknown or expired (sessions live " + conversation.ttlMillis() / 1000 + " s after their last turn)"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("id", e.getMessage());
    }
    String user = Optional.ofNullable(ctx.queryParam(QueryParam.USER.name())).orElse("").strip();
    if (!live.user().isEmpty() && !live.user().equals(user)) {
      throw new ApiException(400, "user", user, "the user of session " + id, "user: user (" + user
          + ") does not match the user of session " + id, 0);
    }
    return live;
  }

  /** {@code GET /ask/sessions/{id}}: the conversation's state in force. */
  void getSession(Context ctx) {
    Requests.send(ctx, 200, AskJson.session(liveSession(ctx)));
  }

  /** {@code DELETE /ask/sessions/{id}}: ends the conversation now. */
  void deleteSession(Context ctx) {
    Conversation.Live live = liveSession(ctx);
    if (!conversation.delete(live.id())) {
      throw new ApiException(404, "session", "session (" + live.id() + ") is unknown or expired");
    }
    Requests.send(ctx, 200, CatalogueJson.deleted(live.id()));
  }
}

package dev.tandem.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.core.data.Feedback;
import dev.tandem.engine.ApiException;
import dev.tandem.engine.Deadline;
import dev.tandem.engine.RecommendOptions;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.wire.Wire;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Set;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * What every route reads from a request and how it answers, declared once: the body (received
 * by the {@link Guard}) as strict JSON ({@link JsonBody}), query parameters ({@link QueryParams}),
 * the shared body fields ({@code n}, bounded texts), the request's {@link Deadline}, and the JSON
 * answer written by the wire module ({@link Wire}). Thread-safe; one per server.
 */
final class Requests {
  /** Largest page or list size a request may ask for. */
  static final int MAX_LIMIT = TandemServer.MAX_LIMIT;

  private final Tandem tandem;
  private final ServerConfig config;
  private final Guard guard;
  private final JsonBody json;

  Requests(Tandem tandem, ServerConfig config, Guard guard) {
    this.tandem = tandem;
    this.config = config;
    this.guard = guard;
    this.json = new JsonBody(config.maxBodyBytes(), 64L * config.limits().maxHistory() + 4096,
        config.limits().maxBatch());
  }

  /** The home the routes serve. */
  Tandem tandem() {
    return tandem;
  }

  /** The keys and limits the server runs with. */
  ServerConfig config() {
    return config;
  }

  /** The strict JSON reader of request bodies. */
  JsonBody json() {
    return json;
  }

  /** The request's body, as the {@link Guard} received it (bounded by {@code server.max_body_bytes}). */
  byte[] body(Context ctx) {
    return guard.body(ctx);
  }

  /** The body as one JSON object whose fields are all among {@code known}; a 400 otherwise. */
  JsonNode object(Context ctx, Set<String> known) {
    JsonNode body = json.value(body(ctx));
    JsonFields.requireObject(body, "");
    JsonFields.onlyKnown(body, "", known);
    return body;
  }

  /** Recommendation options from the query: n (1..{@value #MAX_LIMIT}, 10), model, category; the request's deadline. */
  RecommendOptions options(Context ctx) throws IOException {
    int n = QueryParam.N.intOf(ctx);
    return new RecommendOptions(n, checkModel(ctx.queryParam(QueryParam.MODEL.name())),
        QueryParams.category(ctx.queryParam(QueryParam.CATEGORY.name())))
        .withDeadline(deadline(ctx));
  }

  /**
   * The request's deadline: {@code server.deadline} from now, passing early when the client's
   * connection is seen closed (Jetty sees it when a read or write on it fails).
   */
  Deadline deadline(Context ctx) {
    Request base = Request.getBaseRequest(ctx.req());
    EndPoint endPoint = base == null ? null : base.getHttpChannel().getEndPoint();
    return Deadline.after(config.limits().deadline(), endPoint == null ? () -> false : () -> !endPoint.isOpen());
  }

  /** {@code model} when blank or trained in the current snapshot; a 400 naming the trained ones otherwise. */
  String checkModel(String model) throws IOException {
    return model == null || model.isBlank() ? "" : QueryParams.model(model, tandem.snapshotHeader().params().keySet());
  }

  /** The body's {@code n}: an integer in 1..{@value #MAX_LIMIT}, 10 when absent. */
  static int count(JsonNode body) {
    double n = JsonFields.optionalNumber(body, "n", "", 10);
    if (n != Math.rint(n) || n < 1 || n > MAX_LIMIT) {
      throw ApiException.invalid("n", Values.quote(body.get("n")), "an integer in 1.." + MAX_LIMIT);
    }
    return (int) n;
  }

  /** {@code text} when at most {@code server.max_query_chars} characters long; a 400 naming {@code field} otherwise. */
  String boundedText(String text, String field) {
    int max = config.limits().maxQueryChars();
    if (text.length() > max) {
      throw ApiException.refused(field, "has " + text.length() + " characters", "at most " + max
          + " (server.max_query_chars)");
    }
    return text;
  }

  /** One event (see {@link JsonFields#event}) of {@code user}, its timestamp defaulting to now. */
  Feedback event(JsonNode n, String path, String user) {
    return JsonFields.event(n, path, user, tandem.config().feedback(), System.currentTimeMillis() / 1000);
  }

  /** Answers {@code status} with {@code body} as JSON ({@link Wire#PROBLEM_JSON} for an error status). */
  static void send(Context ctx, int status, Object body) {
    ctx.status(status).contentType(status >= 400 ? Wire.PROBLEM_JSON : "application/json").result(Wire.compact(body));
  }
}

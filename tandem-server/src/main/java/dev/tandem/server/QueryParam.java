package dev.tandem.server;

import dev.tandem.wire.Schema;
import io.javalin.http.Context;

/**
 * A query parameter a route reads, declared once: the handlers parse it through this declaration
 * ({@link #intOf}, {@link #boolOf}) and the OpenAPI document shows its schema (type, bounds,
 * default, allowed values) and description. Immutable; thread-safe.
 *
 * @param name the parameter's name in the query
 * @param schema its JSON Schema: type, bounds, default
 * @param min the smallest integer accepted (integers only)
 * @param max the largest integer accepted (integers only)
 * @param dflt the integer taken when the parameter is absent or empty (integers only)
 */
record QueryParam(String name, Schema schema, int min, int max, int dflt) {
  /** Items to return: 1..{@value TandemServer#MAX_LIMIT}, default 10. */
  static final QueryParam N = integer("n", "Items to return", 10, 1, TandemServer.MAX_LIMIT);
  /** Items to skip before the page. */
  static final QueryParam OFFSET = integer("offset", "Items to skip before the page", 0, 0, Integer.MAX_VALUE);
  /** The page size. */
  static final QueryParam LIMIT = integer("limit", "Items in the page at most", 50, 1, TandemServer.MAX_LIMIT);
  /** A category or tag every item must have. */
  static final QueryParam CATEGORY = text("category", Schema.string("Only items with this category or tag"
      + " (compared case-insensitively); empty: all", QueryParams.MAX_NAME_CHARS).examples("fantasy"));
  /** A trained model. */
  static final QueryParam MODEL = text("model", Schema.string("A model trained in the served snapshot (see"
      + " /health); empty: the configured model", QueryParams.MAX_NAME_CHARS).examples("ease"));
  /** A trained rating model. */
  static final QueryParam RATING_MODEL = text("model", Schema.string("A rating model trained in the served snapshot"
      + " (tandem train --models biasedmf); empty: the first one trained", QueryParams.MAX_NAME_CHARS)
      .examples("biasedmf"));
  /** Whether to explain. */
  static final QueryParam EXPLAIN = text("explain", Schema.bool("Add explanations and per-channel evidence")
      .with("default", false));
  /** The explanations' language. */
  static final QueryParam LANG = text("lang", Schema.oneOf("The explanations' language", "en", "zh")
      .with("default", "en"));
  /** The user a conversation belongs to. */
  static final QueryParam USER = text("user", Schema.string("The conversation's owner; must match it when"
      + " sent").examples("u1"));

  private static QueryParam integer(String name, String description, int dflt, int min, int max) {
    return new QueryParam(name, Schema.integer(description, min, max).with("default", dflt), min, max, dflt);
  }

  private static QueryParam text(String name, Schema schema) {
    return new QueryParam(name, schema, 0, 0, 0);
  }

  /** The parameter in {@code ctx} as an integer in {@code min..max}, {@code dflt} when absent; a 400 otherwise. */
  int intOf(Context ctx) {
    return QueryParams.integer(name, ctx.queryParam(name), dflt, min, max);
  }

  /** The parameter in {@code ctx} as true or false, false when absent; a 400 otherwise. */
  boolean boolOf(Context ctx) {
    return QueryParams.bool(name, ctx.queryParam(name));
  }
}

package dev.tandem.wire;

import static dev.tandem.wire.Schema.array;
import static dev.tandem.wire.Schema.bool;
import static dev.tandem.wire.Schema.integer;
import static dev.tandem.wire.Schema.map;
import static dev.tandem.wire.Schema.number;
import static dev.tandem.wire.Schema.object;
import static dev.tandem.wire.Schema.oneOf;
import static dev.tandem.wire.Schema.opt;
import static dev.tandem.wire.Schema.ref;
import static dev.tandem.wire.Schema.req;
import static dev.tandem.wire.Schema.string;

import dev.tandem.core.data.Ids;
import dev.tandem.core.data.Limits;
import dev.tandem.engine.ask.AskResult;
import dev.tandem.llm.explain.Narrowing;
import dev.tandem.llm.explain.Written;
import dev.tandem.llm.intent.Goal;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON Schema of every body the REST API reads and writes, by component name, declared once
 * here beside the {@code *Json} classes that write them (each schema names its writer), in the
 * order the OpenAPI document lists them. An object's properties are in the writer's key order;
 * {@code required} lists the keys it always writes, and no other key is allowed
 * ({@code additionalProperties: false}), so a key added to a writer and not here fails the
 * server's schema test. Immutable; thread-safe.
 */
public final class Schemas {
  /** Largest page or list size a request may ask for (the server's {@code MAX_LIMIT}). */
  public static final int MAX_LIMIT = 1000;

  private static final Map<String, Schema> ALL = build();

  private Schemas() {}

  /** Every component schema, by name, in a stable order. */
  public static Map<String, Schema> all() {
    return ALL;
  }

  /** The schema {@code name}. */
  public static Schema get(String name) {
    Schema s = ALL.get(name);
    if (s == null) {
      throw new IllegalArgumentException("schema (" + name + ") is not one of " + ALL.keySet());
    }
    return s;
  }

  private static List<String> names(Enum<?>[] values, Function<Enum<?>, String> json) {
    return Arrays.stream(values).map(json).toList();
  }

  private static Schema id(String what) {
    return string(what + ": 1.." + Ids.MAX_CODE_POINTS + " Unicode scalar values, no control characters, no"
        + " leading or trailing whitespace; compared exactly", Ids.MAX_CODE_POINTS).with("minLength", 1);
  }

  private static Schema labels(String what) {
    return array(what + " (at most " + Limits.MAX_LABELS + ", each at most " + Limits.MAX_LABEL + " characters)",
        string("A label", Limits.MAX_LABEL)).with("maxItems", Limits.MAX_LABELS);
  }

  private static Schema attributes() {
    return map("Attributes by name (at most " + Limits.MAX_ATTRIBUTES + "): numbers and texts, in their order",
        new Schema(Map.of("type", List.of("number", "string")))).with("maxProperties", Limits.MAX_ATTRIBUTES)
        .examples(Map.of("pages", 412));
  }

  private static Schema ranges(String description) {
    return array(description, object("A numeric range on an attribute; an open side is null",
        req("attribute", string("The attribute's name")),
        req("min", number("Lower bound (inclusive), null when open").orNull()),
        req("max", number("Upper bound (inclusive), null when open").orNull())));
  }

  private static Map<String, Schema> build() {
    Map<String, Schema> m = new LinkedHashMap<>();
    // Wire#error
    m.put("Problem", object("An error (RFC 9457 problem details, application/problem+json), extended with the"
            + " request field at fault, its value and what was expected",
        req("type", string("A URI reference that identifies the problem type; about:blank: the status says it")
            .examples("about:blank")),
        req("title", string("The HTTP status's reason phrase").examples("Bad Request")),
        req("status", integer("The HTTP status code", 400, 599).examples(400)),
        req("detail", string("What was wrong, naming the field, quoting the value and saying what was expected")
            .examples("n: got '0'; expected an integer in 1..1000")),
        req("error", string("The same text as detail (the key Tandem wrote before problem details)")),
        opt("field", string("The request field at fault (a query parameter, a body path such as history[0].ts,"
            + " or a header)").examples("n")),
        opt("value", string("The value sent, quoted and cut to about 200 characters").examples("'0'")),
        opt("expected", string("What the field accepts").examples("an integer in 1..1000"))));
    // CatalogueJson
    m.put("Item", object("An item of the catalogue (CatalogueJson.item)",
        req("id", id("The item's id").examples("b1")),
        req("title", string("Title", Limits.MAX_TITLE).examples("Dune")),
        req("description", string("Description", Limits.MAX_DESCRIPTION)),
        req("categories", labels("Categories")),
        req("tags", labels("Tags")),
        req("attributes", attributes()),
        req("createdAt", integer("Epoch seconds the item appeared, 0 when unknown", Limits.MIN_CREATED_AT,
            Limits.MAX_TIMESTAMP)),
        req("available", bool("Whether the item may be recommended"))));
    m.put("ItemPage", object("A page of items (CatalogueJson.page)",
        req("offset", integer("Items skipped before this page", 0, Integer.MAX_VALUE)),
        req("limit", integer("Largest page size asked for", 1, MAX_LIMIT)),
        req("total", integer("Matching items over all pages", 0, Integer.MAX_VALUE)),
        req("items", array("The page's items", ref("Item")))));
    m.put("User", object("A user and the size of their history (CatalogueJson.user)",
        req("id", id("The user's id").examples("u1")),
        req("attributes", attributes()),
        req("profile", string("Taste in words", Limits.MAX_PROFILE)),
        req("feedbackEvents", integer("Feedback events stored for the user", 0))));
    m.put("ItemsUpserted", object("The answer to an item upsert (CatalogueJson.itemsUpserted)",
        req("upserted", integer("Items written", 0)),
        req("created", integer("Of them, items new to the catalogue", 0)),
        req("fresh", integer("Items added to the serving overlay (recommendable before the next training)", 0)),
        opt("freshError", string("Why updating the overlay failed (only then present); the items were stored"))));
    m.put("UsersUpserted", object("The answer to a user upsert (CatalogueJson.usersUpserted)",
        req("upserted", integer("Users written", 0)),
        req("created", integer("Of them, users new to the directory", 0))));
    m.put("Deleted", object("The answer to a delete (CatalogueJson.deleted)",
        req("deleted", string("The id deleted"))));
    m.put("FeedbackAnswer", object("The answer to a feedback batch (CatalogueJson.feedbackAnswer): valid events"
            + " are committed, each invalid one is listed",
        req("accepted", integer("Events committed", 0)),
        req("rejected", array("Events refused", object("A refused event",
            req("index", integer("Its position in the batch, from 0", 0)),
            req("error", string("Why it was refused")))))));
    // ListJson
    m.put("Evidence", object("One channel's part in a fused recommendation",
        req("channel", string("The channel model").examples("ease")),
        req("rank", integer("Rank in the channel's own list, 0 when outside its top depth", 0)),
        req("score", number("The channel's score")),
        req("contribution", number("Its contribution to the fused score"))));
    m.put("Because", object("A history item an explanation cites",
        req("item", string("The history item's id")),
        req("title", string("Its title")),
        req("share", number("Its share of the score"))));
    List<String> sources = names(Written.Source.values(), s -> ((Written.Source) s).json());
    m.put("Recommendation", object("One recommended item (ListJson.result); the explanation keys only when"
            + " explain=true",
        req("item", string("The item's id")),
        req("title", string("Its title")),
        req("score", number("The model's score (higher ranks first)")),
        opt("evidence", array("Per channel of a fused model: rank, score and contribution", ref("Evidence"))),
        opt("because", array("History items the explanation cites", ref("Because"))),
        opt("sharedLabels", array("Labels shared with the history", object("A shared label",
            req("label", string("The label")),
            req("becauseItems", integer("Cited history items with it", 0)),
            req("historyItems", integer("History items with it", 0))))),
        opt("matchedTerms", array("Profile terms the item matched", string("A term"))),
        opt("profileShare", number("The profile text's share of the score")),
        opt("explanation", string("The explanation, in the language asked for")),
        opt("explanationSource", oneOf("Who wrote the explanation", sources))));
    m.put("RecommendationList", object("A recommendation list (ListJson.result)",
        req("model", string("The model that answered").examples("ease")),
        req("historySize", integer("Events in the history the list was computed from", 0)),
        req("fallback", bool("Whether a fallback answered (see fallbackReason)")),
        opt("fallbackReason", string("Why the fallback answered (only when fallback)")),
        req("cutShort", array("Optional steps skipped because the deadline was close, in order",
            string("A step").examples("chat rerank"))),
        req("reranked", bool("Whether a chat model reranked the list")),
        opt("rerankProblem", string("Why reranking failed (only then present)")),
        req("snapshotVersion", integer("The snapshot that served the list, 0 when none", 0)),
        opt("intro", string("An introduction to the explained list (only when explain=true)")),
        req("items", array("The items, best first", ref("Recommendation")))));
    // PredictJson
    m.put("Prediction", object("A predicted rating (PredictJson.result): the user's stored ratings folded into a"
            + " rating model at request time",
        req("user", string("The user's id")),
        req("item", string("The item's id")),
        req("rating", number("The predicted rating, clamped to the rating scale seen in training")),
        req("model", string("The rating model that predicted").examples("biasedmf")),
        req("ratingsUsed", integer("The user's ratings folded in (distinct items, the latest rating of each)", 0)),
        req("fallback", bool("Whether the user had no ratings, so the model's baseline (global mean + item bias)"
            + " answered")),
        opt("fallbackReason", string("Why the fallback answered (only when fallback)")),
        req("snapshotVersion", integer("The snapshot the model came from", 1))));
    // AskJson
    List<String> goals = names(Goal.values(), g -> ((Goal) g).json());
    m.put("Intent", object("What a natural-language request asked for (AskJson.intent)",
        req("goal", oneOf("What to do", goals)),
        req("include", array("Labels the items must have", string("A label"))),
        req("exclude", array("Labels the items must not have", string("A label"))),
        req("prefer", array("Labels the encoder inferred: preferences, not filters", string("A label"))),
        req("ranges", ranges("Attribute ranges")),
        req("count", integer("Items asked for, 0 when not said", 0)),
        req("references", array("Items the text names", object("An item mentioned",
            req("mention", string("The words that named it")),
            req("item", string("The item's id")),
            req("title", string("Its title, empty when unknown"))))),
        req("query", string("The text left to match against item documents")),
        req("language", string("The request's language").examples("en", "zh"))));
    m.put("Shortfall", object("A constraint of a short answer: how many items match with it alone and without it",
        req("kind", oneOf("The constraint's kind", names(Narrowing.Kind.values(),
            k -> ((Narrowing.Kind) k).json()))),
        req("constraint", string("The constraint in words")),
        req("terms", array("Its labels or terms", string("A term"))),
        opt("min", number("A range's lower bound, null when open (only for kind range)").orNull()),
        opt("max", number("A range's upper bound, null when open (only for kind range)").orNull()),
        req("alone", integer("Items matching this constraint alone", 0)),
        req("withoutIt", integer("Items matching all the others", 0))));
    m.put("AskAnswer", object("The answer to a natural-language request (AskJson.ask)",
        req("session", string("The conversation's id: send it back to continue")),
        req("intent", ref("Intent")),
        req("intentSource", oneOf("Which parser's intent this turn used", AskResult.CHAT, AskResult.FALLBACK,
            AskResult.IN_PROCESS)),
        opt("intentProblems", array("What was wrong with the chat model's intent (only then present)",
            string("A problem"))),
        req("constraints", object("The constraints in force after this turn",
            req("goal", oneOf("What to do", goals)),
            req("include", array("Labels the items must have", string("A label"))),
            req("exclude", array("Labels the items must not have", string("A label"))),
            req("prefer", array("Preferred labels", string("A label"))),
            req("ranges", ranges("Attribute ranges")),
            req("query", string("The text matched against item documents")))),
        req("items", array("The items, best first", object("An item of the answer",
            req("item", string("The item's id")),
            req("title", string("Its title")),
            req("score", number("Its score (higher ranks first)")),
            req("evidence", object("Why it is in the answer",
                req("personalRank", integer("Rank in the user's personal list, 0 when not in it", 0)),
                req("matchRank", integer("Rank by match with the query, 0 when not matched", 0)),
                req("similarRank", integer("Rank by similarity to referenced items, 0 when none", 0)),
                req("matched", array("Labels and terms it matched", string("A label or term"))))),
            opt("because", array("History items the explanation cites", ref("Because"))),
            opt("matchedTerms", array("Terms it matched", string("A term"))),
            opt("explanation", string("The explanation")),
            opt("explanationSource", oneOf("Who wrote the explanation", sources))))),
        req("liked", array("Items liked in the conversation", string("An item id"))),
        req("unwanted", array("Items turned down in the conversation", string("An item id"))),
        req("personalModel", string("The model of the personal list, empty when none")),
        req("matchModel", string("The model that matched the query, empty when none")),
        req("relaxed", bool("Whether constraints were relaxed to fill the answer")),
        req("matching", integer("Items matching every constraint", 0)),
        req("shortfall", array("Per constraint, when the answer is short", ref("Shortfall"))),
        req("narrowedBy", string("The constraint that narrows the answer most, empty when none")),
        req("reranked", bool("Whether a chat model reranked the items")),
        opt("rerankProblem", string("Why reranking failed (only then present)")),
        req("fallback", bool("Whether a fallback answered")),
        opt("fallbackReason", string("Why the fallback answered (only when fallback)")),
        req("cutShort", array("Optional steps skipped because the deadline was close", string("A step"))),
        req("snapshotVersion", integer("The snapshot that served the answer, 0 when none", 0)),
        req("recorded", array("Feedback the turn recorded (write keys only)", ref("AskFeedback"))),
        opt("notRecorded", object("Feedback the turn implies but did not record",
            req("events", array("The events", ref("AskFeedback"))),
            req("reason", string("Why not, empty when it was not needed")))),
        opt("intro", string("An introduction to the explained answer"))));
    m.put("AskFeedback", object("A feedback event a conversation implies",
        req("user", string("The user")), req("item", string("The item")), req("type", string("The feedback type"))));
    m.put("AskSession", object("A conversation's state in force (AskJson.session)",
        req("id", string("The conversation's id")),
        req("user", string("Its owner, empty for an anonymous one")),
        req("goal", oneOf("What to do, null before the first turn", goals).orNull()),
        req("query", string("The text matched against item documents")),
        req("include", array("Labels the items must have", string("A label"))),
        req("exclude", array("Labels the items must not have", string("A label"))),
        req("ranges", ranges("Attribute ranges")),
        req("liked", array("Items liked", string("An item id"))),
        req("unwanted", array("Items turned down", string("An item id"))),
        req("shown", array("Items shown so far", string("An item id"))),
        req("lastTurn", integer("Epoch milliseconds of the last turn", 0)),
        req("expires", integer("Epoch milliseconds when it expires unless continued", 0))));
    // TrainJson and StatusJson
    m.put("InvalidEvents", object("Events training skipped, by reason",
        req("invalid", integer("Events skipped", 0)),
        req("counts", map("Events skipped per reason", integer("Events", 0)).examples(Map.of("value_out_of_range",
            1))),
        req("sampleIds", map("The row ids of the first " + 20 + " per reason", array("Row ids", integer("A row id",
            0))))));
    m.put("TrainJob", object("A training job (TrainJson.job); users to invalidEvents only when it succeeded",
        req("id", integer("The job's id", 1)),
        req("state", oneOf("Where it is", "queued", "running", "succeeded", "failed")),
        req("trigger", oneOf("What asked for it", "api", "schedule", "external")),
        req("models", array("The models it trains", string("A model name"))),
        req("queuedAt", string("When it was queued (ISO-8601)").with("format", "date-time")),
        req("startedAt", string("When it started, null before").with("format", "date-time").orNull()),
        req("finishedAt", string("When it finished, null before").with("format", "date-time").orNull()),
        req("version", integer("The snapshot it wrote, null unless it succeeded", 1).orNull()),
        req("error", string("Why it failed, null unless it failed").orNull()),
        opt("users", integer("Users trained on", 0)),
        opt("items", integer("Items trained on", 0)),
        opt("interactions", integer("(user, item) pairs trained on", 0)),
        opt("fitSeconds", map("Seconds fitting took, per model", number("Seconds", 0, Double.MAX_VALUE))),
        opt("invalidEvents", ref("InvalidEvents")),
        opt("at", string("When it finished (the health's lastTraining only)").with("format", "date-time"))));
    m.put("Health", object("The service's state (StatusJson.health)",
        req("status", oneOf("ok without problems, else degraded", "ok", "degraded")),
        req("problems", array("What is wrong, in words", string("A problem"))),
        req("store", oneOf("Whether the store answered", "ok", "unreachable")),
        req("items", integer("Items in the catalogue, null when the store is unreachable", 0).orNull()),
        req("users", integer("Users, null when the store is unreachable", 0).orNull()),
        req("feedback", integer("Feedback events, null when the store is unreachable", 0).orNull()),
        req("snapshot", object("The snapshot served",
            req("version", integer("Its version", 1)),
            req("createdAtMillis", integer("When it was written (epoch milliseconds)", 0)),
            req("models", array("Its models", string("A model name"))),
            req("training", map("Training facts (events, users, items, interactions, fit_seconds.MODEL)",
                string("A fact")))).orNull()),
        opt("lastTraining", ref("TrainJob").with("description", "The last finished training job, absent before"
            + " the first")),
        req("training", ref("TrainJob").orNull()),
        req("retrainEvery", string("How often training runs on its own (server.retrain_every), 0 for never")
            .examples("6h", "0"))));
    m.put("Snapshots", object("Snapshot files (StatusJson.snapshots)",
        req("serving", integer("The version served, null for none", 1).orNull()),
        req("keep", integer("Snapshots kept", 1)),
        req("snapshots", array("The snapshot files, newest first", object("A snapshot file",
            req("version", integer("Its version", 1)),
            req("createdAt", string("When it was written (ISO-8601)").with("format", "date-time")),
            req("bytes", integer("Its size in bytes", 0)),
            req("models", array("Its models", string("A model name"))),
            req("serving", bool("Whether it is served")))))));
    // request bodies, as the server reads them (unknown fields are a 400)
    m.put("ItemInput", object("An item to insert or replace; absent fields take their defaults",
        req("id", id("The item's id").examples("b1")),
        opt("title", string("Title (default empty)", Limits.MAX_TITLE).examples("Dune")),
        opt("description", string("Description (default empty)", Limits.MAX_DESCRIPTION)),
        opt("categories", labels("Categories (default none)")),
        opt("tags", labels("Tags (default none)")),
        opt("attributes", attributes()),
        opt("createdAt", integer("Epoch seconds the item appeared (default 0: unknown)", Limits.MIN_CREATED_AT,
            Limits.MAX_TIMESTAMP)),
        opt("available", bool("Whether the item may be recommended (default true)"))));
    m.put("UserInput", object("A user to insert or replace",
        req("id", id("The user's id").examples("u1")),
        opt("attributes", attributes()),
        opt("profile", string("Taste in words (default empty)", Limits.MAX_PROFILE)
            .examples("likes hard science fiction"))));
    m.put("FeedbackEvent", object("A feedback event. type defaults to rating when a value is given and must"
            + " otherwise be given; it must be configured in [feedback.weights]",
        req("user", id("The user's id")),
        req("item", id("The item's id")),
        opt("type", string("The feedback type: [a-z][a-z0-9_-]*, configured", Limits.MAX_TYPE)
            .with("pattern", "^[a-z][a-z0-9_-]*$").examples("click", "like", "rating")),
        opt("value", number("The value (default 1), within the type's range ([feedback.value_ranges])")),
        opt("ts", integer("Epoch seconds (default now; 0 = unknown)", 0, Limits.MAX_TIMESTAMP))));
    m.put("HistoryEvent", object("An event of an anonymous history (as FeedbackEvent, without the user)",
        req("item", id("The item's id")),
        opt("type", string("The feedback type, configured", Limits.MAX_TYPE).with("pattern", "^[a-z][a-z0-9_-]*$")
            .examples("like")),
        opt("value", number("The value (default 1), within the type's range")),
        opt("ts", integer("Epoch seconds (default now)", 0, Limits.MAX_TIMESTAMP))));
    m.put("RecommendRequest", object("An anonymous history and/or a profile text (at least one)",
        opt("history", array("The events, at most server.max_history", ref("HistoryEvent"))),
        opt("profile", string("Taste in words (at most server.max_query_chars)")
            .examples("I like space opera and hard science fiction")),
        opt("n", integer("Items to return (default 10)", 1, MAX_LIMIT)),
        opt("model", string("A trained model (default: the configured one)").examples("ease")),
        opt("category", string("Only items with this category or tag", 200)),
        opt("explain", bool("Add explanations and evidence (default false)")),
        opt("lang", oneOf("The explanations' language (default en)", "en", "zh"))));
    m.put("AskRequest", object("A request in words; continue a conversation by its session id",
        req("query", string("The request in words (at most server.max_query_chars)")
            .examples("cosy mysteries, nothing too dark")),
        opt("user", string("The user it is for (their history personalises it)")),
        opt("session", string("The conversation to continue")),
        opt("n", integer("Items to return (default 10)", 1, MAX_LIMIT))));
    m.put("TrainRequest", object("What to train (every field optional: the configured models)",
        opt("models", array("Model names (default: [train] models)", string("A model name")).examples(
            List.of("pop", "ease"))),
        opt("params", map("Parameters by model: {model: {key: value}}", map("Parameters of one model",
            new Schema(Map.of("type", List.of("number", "string", "boolean"))))).examples(
            Map.of("ease", Map.of("lambda", 100))))));
    return Collections.unmodifiableMap(m);
  }
}

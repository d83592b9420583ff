package dev.tandem.engine.ask;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.llm.intent.Goal;
import dev.tandem.llm.intent.Range;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Session} as the JSON text the session store keeps:
 * {@code {"v":1, "goal", "query", "include", "exclude", "ranges":[{attribute, min, max}], "shown",
 * "liked", "unwanted", "prefer"}} ({@code prefer} absent in states written before it: none). {@code goal} is null before the first turn; an open side of a range
 * ({@code ±infinity}, which JSON cannot write) is null, as in the {@code /ask} answer. Stateless
 * and thread-safe.
 */
public final class SessionJson {
  /** The format version written in {@code v}; decoding rejects any other. */
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SessionJson() {}

  /** The JSON text of {@code session}. */
  public static String encode(Session session) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("v", VERSION);
    if (session.goal() == null) {
      o.putNull("goal");
    } else {
      o.put("goal", session.goal().json());
    }
    o.put("query", session.query());
    strings(o.putArray("include"), session.include());
    strings(o.putArray("exclude"), session.exclude());
    ArrayNode rs = o.putArray("ranges");
    for (Range r : session.ranges()) {
      ObjectNode x = rs.addObject();
      x.put("attribute", r.attribute());
      bound(x, "min", r.min());
      bound(x, "max", r.max());
    }
    strings(o.putArray("shown"), session.shown());
    strings(o.putArray("liked"), session.liked());
    strings(o.putArray("unwanted"), session.unwanted());
    strings(o.putArray("prefer"), session.prefer());
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a session always has a JSON form", e);
    }
  }

  /**
   * The session written by {@link #encode}.
   *
   * @throws IllegalArgumentException if {@code json} is not a session of format {@value #VERSION},
   *     naming the field
   */
  public static Session decode(String json) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("session state is not JSON: " + e.getOriginalMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("session state (" + json + ") must be a JSON object");
    }
    if (n.path("v").asInt(-1) != VERSION) {
      throw new IllegalArgumentException("session state v (" + n.get("v") + ") must be " + VERSION);
    }
    JsonNode g = n.path("goal");
    Goal goal = g.isMissingNode() || g.isNull() ? null : Goal.parse(g.asText());
    List<Range> ranges = new ArrayList<>();
    for (JsonNode r : array(n, "ranges")) {
      ranges.add(new Range(r.path("attribute").asText(""), side(r, "min", Double.NEGATIVE_INFINITY),
          side(r, "max", Double.POSITIVE_INFINITY)));
    }
    return new Session(goal, n.path("query").asText(""), strings(n, "include"), strings(n, "exclude"), ranges,
        strings(n, "shown"), strings(n, "liked"), strings(n, "unwanted"), strings(n, "prefer"));
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }

  private static void bound(ObjectNode x, String name, double v) {
    if (Double.isInfinite(v)) {
      x.putNull(name);
    } else {
      x.put(name, v);
    }
  }

  private static double side(JsonNode r, String name, double open) {
    JsonNode v = r.path(name);
    if (v.isMissingNode() || v.isNull()) {
      return open;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException("session state ranges[]." + name + " (" + v + ") must be a number or null");
    }
    return v.doubleValue();
  }

  private static JsonNode array(JsonNode n, String field) {
    JsonNode a = n.path(field);
    if (a.isMissingNode() || a.isNull()) {
      return MAPPER.createArrayNode();
    }
    if (!a.isArray()) {
      throw new IllegalArgumentException("session state " + field + " (" + a + ") must be an array");
    }
    return a;
  }

  private static List<String> strings(JsonNode n, String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : array(n, field)) {
      if (!s.isTextual()) {
        throw new IllegalArgumentException("session state " + field + " holds " + s + "; expected strings");
      }
      out.add(s.asText());
    }
    return out;
  }
}

package dev.tandem.wire;

import dev.tandem.core.data.Feedback;
import dev.tandem.engine.Explanation;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.ask.AskItem;
import dev.tandem.engine.ask.AskResult;
import dev.tandem.engine.ask.Conversation;
import dev.tandem.engine.ask.Session;
import dev.tandem.llm.explain.Narrowing;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.Range;
import dev.tandem.llm.intent.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Natural-language requests as JSON: the answer of {@code POST /ask} and {@code tandem ask --json}
 * (one format for both), its intent, constraints and explanations, and a stored conversation.
 */
public final class AskJson {
  private AskJson() {}

  /**
   * A stored conversation as {@code GET /ask/sessions/{id}} shows it: id, user, goal (null before
   * the first turn), query, include, exclude, ranges ({attribute, min, max}, null for an open side),
   * liked, unwanted, shown, lastTurn and expires (epoch milliseconds).
   */
  public static Map<String, Object> session(Conversation.Live live) {
    Session s = live.session();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", live.id());
    m.put("user", live.user());
    m.put("goal", s.goal() == null ? null : s.goal().json());
    m.put("query", s.query());
    m.put("include", s.include());
    m.put("exclude", s.exclude());
    m.put("ranges", ranges(s.ranges()));
    m.put("liked", s.liked());
    m.put("unwanted", s.unwanted());
    m.put("shown", s.shown());
    m.put("lastTurn", live.lastTurnMillis());
    m.put("expires", live.expiresMillis());
    return m;
  }

  /** Adds each item's explanation (sentence, source, cited history items, matched terms) and the intro. */
  @SuppressWarnings("unchecked")
  public static void explain(Map<String, Object> out, RecommendResult explained) {
    List<Map<String, Object>> items = (List<Map<String, Object>>) out.get("items");
    for (int i = 0; i < items.size(); i++) {
      Explanation x = explained.items().get(i).explanation();
      items.get(i).put("because", ListJson.because(x));
      items.get(i).put("matchedTerms", x.matchedTerms());
      items.get(i).put("explanation", x.sentence());
      items.get(i).put("explanationSource", x.source().json());
    }
    out.put("intro", explained.intro());
  }

  /** The body of a {@code POST /ask} answer. */
  public static Map<String, Object> ask(Conversation.Turn turn, boolean mayWrite) {
    AskResult r = turn.result();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("session", turn.sessionId());
    out.put("intent", intent(r.intent(), r));
    out.put("intentSource", r.intentSource());
    if (!r.intentProblems().isEmpty()) {
      out.put("intentProblems", r.intentProblems());
    }
    Map<String, Object> eff = new LinkedHashMap<>();
    eff.put("goal", r.effective().goal().json());
    eff.put("include", r.effective().include());
    eff.put("exclude", r.effective().exclude());
    eff.put("prefer", r.effective().prefer());
    eff.put("ranges", ranges(r.effective().ranges()));
    eff.put("query", r.effective().query());
    out.put("constraints", eff);
    List<Map<String, Object>> items = new ArrayList<>();
    for (AskItem it : r.items()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("item", it.itemId());
      m.put("title", it.title());
      m.put("score", it.score());
      Map<String, Object> ev = new LinkedHashMap<>();
      ev.put("personalRank", it.personalRank());
      ev.put("matchRank", it.matchRank());
      ev.put("similarRank", it.similarRank());
      ev.put("matched", it.matched());
      m.put("evidence", ev);
      items.add(m);
    }
    out.put("items", items);
    out.put("liked", r.session().liked());
    out.put("unwanted", r.session().unwanted());
    out.put("personalModel", r.personalModel());
    out.put("matchModel", r.matchModel());
    out.put("relaxed", r.relaxed());
    out.put("matching", r.matching());
    out.put("shortfall", shortfall(r.shortfall()));
    out.put("narrowedBy", r.narrowest().map(Narrowing::describe).orElse(""));
    out.put("reranked", r.reranked());
    if (!r.rerankProblem().isEmpty()) {
      out.put("rerankProblem", r.rerankProblem());
    }
    out.put("fallback", r.fallback());
    if (r.fallback()) {
      out.put("fallbackReason", r.fallbackReason());
    }
    out.put("cutShort", r.cutShort());
    out.put("snapshotVersion", r.snapshotVersion());
    out.put("recorded", feedback(turn.recorded()));
    if (turn.recorded().isEmpty() && !r.feedback().isEmpty()) {
      out.put("notRecorded", Map.of("events", feedback(r.feedback()), "reason", mayWrite ? "" :
          "the API key does not have scope write (or none was sent); feedback from a conversation is recorded"
              + " only for write keys"));
    }
    return out;
  }

  /**
   * A turn as {@code tandem ask --json} prints it: query, user, the keys of {@link #ask} (a
   * command line may write: recorded as the turn says), the explanations ({@link #explain}) and
   * millis.
   */
  public static Map<String, Object> command(String query, String user, Conversation.Turn turn,
      RecommendResult explained, double ms) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("query", query);
    m.put("user", user);
    m.putAll(ask(turn, true));
    explain(m, explained);
    m.put("millis", Math.round(ms * 1000) / 1000.0);
    return m;
  }

  /**
   * A short answer's constraints as JSON, as {@code POST /ask} and {@code tandem ask --json} show
   * them: {kind, constraint, alone, withoutIt} per constraint (plus min and max for a range, null
   * for an open side); empty when the answer is not short.
   */
  public static List<Map<String, Object>> shortfall(List<Narrowing> shortfall) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Narrowing c : shortfall) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", c.kind().json());
      m.put("constraint", c.describe());
      m.put("terms", c.terms());
      if (c.kind() == Narrowing.Kind.RANGE) {
        m.put("min", Double.isInfinite(c.min()) ? null : c.min());
        m.put("max", Double.isInfinite(c.max()) ? null : c.max());
      }
      m.put("alone", c.alone());
      m.put("withoutIt", c.withoutIt());
      out.add(m);
    }
    return out;
  }

  static List<Map<String, Object>> feedback(List<Feedback> events) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Feedback f : events) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("user", f.user());
      m.put("item", f.item());
      m.put("type", f.type());
      out.add(m);
    }
    return out;
  }

  /**
   * An intent as JSON, as {@code POST /ask} and {@code tandem ask --json} show it: goal, include,
   * exclude, prefer (labels the encoder inferred: preferences, not filters), ranges ({attribute,
   * min, max}, null for an open side), count, references ({mention,
   * item, title}), query, language.
   */
  public static Map<String, Object> intent(Intent intent, AskResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("goal", intent.goal().json());
    m.put("include", intent.include());
    m.put("exclude", intent.exclude());
    m.put("prefer", intent.prefer());
    m.put("ranges", ranges(intent.ranges()));
    m.put("count", intent.count());
    List<Map<String, Object>> refs = new ArrayList<>();
    for (Reference ref : intent.references()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("mention", ref.mention());
      x.put("item", ref.itemId());
      x.put("title", r.titles().getOrDefault(ref.itemId(), ""));
      refs.add(x);
    }
    m.put("references", refs);
    m.put("query", intent.query());
    m.put("language", intent.language());
    return m;
  }

  /** Ranges as {attribute, min, max}; an open side is null. */
  static List<Map<String, Object>> ranges(List<Range> ranges) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Range g : ranges) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("attribute", g.attribute());
      x.put("min", Double.isInfinite(g.min()) ? null : g.min());
      x.put("max", Double.isInfinite(g.max()) ? null : g.max());
      out.add(x);
    }
    return out;
  }
}

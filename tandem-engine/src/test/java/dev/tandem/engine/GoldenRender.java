package dev.tandem.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.explain.SharedLabel;
import dev.tandem.core.fusion.Contribution;
import dev.tandem.engine.ask.AskItem;
import dev.tandem.engine.ask.AskResult;
import dev.tandem.llm.explain.Cited;
import dev.tandem.llm.explain.Narrowing;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.Range;
import dev.tandem.llm.intent.Reference;
import dev.tandem.testkit.Golden;
import java.util.Collection;
import java.util.TreeMap;

/**
 * Renders the engine's answers as the JSON the golden files hold: every field a caller of the
 * library sees, in a fixed order (maps sorted by key), numbers rounded by {@link Golden#num}. This is
 * the one place to adapt when the engine's result types are renamed or reshaped: the golden files
 * must not change when only the Java names do.
 */
final class GoldenRender {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GoldenRender() {}

  /** A recommend or similar answer: the list with scores, channel evidence and explanations, and its facts. */
  static ObjectNode result(RecommendResult r) {
    ObjectNode o = Golden.object();
    o.put("model", r.model());
    o.put("historySize", r.historySize());
    o.put("fallback", r.fallback());
    o.put("fallbackReason", r.fallbackReason());
    o.put("snapshotVersion", r.snapshotVersion());
    o.put("intro", r.intro());
    o.put("reranked", r.reranked());
    o.put("rerankProblem", r.rerankProblem());
    o.set("cutShort", strings(r.cutShort()));
    ArrayNode items = o.putArray("items");
    for (Recommendation rec : r.items()) {
      ObjectNode i = items.addObject();
      i.put("item", rec.itemId());
      i.put("title", rec.title());
      i.set("score", Golden.num(rec.score()));
      if (!rec.evidence().isEmpty()) {
        ArrayNode ev = i.putArray("evidence");
        for (Contribution c : rec.evidence()) {
          ObjectNode e = ev.addObject();
          e.put("channel", c.channel());
          e.put("rank", c.rank());
          e.set("score", Golden.num(c.score()));
          e.set("contribution", Golden.num(c.contribution()));
        }
      }
      if (rec.explanation().present() || !rec.explanation().equals(Explanation.NONE)) {
        i.set("explanation", explanation(rec.explanation()));
      }
    }
    return o;
  }

  /** An item's explanation: the cited history items, shared labels, matched terms and the sentence. */
  static ObjectNode explanation(Explanation x) {
    ObjectNode o = Golden.object();
    ArrayNode because = o.putArray("because");
    for (Cited c : x.because()) {
      ObjectNode b = because.addObject();
      b.put("item", c.itemId());
      b.put("title", c.title());
      b.set("share", Golden.num(c.share()));
    }
    ArrayNode labels = o.putArray("sharedLabels");
    for (SharedLabel l : x.sharedLabels()) {
      ObjectNode s = labels.addObject();
      s.put("label", l.label());
      s.put("becauseCount", l.becauseCount());
      s.put("historyCount", l.historyCount());
    }
    o.set("matchedTerms", strings(x.matchedTerms()));
    o.set("profileShare", Golden.num(x.profileShare()));
    o.put("sentence", x.sentence());
    o.put("source", x.source().name());
    return o;
  }

  /** An ask answer: intents, items with their ranks in each list, the session, implied feedback and the facts. */
  static ObjectNode ask(AskResult r) {
    ObjectNode o = Golden.object();
    o.set("intent", intent(r.intent()));
    o.set("effective", intent(r.effective()));
    o.put("intentSource", r.intentSource());
    o.set("intentProblems", strings(r.intentProblems()));
    o.put("personalModel", r.personalModel());
    o.put("matchModel", r.matchModel());
    o.put("fallback", r.fallback());
    o.put("fallbackReason", r.fallbackReason());
    o.put("snapshotVersion", r.snapshotVersion());
    o.put("asked", r.asked());
    o.put("matching", r.matching());
    o.put("relaxed", r.relaxed());
    o.put("reranked", r.reranked());
    o.put("rerankProblem", r.rerankProblem());
    o.set("cutShort", strings(r.cutShort()));
    ArrayNode items = o.putArray("items");
    for (AskItem it : r.items()) {
      ObjectNode i = items.addObject();
      i.put("item", it.itemId());
      i.put("title", it.title());
      i.set("score", Golden.num(it.score()));
      i.put("personalRank", it.personalRank());
      i.put("matchRank", it.matchRank());
      i.put("similarRank", it.similarRank());
      i.set("matched", strings(it.matched()));
    }
    ArrayNode shortfall = o.putArray("shortfall");
    for (Narrowing n : r.shortfall()) {
      shortfall.add(generic(n));
    }
    o.put("narrowest", r.narrowest().map(Narrowing::toString).orElse(""));
    o.set("titles", generic(new TreeMap<>(r.titles())));
    o.set("session", generic(r.session()));
    ArrayNode fb = o.putArray("feedback");
    for (dev.tandem.core.data.Feedback f : r.feedback()) { // the timestamp is the clock's: left out
      ObjectNode e = fb.addObject();
      e.put("user", f.user());
      e.put("item", f.item());
      e.put("type", f.type());
      e.set("value", Golden.num(f.value()));
    }
    return o;
  }

  /** An intent with every field, ranges' open ends as "-Infinity"/"Infinity". */
  static ObjectNode intent(Intent in) {
    ObjectNode o = Golden.object();
    o.put("goal", String.valueOf(in.goal()));
    o.set("include", strings(in.include()));
    o.set("exclude", strings(in.exclude()));
    ArrayNode ranges = o.putArray("ranges");
    for (Range r : in.ranges()) {
      ObjectNode x = ranges.addObject();
      x.put("attribute", r.attribute());
      x.set("min", Golden.num(r.min()));
      x.set("max", Golden.num(r.max()));
    }
    o.put("count", in.count());
    ArrayNode refs = o.putArray("references");
    for (Reference ref : in.references()) {
      ObjectNode x = refs.addObject();
      x.put("mention", ref.mention());
      x.put("item", ref.itemId());
    }
    o.put("query", in.query());
    o.put("language", in.language());
    o.set("prefer", strings(in.prefer()));
    return o;
  }

  /** A value of a record type Jackson can read by its accessors (rounded later by {@link Golden#check}). */
  static JsonNode generic(Object value) {
    return JSON.valueToTree(value);
  }

  static ArrayNode strings(Collection<String> values) {
    ArrayNode a = Golden.array();
    values.forEach(a::add);
    return a;
  }
}

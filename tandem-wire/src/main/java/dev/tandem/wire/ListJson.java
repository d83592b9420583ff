package dev.tandem.wire;

import dev.tandem.core.fusion.Contribution;
import dev.tandem.engine.Explanation;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Recommendation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Recommendation lists as the REST API shows them ({@code /recommend}, {@code /items/{id}/similar}). */
public final class ListJson {
  private ListJson() {}

  /**
   * A list: model, historySize, fallback (+ fallbackReason), cutShort, reranked (+ rerankProblem),
   * snapshotVersion, intro when explained, and the items {item, title, score}, each with its
   * evidence, because, sharedLabels, matchedTerms, profileShare, explanation and
   * explanationSource when {@code explain}.
   */
  public static Map<String, Object> result(RecommendResult r, boolean explain) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (Recommendation rec : r.items()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("item", rec.itemId());
      m.put("title", rec.title());
      m.put("score", rec.score());
      if (explain) {
        List<Map<String, Object>> ev = new ArrayList<>();
        rec.evidence().forEach(c -> {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("channel", c.channel());
          e.put("rank", c.rank());
          e.put("score", c.score());
          e.put("contribution", c.contribution());
          ev.add(e);
        });
        m.put("evidence", ev);
        Explanation x = rec.explanation();
        m.put("because", because(x));
        List<Map<String, Object>> labels = new ArrayList<>();
        x.sharedLabels().forEach(l -> {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("label", l.label());
          e.put("becauseItems", l.becauseCount());
          e.put("historyItems", l.historyCount());
          labels.add(e);
        });
        m.put("sharedLabels", labels);
        m.put("matchedTerms", x.matchedTerms());
        m.put("profileShare", x.profileShare());
        m.put("explanation", x.sentence());
        m.put("explanationSource", x.source().json());
      }
      items.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", r.model());
    out.put("historySize", r.historySize());
    out.put("fallback", r.fallback());
    if (r.fallback()) {
      out.put("fallbackReason", r.fallbackReason());
    }
    out.put("cutShort", r.cutShort());
    out.put("reranked", r.reranked());
    if (!r.rerankProblem().isEmpty()) {
      out.put("rerankProblem", r.rerankProblem());
    }
    out.put("snapshotVersion", r.snapshotVersion());
    if (explain) {
      out.put("intro", r.intro());
    }
    out.put("items", items);
    return out;
  }

  /**
   * A list as {@code tandem recommend --json} and {@code tandem similar --json} print it: the
   * subject ({@code subjectKind}: "user" or "item"), profile when given, model, snapshot; for a user
   * history_events, fallback (+ fallback_reason), reranked (+ rerank_problem); for an item fallback and
   * fallback_reason when it is one; intro when explained; the items {rank,
   * id, title, score}, each with evidence, because, shared_labels, profile_share, explanation,
   * explanation_source and other when {@code explain}; and millis.
   */
  public static Map<String, Object> command(String subjectKind, String subject, String profile, RecommendResult r,
      double ms, boolean explain) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(subjectKind, subject);
    if (!profile.isBlank()) {
      m.put("profile", profile.strip());
    }
    m.put("model", r.model());
    m.put("snapshot", r.snapshotVersion());
    if (subjectKind.equals("user")) {
      m.put("history_events", r.historySize());
      m.put("fallback", r.fallback());
      if (r.fallback()) {
        m.put("fallback_reason", r.fallbackReason());
      }
      m.put("reranked", r.reranked());
      if (!r.rerankProblem().isEmpty()) {
        m.put("rerank_problem", r.rerankProblem());
      }
    } else if (r.fallback()) { // similar items: only when another model than the asked or configured one answered
      m.put("fallback", true);
      m.put("fallback_reason", r.fallbackReason());
    }
    List<Map<String, Object>> items = new ArrayList<>();
    int rank = 1;
    for (Recommendation rec : r.items()) {
      Map<String, Object> i = new LinkedHashMap<>();
      i.put("rank", rank++);
      i.put("id", rec.itemId());
      i.put("title", rec.title());
      i.put("score", rec.score());
      if (explain) {
        List<Map<String, Object>> ev = new ArrayList<>();
        for (Contribution c : rec.evidence()) {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("channel", c.channel());
          e.put("rank", c.rank() == 0 ? null : c.rank());
          e.put("score", (double) c.score());
          e.put("contribution", c.contribution());
          ev.add(e);
        }
        i.put("evidence", ev);
        i.put("because", because(rec.explanation()));
        List<Map<String, Object>> labels = new ArrayList<>();
        rec.explanation().sharedLabels().forEach(l -> {
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("label", l.label());
          e.put("because_items", l.becauseCount());
          e.put("history_items", l.historyCount());
          labels.add(e);
        });
        i.put("shared_labels", labels);
        i.put("profile_share", rec.explanation().profileShare());
        i.put("explanation", rec.explanation().sentence());
        i.put("explanation_source", rec.explanation().source().json());
        if (!rec.evidence().isEmpty()) {
          // the part of the score no channel accounts for (learned fusion: bias, item and user features)
          i.put("other", other(rec));
        }
      }
      items.add(i);
    }
    if (explain) {
      m.put("intro", r.intro());
    }
    m.put("items", items);
    m.put("millis", Math.round(ms * 1000) / 1000.0);
    return m;
  }

  /**
   * The part of a recommendation's score its channels do not account for: score minus the
   * contributions, with float rounding of the score (below 1e-6 of it) shown as 0.
   */
  public static double other(Recommendation rec) {
    double other = rec.score() - rec.evidence().stream().mapToDouble(Contribution::contribution).sum();
    return Math.abs(other) <= 1e-6 * Math.max(1, Math.abs(rec.score())) ? 0 : other;
  }

  /** The history items an explanation cites: {@code [{item, title, share}]}. */
  static List<Map<String, Object>> because(Explanation x) {
    List<Map<String, Object>> because = new ArrayList<>();
    x.because().forEach(b -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("item", b.itemId());
      e.put("title", b.title());
      e.put("share", b.share());
      because.add(e);
    });
    return because;
  }
}

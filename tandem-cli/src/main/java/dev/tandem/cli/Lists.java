package dev.tandem.cli;

import dev.tandem.core.fusion.Contribution;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Recommendation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders recommendation lists as text or JSON. */
final class Lists {
  private Lists() {}

  static void print(PrintWriter out, boolean json, String subjectKind, String subject, RecommendResult r, double ms) {
    print(out, json, subjectKind, subject, "", r, ms, false);
  }

  /**
   * As {@link #print(PrintWriter, boolean, String, String, RecommendResult, double)}, for a user with
   * a profile text ({@code ""} for none); with {@code explain}, each item also lists its channels'
   * evidence (fused models only).
   */
  static void print(PrintWriter out, boolean json, String subjectKind, String subject, String profile, RecommendResult r,
      double ms, boolean explain) {
    if (json) {
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
        m.put("reranked", r.reranked());
        if (!r.rerankProblem().isEmpty()) {
          m.put("rerank_problem", r.rerankProblem());
        }
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
          List<Map<String, Object>> because = new ArrayList<>();
          rec.explanation().because().forEach(b -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("item", b.itemId());
            e.put("title", b.title());
            e.put("share", b.share());
            because.add(e);
          });
          i.put("because", because);
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
      Json.print(out, m);
      return;
    }
    if (subjectKind.equals("user")) {
      String who = subject.isBlank() ? "profile \"" + profile.strip() + "\""
          : "user " + subject + (profile.isBlank() ? "" : " with profile \"" + profile.strip() + "\"");
      out.printf(Locale.ROOT, "Top %d for %s (model %s, snapshot %d, %d history events%s):%n", r.items().size(),
          who, r.model(), r.snapshotVersion(), r.historySize(),
          r.fallback() ? "; no usable history, so the most popular items" : "");
    } else {
      out.printf(Locale.ROOT, "Top %d similar to item %s (model %s, snapshot %d):%n", r.items().size(), subject,
          r.model(), r.snapshotVersion());
    }
    if (r.reranked()) {
      out.println("(reordered by the chat model)");
    } else if (!r.rerankProblem().isEmpty()) {
      out.println("(the chat model's rerank was not used: " + r.rerankProblem() + "; the model's order stands)");
    }
    if (explain && !r.intro().isEmpty()) {
      out.println(r.intro());
    }
    printItems(out, r.items(), explain);
    if (explain) {
      if (r.items().stream().allMatch(rec -> rec.evidence().isEmpty())) {
        out.printf(Locale.ROOT, "(no channel evidence: model %s is not a fusion; use --model rrf or --model fusion)%n",
            r.model());
      } else {
        out.println("Evidence (channel: rank in its own list, or - when not in its top; its score; contribution to the"
            + " score; other: the rest, e.g. popularity and history length in the learned fusion):");
        int rank = 1;
        for (Recommendation rec : r.items()) {
          StringBuilder b = new StringBuilder();
          for (Contribution c : rec.evidence()) {
            b.append(b.length() == 0 ? "" : "  ");
            b.append(String.format(Locale.ROOT, "%s: %s, %.4g, %+.4f", c.channel(),
                c.rank() == 0 ? "-" : "#" + c.rank(), c.score(), c.contribution()));
          }
          out.printf(Locale.ROOT, "  %2d. %-8s %s  other: %+.4f%n", rank++, rec.itemId(), b, other(rec));
        }
      }
    }
    out.printf(Locale.ROOT, "(%.1f ms)%n", ms);
  }

  /** Score minus the channels' contributions, with float rounding of the score (below 1e-6 of it) shown as 0. */
  private static double other(Recommendation rec) {
    double other = rec.score() - rec.evidence().stream().mapToDouble(Contribution::contribution).sum();
    return Math.abs(other) <= 1e-6 * Math.max(1, Math.abs(rec.score())) ? 0 : other;
  }

  static void printItems(PrintWriter out, List<Recommendation> items) {
    printItems(out, items, false);
  }

  /** The items, one a line; with {@code explain}, each item's explanation sentence on the line below. */
  static void printItems(PrintWriter out, List<Recommendation> items, boolean explain) {
    int rank = 1;
    for (Recommendation rec : items) {
      out.printf(Locale.ROOT, "  %2d. %-8s %s  (%.4g)%n", rank++, rec.itemId(), rec.title().isEmpty() ? "(no title)" : rec.title(),
          rec.score());
      if (explain && rec.explanation().present()) {
        out.printf(Locale.ROOT, "      %s%n", rec.explanation().sentence());
      }
    }
  }
}

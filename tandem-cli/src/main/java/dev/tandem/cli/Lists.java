package dev.tandem.cli;

import dev.tandem.core.fusion.Contribution;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Recommendation;
import dev.tandem.wire.ListJson;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

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
      Json.print(out, ListJson.command(subjectKind, subject, profile, r, ms, explain));
      return;
    }
    if (subjectKind.equals("user")) {
      String who = subject.isBlank() ? "profile \"" + profile.strip() + "\""
          : "user " + subject + (profile.isBlank() ? "" : " with profile \"" + profile.strip() + "\"");
      out.printf(Locale.ROOT, "Top %d for %s (model %s, snapshot %d, %d history events%s):%n", r.items().size(),
          who, r.model(), r.snapshotVersion(), r.historySize(),
          r.fallback() ? "; a fallback, why on standard error" : "");
    } else {
      out.printf(Locale.ROOT, "Top %d similar to item %s (model %s, snapshot %d%s):%n", r.items().size(), subject,
          r.model(), r.snapshotVersion(), r.fallback() ? "; a fallback, why on standard error" : "");
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
          out.printf(Locale.ROOT, "  %2d. %-8s %s  other: %+.4f%n", rank++, rec.itemId(), b, ListJson.other(rec));
        }
      }
    }
    out.printf(Locale.ROOT, "(%.1f ms)%n", ms);
  }

  /** When {@code r} is not what was asked for (another model answered, or a profile went unread), says why on {@code err}. */
  static void warnFallback(PrintWriter err, RecommendResult r) {
    if (r.fallback()) {
      err.println("warning: " + r.fallbackReason());
      err.flush();
    }
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

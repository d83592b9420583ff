package dev.tandem.cli;

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
    print(out, json, subjectKind, subject, "", r, ms);
  }

  /** As {@link #print(PrintWriter, boolean, String, String, RecommendResult, double)}, for a user with a profile text. */
  static void print(PrintWriter out, boolean json, String subjectKind, String subject, String profile, RecommendResult r,
      double ms) {
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
      }
      List<Map<String, Object>> items = new ArrayList<>();
      int rank = 1;
      for (Recommendation rec : r.items()) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("rank", rank++);
        i.put("id", rec.itemId());
        i.put("title", rec.title());
        i.put("score", rec.score());
        items.add(i);
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
    printItems(out, r.items());
    out.printf(Locale.ROOT, "(%.1f ms)%n", ms);
  }

  static void printItems(PrintWriter out, List<Recommendation> items) {
    int rank = 1;
    for (Recommendation rec : items) {
      out.printf(Locale.ROOT, "  %2d. %-8s %s  (%.4g)%n", rank++, rec.itemId(), rec.title().isEmpty() ? "(no title)" : rec.title(),
          rec.score());
    }
  }
}

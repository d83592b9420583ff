package dev.tandem.cli;

import dev.tandem.engine.AskItem;
import dev.tandem.engine.AskRequest;
import dev.tandem.engine.AskResult;
import dev.tandem.engine.Explanation;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Session;
import dev.tandem.engine.Tandem;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.Range;
import dev.tandem.llm.intent.Reference;
import dev.tandem.server.TandemServer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "ask", description = {"Answer a request in words, e.g. \"cosy mysteries, nothing too dark\":",
    "prints the parsed intent (goal, include, exclude, ranges, count, references, query), then the items,",
    "which combine the user's personalised scores with the intent's match under its hard constraints."})
final class AskCommand implements Callable<Integer> {
  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TEXT", description = "The request, in English or Chinese.")
  String text;

  @Option(names = "--user", description = "External user id whose history personalises the answer (optional).")
  String user = "";

  @Option(names = "--n", description = "How many items when the request names no count (default: ${DEFAULT-VALUE}).")
  int n = 10;

  @Option(names = "--json", description = "Print JSON: {intent, items, ...}.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (n < 1 || n > 1000) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--n (" + n + ") must be in 1..1000");
    }
    try (Tandem tandem = cli.open()) {
      long t0 = System.nanoTime();
      AskResult r = tandem.ask(new AskRequest(user, Session.NEW, text, n));
      double ms = (System.nanoTime() - t0) / 1e6;
      RecommendResult explained = tandem.explain(r, user);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("query", text);
        m.put("user", user.strip());
        m.put("intent", TandemServer.intentJson(r.intent(), r));
        List<Map<String, Object>> items = new ArrayList<>();
        int rank = 1;
        for (AskItem it : r.items()) {
          Explanation x = explained.items().get(rank - 1).explanation();
          Map<String, Object> i = new LinkedHashMap<>();
          i.put("rank", rank++);
          i.put("id", it.itemId());
          i.put("title", it.title());
          i.put("score", it.score());
          Map<String, Object> ev = new LinkedHashMap<>();
          ev.put("personalRank", it.personalRank());
          ev.put("matchRank", it.matchRank());
          ev.put("similarRank", it.similarRank());
          ev.put("matched", it.matched());
          i.put("evidence", ev);
          i.put("explanation", x.sentence());
          items.add(i);
        }
        m.put("intro", explained.intro());
        m.put("items", items);
        m.put("personalModel", r.personalModel());
        m.put("matchModel", r.matchModel());
        m.put("fallback", r.fallback());
        m.put("relaxed", r.relaxed());
        m.put("matching", r.matching());
        m.put("shortfall", TandemServer.shortfallJson(r.shortfall()));
        m.put("narrowedBy", r.narrowest().map(dev.tandem.llm.explain.Narrowing::describe).orElse(""));
        m.put("reranked", r.reranked());
        m.put("snapshot", r.snapshotVersion());
        m.put("millis", Math.round(ms * 1000) / 1000.0);
        Json.print(out, m);
        return 0;
      }
      Intent in = r.intent();
      out.printf(Locale.ROOT, "Intent: %s (%s)%n", in.goal().json(), in.language());
      out.printf(Locale.ROOT, "  include: %s%n  exclude: %s%n", in.include(), in.exclude());
      if (!in.prefer().isEmpty()) {
        out.printf(Locale.ROOT, "  prefer:  %s (inferred, not required)%n", in.prefer());
      }
      for (Range g : in.ranges()) {
        out.printf(Locale.ROOT, "  range: %s in [%s, %s]%n", g.attribute(), bound(g.min()), bound(g.max()));
      }
      if (in.count() > 0) {
        out.printf(Locale.ROOT, "  count: %d%n", in.count());
      }
      for (Reference ref : in.references()) {
        out.printf(Locale.ROOT, "  reference: \"%s\" -> %s %s%n", ref.mention(), ref.itemId(),
            r.titles().getOrDefault(ref.itemId(), ""));
      }
      out.printf(Locale.ROOT, "  query: \"%s\"%n", in.query());
      out.printf(Locale.ROOT, "Top %d (personal %s, match %s, snapshot %d, %.1f ms):%n", r.items().size(),
          r.personalModel().isEmpty() ? "-" : r.personalModel() + (r.fallback() ? " (no usable history)" : ""),
          r.matchModel().isEmpty() ? "-" : r.matchModel(), r.snapshotVersion(), ms);
      if (r.relaxed()) {
        out.println("(too few items carry every included label; items with any of them are shown)");
      }
      if (r.items().size() < r.asked()) {
        out.println(shortLine(r));
      }
      if (!explained.intro().isEmpty()) {
        out.println(explained.intro());
      }
      int rank = 1;
      for (AskItem it : r.items()) {
        String why = explained.items().get(rank - 1).explanation().sentence();
        out.printf(Locale.ROOT, "%3d. %-12s %.5f  %s%s%n", rank++, it.itemId(), it.score(), it.title(),
            it.matched().isEmpty() ? "" : "  " + it.matched());
        if (!why.isEmpty()) {
          out.println("       " + why);
        }
      }
    }
    return 0;
  }

  /** Why the answer holds fewer items than asked for, naming the constraint that narrowed it. */
  static String shortLine(AskResult r) {
    String head = String.format(Locale.ROOT, "(only %d of %d asked for: %d %s every constraint", r.items().size(),
        r.asked(), r.matching(), r.matching() == 1 ? "item meets" : "items meet");
    if (r.items().size() < r.matching()) {
      return head + "; the rest did not match the request)";
    }
    return head + r.narrowest().map(c -> String.format(Locale.ROOT, "; narrowed by \"%s\": %d items alone, %d"
        + " without it)", c.describe(), c.alone(), c.withoutIt())).orElse("; no single constraint narrowed it)");
  }

  private static String bound(double x) {
    return Double.isInfinite(x) ? (x < 0 ? "-inf" : "inf") : Double.toString(x);
  }
}

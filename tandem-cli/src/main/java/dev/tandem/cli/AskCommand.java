package dev.tandem.cli;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Quote;
import dev.tandem.engine.ApiException;
import dev.tandem.engine.Deadline;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.ask.AskItem;
import dev.tandem.engine.ask.AskResult;
import dev.tandem.engine.ask.Conversation;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.Range;
import dev.tandem.llm.intent.Reference;
import dev.tandem.wire.AskJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "ask", description = {"Answer a request in words, e.g. \"cosy mysteries, nothing too dark\".",
    "Prints the parsed intent (goal, include, exclude, ranges, count, references, query), then the items,",
    "which combine the user's personalised scores with the intent's match under its hard constraints.",
    "Every answer is a turn of a conversation kept in the store: --session ID continues one (\"not the",
    "first one\", \"shorter\"); a new one prints its id. With --user, the items a turn likes or turns down",
    "are recorded as that user's feedback (as POST /ask with a write key) unless --no-record.",
    "--interactive reads one request per line from standard input until an empty line or end of input."})
final class AskCommand implements Callable<Integer> {
  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "TEXT",
      description = "The request, in English or Chinese (not with --interactive).")
  String text;

  @Option(names = "--user", description = "External user id whose history personalises the answer (optional).")
  String user = "";

  @Option(names = "--n", description = "How many items when the request names no count (default: ${DEFAULT-VALUE}).")
  int n = 10;

  @Option(names = "--json", description = "Print JSON: {session, intent, items, recorded, ...} (one per turn).")
  boolean json;

  @Option(names = "--session", paramLabel = "ID",
      description = "Continue this conversation (its constraints, liked and turned-down items, shown items).")
  String session = "";

  @Option(names = "--no-record", description = "Do not record the turn's likes and dislikes as the user's feedback.")
  boolean noRecord;

  @Option(names = "--interactive", description = "Read one request per line from standard input; an empty line or"
      + " end of input ends the conversation.")
  boolean interactive;

  @Override
  public Integer call() throws Exception {
    if (n < 1 || n > 1000) {
      throw new ParameterException(spec.commandLine(), "--n (" + n + ") must be in 1..1000");
    }
    if (interactive && text != null) {
      throw new ParameterException(spec.commandLine(), "TEXT (" + text + ") must not be given with --interactive;"
          + " type the requests on standard input");
    }
    if (!interactive && (text == null || text.isBlank())) {
      throw new ParameterException(spec.commandLine(), "TEXT is required (the request in words), or --interactive");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Tandem tandem = cli.open()) {
      String id = user.strip();
      if (!id.isEmpty() && tandem.store().users().get(id).isEmpty()) {
        // as POST /ask answers 404 for an unknown user: a mistyped id must not get feedback recorded for it
        throw new IllegalArgumentException("user (" + Quote.of(id) + ") is not in the store of "
            + tandem.home().toAbsolutePath().normalize() + " (" + String.format(Locale.ROOT, "%,d",
            tandem.store().users().count()) + " users); check the id, or ask without --user");
      }
      Conversation conversation = Conversation.of(tandem);
      boolean record = !noRecord && !user.isBlank();
      if (!interactive) {
        turn(tandem, conversation, session.strip(), text, record, out);
        return 0;
      }
      BufferedReader in = cli.stdin;
      String sid = session.strip();
      PrintWriter err = spec.commandLine().getErr();
      int turns = 0;
      for (String line = in.readLine(); line != null && !line.isBlank(); line = in.readLine()) {
        turns++;
        if (!json) {
          out.println("> " + line.strip());
        }
        try {
          sid = turn(tandem, conversation, sid, line.strip(), record, out);
        } catch (ApiException e) {
          if (e.status() == 404) { // the session is unknown or expired
            err.println("error: " + e.getMessage() + "; the next request starts a new one");
            sid = "";
          } else {
            err.println("error: " + e.getMessage());
          }
        } catch (IllegalArgumentException e) {
          err.println("error: " + e.getMessage());
        }
        out.flush();
        err.flush();
      }
      if (!json) {
        out.println(turns == 0 ? "No request read." : "Conversation " + (sid.isEmpty() ? "ended" : sid
            + " (continue with --session " + sid + ")") + ".");
      }
    }
    return 0;
  }

  /** Answers one turn, prints it, and returns the session id to continue with. */
  private String turn(Tandem tandem, Conversation conversation, String sid, String request, boolean record,
      PrintWriter out) throws IOException {
    long t0 = System.nanoTime();
    Conversation.Turn turn = conversation.ask(tandem, tandem.intentParser(), sid, user, request, n, record);
    double ms = (System.nanoTime() - t0) / 1e6;
    AskResult r = turn.result();
    RecommendResult explained = tandem.explain(r, Deadline.NONE);
    if (json) {
      printJson(out, request, turn, explained, ms);
    } else {
      printText(out, sid, turn, explained, ms);
    }
    return turn.sessionId();
  }

  /** The answer as {@code POST /ask} gives it (one JSON for both), plus the request, user and time. */
  private void printJson(PrintWriter out, String request, Conversation.Turn turn, RecommendResult explained,
      double ms) {
    Json.print(out, AskJson.command(request, user.strip(), turn, explained, ms));
  }

  private void printText(PrintWriter out, String sid, Conversation.Turn turn, RecommendResult explained,
      double ms) {
    AskResult r = turn.result();
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
    if (!r.session().liked().isEmpty() || !r.session().unwanted().isEmpty()) {
      out.printf(Locale.ROOT, "Liked: %s  Turned down: %s%n", r.session().liked(), r.session().unwanted());
    }
    if (!turn.recorded().isEmpty()) {
      List<String> rec = new ArrayList<>();
      for (Feedback f : turn.recorded()) {
        rec.add(f.type() + " " + f.item());
      }
      out.printf(Locale.ROOT, "Recorded for %s: %s%n", user.strip(), String.join(", ", rec));
    } else if (!r.feedback().isEmpty()) {
      out.printf(Locale.ROOT, "Not recorded (--no-record): %d event(s)%n", r.feedback().size());
    }
    out.printf(Locale.ROOT, "Session: %s%s%n", turn.sessionId(), sid.isEmpty() ? " (new; continue with --session "
        + turn.sessionId() + ")" : "");
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

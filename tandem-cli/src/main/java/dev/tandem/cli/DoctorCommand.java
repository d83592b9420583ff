package dev.tandem.cli;

import dev.tandem.core.data.FeedbackProblem;
import dev.tandem.core.data.FeedbackWeights;
import dev.tandem.core.data.Quote;
import dev.tandem.engine.Tandem;
import dev.tandem.store.InvalidRecord;
import dev.tandem.wire.CommandJson;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tandem doctor}: finds stored data that the current rules reject (written by an older
 * version, by hand or by a bug), which training skips and reads cut or leave out: feedback events
 * with an invalid id, a non-finite or out-of-range value or a timestamp out of range, and items and
 * users whose ids or fields break the rules. {@code --fix} deletes the invalid feedback events in one
 * transaction and prints exactly which; items and users are only listed, with advice. Exit code 0
 * when nothing is (left) to fix, 1 otherwise.
 */
@Command(name = "doctor", description = {
    "Find stored data that breaks the current rules (written by an older version or by hand).",
    "That is feedback events with invalid ids, non-finite or out-of-range values or timestamps, and items and"
        + " users with invalid ids or fields over a limit. Training skips such events; --fix deletes them.",
    "Exit code: 0 when nothing is (left) to fix, 1 when problems remain."})
final class DoctorCommand implements Callable<Integer> {
  /** Invalid events described one by one; beyond this they are counted (and still fixed). */
  static final int MAX_LISTED = 10_000;
  /** Invalid events printed in the text report. */
  static final int MAX_PRINTED = 100;

  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--fix", description = "Delete the invalid feedback events (one transaction) and print their ids.")
  boolean fix;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  /** One invalid stored event. */
  record BadEvent(long id, String user, String item, String type, double value, long timestamp,
      FeedbackProblem reason, String problem) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Tandem tandem = cli.open()) {
      FeedbackWeights rules = tandem.config().feedback();
      long[] scanned = new long[1];
      LongArrayList badIds = new LongArrayList();
      List<FeedbackProblem> badReasons = new ArrayList<>();
      List<BadEvent> listed = new ArrayList<>();
      Map<String, Long> counts = new LinkedHashMap<>();
      Map<String, Long> unconfigured = new TreeMap<>();
      tandem.store().feedback().scanRows((id, user, item, type, value, ts) -> {
        scanned[0]++;
        FeedbackProblem p = rules.problemOf(user, item, type, value, ts);
        if (p == null) {
          return;
        }
        if (p == FeedbackProblem.UNKNOWN_TYPE) {
          unconfigured.merge(type, 1L, Long::sum);
          return;
        }
        badIds.add(id);
        badReasons.add(p);
        counts.merge(p.key(), 1L, Long::sum);
        if (listed.size() < MAX_LISTED) {
          listed.add(new BadEvent(id, user, item, type, value, ts, p, rules.explain(user, item, type, value, ts)));
        }
      });
      List<InvalidRecord> items = new ArrayList<>();
      tandem.store().items().forEachInvalid(items::add);
      List<InvalidRecord> users = new ArrayList<>();
      tandem.store().users().forEachInvalid(users::add);
      int removed = 0;
      if (fix && !badIds.isEmpty()) {
        removed = tandem.store().feedback().delete(badIds);
      }
      boolean clean = (badIds.isEmpty() || fix) && items.isEmpty() && users.isEmpty();
      if (json) {
        printJson(out, tandem, scanned[0], badIds, badReasons, listed, counts, unconfigured, items, users, removed, clean);
      } else {
        printText(out, tandem, scanned[0], badIds, badReasons, listed, counts, unconfigured, items, users, removed);
      }
      return clean ? 0 : 1;
    }
  }

  private void printText(PrintWriter out, Tandem tandem, long scanned, LongArrayList badIds,
      List<FeedbackProblem> badReasons, List<BadEvent> listed, Map<String, Long> counts, Map<String, Long> unconfigured,
      List<InvalidRecord> items, List<InvalidRecord> users, int removed) {
    out.printf(Locale.ROOT, "Checked %,d feedback events, %,d items and %,d users in %s%n", scanned,
        tandem.store().items().count(), tandem.store().users().count(), tandem.home().toAbsolutePath().normalize());
    if (badIds.isEmpty()) {
      out.println("Feedback: no invalid events.");
    } else {
      out.printf(Locale.ROOT, "Feedback: %,d invalid event%s (training skips them): %s%n", badIds.size(),
          badIds.size() == 1 ? "" : "s", describe(counts));
      for (int k = 0; k < Math.min(MAX_PRINTED, listed.size()); k++) {
        BadEvent e = listed.get(k);
        out.printf(Locale.ROOT, "  id %d  user %s  item %s  type %s  value %s  ts %d  %s: %s%n", e.id(),
            Quote.of(e.user(), 64), Quote.of(e.item(), 64), Quote.of(e.type(), 64), e.value(), e.timestamp(),
            e.reason().key(), e.problem());
      }
      if (badIds.size() > MAX_PRINTED) {
        out.printf(Locale.ROOT, "  ... and %,d more (--json lists up to %,d)%n", badIds.size() - MAX_PRINTED, MAX_LISTED);
      }
    }
    if (!unconfigured.isEmpty()) {
      out.printf(Locale.ROOT, "Feedback of unconfigured types (ignored by training, kept; add the type to"
          + " [feedback.weights] to use it): %s%n", unconfigured);
    }
    printRecords(out, "Items", items, "item");
    printRecords(out, "Users", users, "user");
    if (fix) {
      if (removed == 0) {
        out.println("Nothing removed.");
      } else {
        out.printf(Locale.ROOT, "Removed %,d invalid feedback event%s (ids by reason): %s%n", removed,
            removed == 1 ? "" : "s", byReason(badIds, badReasons));
      }
    } else if (!badIds.isEmpty()) {
      out.printf(Locale.ROOT, "Run `tandem doctor --fix` to delete the %,d invalid feedback event%s.%n", badIds.size(),
          badIds.size() == 1 ? "" : "s");
    }
  }

  private static void printRecords(PrintWriter out, String what, List<InvalidRecord> records, String kind) {
    if (records.isEmpty()) {
      out.println(what + ": none breaks the rules.");
      return;
    }
    out.printf(Locale.ROOT, "%s: %,d break%s the rules (--fix leaves them alone):%n", what, records.size(),
        records.size() == 1 ? "s" : "");
    for (InvalidRecord r : records) {
      out.printf(Locale.ROOT, "  %s: %s%n    %s%n", Quote.of(r.id(), 64), r.problem(), advice(r, kind));
    }
  }

  /** What to do about a stored item or user that breaks the rules. */
  static String advice(InvalidRecord r, String kind) {
    String port = kind.equals("item") ? "items" : "users";
    return r.idValid()
        ? "reads return it cut to the limits; upsert it again within the limits (README, Limits)"
        : "reads skip it and training ignores its feedback; import it again under a valid id, then remove the old one"
            + " with Store." + port + "().delete(id) in Java (its feedback goes with it)";
  }

  private static String describe(Map<String, Long> counts) {
    StringBuilder b = new StringBuilder();
    counts.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ')
        .append(String.format(Locale.ROOT, "%,d", v)));
    return b.toString();
  }

  /** {@code value_out_of_range: 17, 18; invalid_user_id: 19}: every id, grouped by reason. */
  private static String byReason(LongArrayList ids, List<FeedbackProblem> reasons) {
    Map<String, StringBuilder> groups = new LinkedHashMap<>();
    for (int k = 0; k < ids.size(); k++) {
      StringBuilder g = groups.computeIfAbsent(reasons.get(k).key(), r -> new StringBuilder());
      g.append(g.length() == 0 ? "" : ", ").append(ids.getLong(k));
    }
    StringBuilder b = new StringBuilder();
    groups.forEach((k, v) -> b.append(b.length() == 0 ? "" : "; ").append(k).append(": ").append(v));
    return b.toString();
  }

  private void printJson(PrintWriter out, Tandem tandem, long scanned, LongArrayList badIds,
      List<FeedbackProblem> badReasons, List<BadEvent> listed, Map<String, Long> counts, Map<String, Long> unconfigured,
      List<InvalidRecord> items, List<InvalidRecord> users, int removed, boolean clean) {
    List<Map<String, Object>> events = new ArrayList<>();
    for (BadEvent e : listed) {
      events.add(CommandJson.invalidEvent(e.id(), e.user(), e.item(), e.type(), e.value(), e.timestamp(),
          e.reason().key(), e.problem()));
    }
    CommandJson.DoctorScan scan = new CommandJson.DoctorScan(tandem.home().toAbsolutePath().normalize().toString(),
        scanned, tandem.store().items().count(), tandem.store().users().count(), badIds.size(), counts, events,
        unconfigured, records(items, "item"), records(users, "user"));
    List<Map<String, Object>> gone = null;
    if (fix) {
      gone = new ArrayList<>();
      for (int k = 0; k < badIds.size() && removed > 0; k++) {
        gone.add(CommandJson.removedEvent(badIds.getLong(k), badReasons.get(k).key()));
      }
    }
    Json.print(out, CommandJson.doctor(scan, gone, clean));
  }

  private static List<Map<String, Object>> records(List<InvalidRecord> records, String kind) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (InvalidRecord r : records) {
      out.add(CommandJson.invalidRecord(r, advice(r, kind)));
    }
    return out;
  }
}

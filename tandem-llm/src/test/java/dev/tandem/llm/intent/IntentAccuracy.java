package dev.tandem.llm.intent;

import dev.tandem.llm.embed.Embedder;
import dev.tandem.llm.embed.Embedders;
import java.util.List;
import java.util.Locale;

/**
 * Prints the accuracy table of {@link RuleIntentParser} on the intent test set (all of it, and the
 * dev and test splits), and with {@code --misses} every request not parsed exactly. Run from the
 * worktree root after {@code mvn -o -q install -DskipTests}:
 * <pre>
 * cd tandem-llm && mvn -o -q dependency:build-classpath -Dmdep.outputFile=/tmp/llm.cp \
 *   && java -Dai.djl.offline=true -cp target/classes:target/test-classes:$(cat /tmp/llm.cp) \
 *      dev.tandem.llm.intent.IntentAccuracy [--set holdout.jsonl] [--rules-only] [--threshold 0.8] [--zh-threshold 0.56] [--misses] [--timing]
 * </pre>
 */
public final class IntentAccuracy {
  private IntentAccuracy() {}

  /** Entry point; see the class comment for the options. */
  public static void main(String[] args) {
    boolean rulesOnly = false;
    boolean misses = false;
    boolean timing = false;
    double threshold = RuleIntentParser.DEFAULT_THRESHOLD;
    String set = "requests.jsonl";
    double zhThreshold = RuleIntentParser.DEFAULT_ZH_THRESHOLD;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rules-only" -> rulesOnly = true;
        case "--misses" -> misses = true;
        case "--timing" -> timing = true;
        case "--threshold" -> threshold = Double.parseDouble(args[++i]);
        case "--set" -> set = args[++i];
        case "--zh-threshold" -> zhThreshold = Double.parseDouble(args[++i]);
        case "--sweep" -> {
          sweep();
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; expected --rules-only, --threshold X, --misses, --timing");
      }
    }
    Embedder en = rulesOnly ? null : Embedders.builtIn("bge-small-en-v15-q");
    Embedder zh = rulesOnly ? null : Embedders.builtIn("bge-small-zh-v15");
    try {
      RuleIntentParser parser = new RuleIntentParser(en, threshold, zh, zhThreshold);
      IntentFixtures.Catalogue cat = IntentFixtures.catalogue();
      List<IntentFixtures.Case> cases = IntentFixtures.cases(set);
      String name = set + ": " + (rulesOnly ? "rules + synonyms only" : "rules + synonyms + prototypes (thresholds en " + threshold + ", zh " + zhThreshold + ")");
      for (String split : new String[] {"all", "dev", "test"}) {
        IntentScore.Tally[] t = run(parser, cat, cases, split);
        System.out.println(IntentScore.table(name + ", split " + split, t[0], t[1]));
        if (misses && split.equals("all")) {
          t[0].misses.forEach(System.out::println);
          t[1].misses.forEach(System.out::println);
        }
      }
      if (timing) {
        timing(parser, cat, cases);
      }
    } finally {
      if (en != null) {
        en.close();
        zh.close();
      }
    }
  }

  /**
   * Threshold calibration: constraint accuracy on the dev splits only (of both sets), for
   * thresholds 0.50..0.95; the test splits are never looked at here.
   */
  static void sweep() {
    try (Embedder en = Embedders.builtIn("bge-small-en-v15-q"); Embedder zh = Embedders.builtIn("bge-small-zh-v15")) {
      IntentFixtures.Catalogue cat = IntentFixtures.catalogue();
      List<IntentFixtures.Case> dev = new java.util.ArrayList<>();
      for (String set : new String[] {"requests.jsonl", "holdout.jsonl"}) {
        for (IntentFixtures.Case c : IntentFixtures.cases(set)) {
          if (c.split().equals("dev")) {
            dev.add(c);
          }
        }
      }
      for (int t = 50; t <= 95; t += 1) {
        IntentScore.Tally[] r = run(new RuleIntentParser(en, t / 100.0, zh, t / 100.0), cat, dev, "all");
        System.out.printf(Locale.ROOT, "threshold %.2f  en %.1f%% (%d/%d, %d extras)  zh %.1f%% (%d/%d, %d extras)%n",
            t / 100.0, 100 * r[0].constraintAccuracy(), r[0].constraintsRight, r[0].constraints, r[0].extras,
            100 * r[1].constraintAccuracy(), r[1].constraintsRight, r[1].constraints, r[1].extras);
      }
    }
  }

  static IntentScore.Tally[] run(IntentParser parser, IntentCatalogue cat, List<IntentFixtures.Case> cases,
      String split) {
    IntentScore.Tally en = new IntentScore.Tally();
    IntentScore.Tally zh = new IntentScore.Tally();
    for (IntentFixtures.Case c : cases) {
      if (!split.equals("all") && !split.equals(c.split())) {
        continue;
      }
      Intent got = parser.parse(c.text(), cat, c.shown());
      IntentScore.add(c.expected().language().equals("zh") ? zh : en, c, got);
    }
    return new IntentScore.Tally[] {en, zh};
  }

  private static void timing(IntentParser parser, IntentCatalogue cat, List<IntentFixtures.Case> cases) {
    for (int warm = 0; warm < 3; warm++) {
      for (IntentFixtures.Case c : cases) {
        parser.parse(c.text(), cat, c.shown());
      }
    }
    int rounds = 10;
    long[] nanos = new long[rounds * cases.size()];
    int k = 0;
    for (int round = 0; round < rounds; round++) {
      for (IntentFixtures.Case c : cases) {
        long t0 = System.nanoTime();
        parser.parse(c.text(), cat, c.shown());
        nanos[k++] = System.nanoTime() - t0;
      }
    }
    java.util.Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "parse latency over %d parses: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
        nanos.length, nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6,
        nanos[nanos.length - 1] / 1e6);
  }
}

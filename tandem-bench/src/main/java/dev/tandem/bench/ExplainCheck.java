package dev.tandem.bench;

import dev.tandem.core.data.History;
import dev.tandem.core.explain.SharedLabel;
import dev.tandem.engine.Explanation;
import dev.tandem.engine.RecommendOptions;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Recommendation;
import dev.tandem.engine.Tandem;
import dev.tandem.llm.explain.Cited;
import dev.tandem.llm.explain.Faithfulness;
import dev.tandem.llm.explain.Grounds;
import dev.tandem.llm.explain.Language;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Explanations on a trained home: for the first {@code U} users (feedback order), the top 10 of
 * {@code MODEL} explained in English; prints how many items cite history items and shared labels,
 * the explain latency per list, and the faithfulness checker against the real catalogue (all its
 * titles and labels): how many faithful answers it accepts (the template sentences without the
 * asterisks around titles, and a paraphrase citing the first history item) and how many unfaithful ones it rejects
 * (a paraphrase adding a random catalogue title outside the evidence, a random label outside it,
 * or a number outside it). Read-only on the home.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp "tandem-bench/target/benchmarks.jar" dev.tandem.bench.ExplainCheck HOME rrf 200
 * </pre>
 */
public final class ExplainCheck {
  private ExplainCheck() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    String model = args[1];
    int u = Integer.parseInt(args[2]);
    try (Tandem t = Tandem.open(home)) {
      List<String> users = new ArrayList<>();
      t.store().feedback().scan((user, item, type, value, ts) -> {
        if (users.size() < u && (users.isEmpty() || !users.get(users.size() - 1).equals(user))) {
          users.add(user);
        }
      });
      List<String> titles = new ArrayList<>();
      Set<String> labelSet = new TreeSet<>();
      t.store().items().forEach(it -> {
        titles.add(it.title());
        it.categories().forEach(c -> labelSet.add(c.toLowerCase(Locale.ROOT)));
        it.tags().forEach(c -> labelSet.add(c.toLowerCase(Locale.ROOT)));
      });
      List<String> labels = new ArrayList<>(labelSet);
      Faithfulness checker = new Faithfulness(titles, labels);
      // warm up: load the model
      t.explain(t.recommend(users.get(0), RecommendOptions.top(10).withModel(model)), t.historyOf(users.get(0)),
          Language.EN, List.of());
      Random r = new Random(6);
      int items = 0;
      int withBecause = 0;
      int becauseTotal = 0;
      double topShare = 0;
      int withLabels = 0;
      double[] millis = new double[users.size()];
      int[] accepted = new int[2];
      int[] faithfulTotal = new int[2];
      int[] rejected = new int[3];
      int[] unfaithfulTotal = new int[3];
      Map<Faithfulness.Reason, Integer> falseRejections = new EnumMap<>(Faithfulness.Reason.class);
      List<String> examples = new ArrayList<>();
      for (int k = 0; k < users.size(); k++) {
        String user = users.get(k);
        RecommendResult res = t.recommend(user, RecommendOptions.top(10).withModel(model));
        History h = t.historyOf(user);
        long t0 = System.nanoTime();
        res = t.explain(res, h, Language.EN, List.of());
        millis[k] = (System.nanoTime() - t0) / 1e6;
        for (Recommendation rec : res.items()) {
          Explanation x = rec.explanation();
          items++;
          if (!x.because().isEmpty()) {
            withBecause++;
            becauseTotal += x.because().size();
            topShare += x.because().get(0).share();
          }
          withLabels += x.sharedLabels().isEmpty() ? 0 : 1;
          Grounds g = new Grounds(rec.itemId(), rec.title(), res.model(), Grounds.Basis.HISTORY, x.because(),
              x.sharedLabels(), rec.evidence(), x.matchedTerms());
          Set<String> inEvidence = new HashSet<>();
          inEvidence.add(rec.title().toLowerCase(Locale.ROOT));
          for (Cited c : x.because()) {
            inEvidence.add(c.title().toLowerCase(Locale.ROOT));
          }
          for (SharedLabel l : x.sharedLabels()) {
            inEvidence.add(l.label());
          }
          String cite = x.because().isEmpty() ? rec.title() : x.because().get(0).title();
          String plain = x.sentence();
          for (Cited c : x.because()) { // the template's markup around titles, not asterisks inside them
            plain = plain.replace("*" + c.name() + "*", c.name());
          }
          plain = plain.replaceAll("\\*([^*]*\u2026)\\*", "$1"); // shortened titles
          String[] faithful = {plain, "If you enjoyed " + cite + ", you may like " + rec.title()
              + "."};
          for (int f = 0; f < 2; f++) {
            faithfulTotal[f]++;
            Faithfulness.Verdict v = checker.check(faithful[f], g, Language.EN);
            if (v.ok()) {
              accepted[f]++;
            } else {
              falseRejections.merge(v.reason(), 1, Integer::sum);
              if (examples.size() < 8) {
                examples.add(v.reason() + " (" + v.detail() + "): " + faithful[f]);
              }
            }
          }
          String other;
          do {
            other = titles.get(r.nextInt(titles.size()));
          } while (inEvidence.contains(other.toLowerCase(Locale.ROOT)));
          String label = null;
          for (int tries = 0; tries < 100 && label == null && !labels.isEmpty(); tries++) {
            String l = labels.get(r.nextInt(labels.size()));
            label = inEvidence.contains(l) ? null : l;
          }
          int number = 1000 + r.nextInt(9000);
          String[] unfaithful = {"If you enjoyed " + cite + " and " + other + ", you may like " + rec.title() + ".",
              label == null ? null : rec.title() + " is a fine pick in " + label + ", like " + cite + ".",
              rec.title() + " was seen by " + number + " people who liked " + cite + "."};
          for (int f = 0; f < 3; f++) {
            if (unfaithful[f] == null) {
              continue;
            }
            unfaithfulTotal[f]++;
            if (!checker.check(unfaithful[f], g, Language.EN).ok()) {
              rejected[f]++;
            } else if (examples.size() < 16) {
              examples.add("MISSED: " + unfaithful[f]);
            }
          }
        }
      }
      Arrays.sort(millis);
      System.out.printf(Locale.ROOT, "%s, %d users, %d items: %.1f%% cite history items (mean %.2f cited, top share"
          + " %.3f), %.1f%% share labels; explain per list of 10: p50 %.2f ms, p95 %.2f ms, max %.2f ms%n", model,
          users.size(), items, 100.0 * withBecause / items, (double) becauseTotal / Math.max(1, withBecause),
          topShare / Math.max(1, withBecause), 100.0 * withLabels / items, millis[millis.length / 2],
          millis[(int) (millis.length * 0.95)], millis[millis.length - 1]);
      System.out.printf(Locale.ROOT, "checker on %d titles, %d labels: faithful accepted: template %d/%d, paraphrase"
          + " %d/%d (false rejections %s); unfaithful rejected: extra title %d/%d, extra label %d/%d, number %d/%d%n",
          titles.size(), labels.size(), accepted[0], faithfulTotal[0], accepted[1], faithfulTotal[1], falseRejections,
          rejected[0], unfaithfulTotal[0], rejected[1], unfaithfulTotal[1], rejected[2], unfaithfulTotal[2]);
      examples.forEach(e -> System.out.println("  " + e));
    }
  }
}

package dev.tandem.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.eval.Comparison;
import dev.tandem.core.eval.EvalData;
import dev.tandem.core.eval.EvalOptions;
import dev.tandem.core.eval.EvalReport;
import dev.tandem.core.eval.ModelResult;
import dev.tandem.core.eval.SplitData;
import dev.tandem.core.eval.SplitFolder;
import dev.tandem.core.eval.SplitOptions;
import dev.tandem.engine.EvaluateOptions;
import dev.tandem.engine.Evaluation;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TandemConfig;
import dev.tandem.engine.TrainOptions;
import dev.tandem.wire.EvalJson;
import dev.tandem.engine.report.HtmlReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", description = {
    "Evaluate models offline (full ranking) and write JSON and HTML reports.",
    "On a split folder (--split, e.g. one written by `tandem split`",
    "or refrec.py) or on a fresh split of the home's feedback (--protocol, --seed, ...). Prints a table;",
    "--json OUT and --html OUT write the full report (95%% bootstrap intervals, paired tests)."})
final class EvaluateCommand implements Callable<Integer> {
  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--split", paramLabel = "DIR", description = "A split folder to evaluate on (no home needed).")
  Path splitDir;

  @Mixin SplitOptionsMixin split;

  @Option(names = "--models", split = ",", paramLabel = "M[,M...]",
      completionCandidates = ModelHelp.NamesWithRatings.class,
      description = "Models to evaluate (default: train.models in tandem.toml). Known: ${COMPLETION-CANDIDATES}.")
  List<String> models = new ArrayList<>();

  @Option(names = "--param", paramLabel = "MODEL.KEY=VALUE",
      description = "Override a hyper-parameter, e.g. --param ease.lambda=500 (repeatable).")
  List<String> params = new ArrayList<>();

  @Option(names = "--k", split = ",", paramLabel = "K[,K...]", defaultValue = "10,20,50,100",
      description = "Cut-offs (default: ${DEFAULT-VALUE}).")
  List<Integer> ks = new ArrayList<>();

  @Option(names = "--bootstrap", defaultValue = "1000", paramLabel = "N",
      description = "Bootstrap resamples of the 95%% intervals (default: ${DEFAULT-VALUE}).")
  int bootstrap;

  @Option(names = "--json", paramLabel = "OUT", description = "Write the report as JSON to OUT ('-' for standard output, then no table).")
  String jsonOut;

  @Option(names = "--html", paramLabel = "OUT", description = "Write the report as an HTML page to OUT.")
  Path htmlOut;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    boolean jsonToStdout = "-".equals(jsonOut);
    ProgressBar bar = new ProgressBar(true);
    EvalOptions eval = new EvalOptions(ks, bootstrap, 10_000, 1, bar::update);
    EvaluateOptions options = new EvaluateOptions(models, TrainOptions.parseParams(params), eval);
    EvalReport report;
    String source;
    if (splitDir != null) {
      if (split.protocol != null) {
        throw new IllegalArgumentException("--split and --protocol exclude each other: evaluate on a folder, or split the home");
      }
      SplitData data = SplitFolder.read(splitDir);
      source = splitDir.toString();
      if (cli.homeGiven()) {
        try (Tandem tandem = cli.open()) {
          report = tandem.evaluate(data, options);
        }
      } else {
        report = Evaluation.run(EvalData.of(data), options, TandemConfig.DEFAULTS);
      }
    } else {
      SplitOptions splitOptions = split.options(); // a bad option is reported before the home is looked at
      try (Tandem tandem = cli.open()) {
        SplitData data = tandem.split(splitOptions);
        source = tandem.home() + " (" + split.protocol + ", seed " + split.seed + ")";
        report = tandem.evaluate(data, options);
      }
    }
    bar.finish();
    ObjectNode json = EvalJson.toJson(report, source, eval);
    if (jsonOut != null && !jsonToStdout) {
      Path p = Path.of(jsonOut);
      if (p.toAbsolutePath().getParent() != null) {
        Files.createDirectories(p.toAbsolutePath().getParent());
      }
      Files.writeString(p, EvalJson.pretty(json) + "\n", StandardCharsets.UTF_8);
    }
    if (htmlOut != null) {
      HtmlReport.write(json, htmlOut);
    }
    if (jsonToStdout) {
      out.println(EvalJson.pretty(json));
    } else {
      printTable(out, report);
    }
    return 0;
  }

  static void printTable(PrintWriter out, EvalReport r) {
    var s = r.split();
    out.printf(Locale.ROOT, "Split %s (seed %d): %,d train users x %,d items, %,d train pairs; %,d test users (%,d evaluated)%s%n",
        s.protocol(), s.seed(), s.trainUsers(), s.items(), s.trainInteractions(), s.testUsers(), s.evaluatedUsers(),
        s.coldItems() > 0 ? ", " + s.coldItems() + " cold items" : "");
    List<String> cols = new ArrayList<>();
    for (int k : r.ks()) {
      cols.add("recall@" + k);
      cols.add("ndcg@" + k);
    }
    int kmax = r.ks().get(r.ks().size() - 1);
    int k10 = r.ks().get(0);
    cols.addAll(List.of("hr@" + k10, "mrr", "auc", "coverage@" + kmax, "novelty@" + kmax));
    boolean rated = r.results().stream().anyMatch(m -> m.metrics().containsKey("rmse"));
    if (rated) {
      cols.addAll(List.of("rmse", "mae"));
    }
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-10s", "model"));
    for (String c : cols) {
      head.append(String.format(Locale.ROOT, " %11s", c));
    }
    head.append(String.format(Locale.ROOT, " %8s %8s %9s", "fit s", "score s", "peak MB"));
    out.println(head);
    for (ModelResult m : r.results()) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s", m.model()));
      for (String c : cols) {
        double v = m.metric(c);
        line.append(Double.isNaN(v) ? String.format(Locale.ROOT, " %11s", "-") : String.format(Locale.ROOT, " %11.4f", v));
      }
      line.append(String.format(Locale.ROOT, " %8.2f %8.2f %9.1f", m.fitSeconds(), m.scoreSeconds(), m.peakMemoryBytes() / 1e6));
      out.println(line);
    }
    for (Comparison c : r.comparisons()) {
      out.printf(Locale.ROOT, "  %s vs %s on %s: %+.4f, paired p = %.4f (%d users)%n", c.model(), c.baseline(), c.metric(),
          c.difference(), c.pValue(), c.users());
    }
  }
}

package dev.tandem.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.engine.report.Evaluation.Interval;
import dev.tandem.engine.report.Evaluation.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders an evaluation (the JSON of {@code tandem evaluate}) as one self-contained HTML page: the
 * run's configuration and split, metric tables with the best model per column highlighted,
 * metric-by-K curves, a model comparison chart with confidence whiskers, popularity-bias and
 * diversity charts, paired tests and a reference implementation's numbers beside Tandem's.
 *
 * <p>Guarantees:
 * <ul>
 *   <li><b>Offline:</b> no scripts, no external style sheets, fonts or images; charts are inline SVG.
 *   <li><b>Safe:</b> every string of the JSON (model names, parameters, the dataset) is escaped, so
 *       none can inject markup.
 *   <li><b>Well-formed:</b> the page is HTML5 that also parses as XML (XHTML syntax).
 *   <li><b>Lenient:</b> a missing or mistyped field leaves out what needs it; nothing in the JSON
 *       makes rendering fail.
 *   <li><b>Deterministic:</b> the same JSON gives the same bytes (no clock, no locale, JSON order kept).
 * </ul>
 *
 * <p>Stateless and thread-safe.
 *
 * {@snippet :
 * JsonNode report = new ObjectMapper().readTree(Path.of("eval.json").toFile());
 * HtmlReport.write(report, Path.of("eval.html"));
 * }
 */
public final class HtmlReport {
  private static final String CSS = """
      :root{--fg:#1b1d21;--muted:#5f6368;--line:#e3e5e8;--head:#f7f8fa;--best:#e3f2e6;--bestfg:#0d5d22}
      *{box-sizing:border-box}
      html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
      body{margin:0;background:#f3f4f6;color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"DejaVu Sans",sans-serif}
      main{max-width:1240px;margin:0 auto;padding:28px 24px 40px}
      header{margin:0 0 8px}
      .eyebrow{margin:0;color:var(--muted);font-size:13px;letter-spacing:.06em;text-transform:uppercase}
      h1{font-size:28px;line-height:1.25;margin:2px 0 14px;font-weight:650;overflow-wrap:anywhere}
      h2{font-size:19px;margin:0 0 4px;font-weight:650}
      h3{font-size:15px;margin:20px 0 8px;font-weight:600}
      .lead{color:var(--muted);font-size:13.5px;margin:0 0 14px}
      dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:10px 24px;margin:0;padding:14px 18px;background:#fff;border:1px solid var(--line);border-radius:8px}
      dl.facts dt{font-size:11.5px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
      dl.facts dd{margin:0;font-weight:500;overflow-wrap:anywhere}
      nav{margin:14px 0 0;font-size:13.5px;display:flex;flex-wrap:wrap;gap:4px 18px}
      nav a{color:#0b57a4;text-decoration:none;white-space:nowrap}
      nav a:hover{text-decoration:underline}
      section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:20px 24px 22px;margin:18px 0}
      .cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,440px),1fr));gap:8px 32px}
      .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,460px),1fr));gap:18px 28px;margin-top:8px}
      figure{margin:0}
      figcaption{color:var(--muted);font-size:12.5px;margin:4px 0 0}
      svg.chart{display:block;width:100%;height:auto}
      .scroll{overflow-x:auto}
      table{border-collapse:collapse;font-size:13.5px;font-variant-numeric:tabular-nums;margin:0 0 4px}
      caption{text-align:left;font-weight:600;padding:0 0 6px;font-size:14px}
      th,td{padding:6px 9px;border-bottom:1px solid var(--line);text-align:right;vertical-align:top;white-space:nowrap}
      thead th{white-space:normal;background:var(--head);font-weight:600;font-size:12.5px;color:#333;vertical-align:bottom}
      thead tr.group th{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);text-align:center;border-bottom:1px solid #cfd3d8}
      th.name,td.name{text-align:left}
      td.text{text-align:left;white-space:normal;overflow-wrap:anywhere;max-width:520px}
      td.best{background:var(--best);color:var(--bestfg);font-weight:650}
      td.sep,th.sep{border-left:1px solid #cfd3d8}
      .ci{display:block;font-size:11px;color:var(--muted);font-weight:400}
      .dir{color:var(--muted);font-weight:400}
      .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:7px;vertical-align:baseline}
      code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12.5px;background:#f1f3f5;border-radius:4px;padding:1px 5px;margin:0 4px 2px 0;display:inline-block}
      .muted{color:var(--muted)}
      .pos{color:#0d5d22}
      .neg{color:#a4161a}
      .yes{font-weight:650}
      footer{color:var(--muted);font-size:12.5px;margin-top:18px}
      @media (max-width:640px){main{padding:16px 10px}section{padding:14px 12px}h1{font-size:22px}}
      @media print{body{background:#fff;font-size:12px}main{max-width:none;padding:0}nav{display:none}
      section{border:none;border-radius:0;padding:0;margin:14px 0}figure,table,dl.facts{break-inside:avoid}
      h2,h3{break-after:avoid}td.best{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
      """;

  private HtmlReport() {}

  /**
   * Renders {@code report} and writes it to {@code out} as UTF-8, creating missing parent
   * directories and replacing an existing file.
   *
   * @param report the evaluation JSON; any shape renders (see {@link #render})
   * @param out the HTML file to write
   * @throws NullPointerException if {@code report} or {@code out} is null
   * @throws IOException if the file cannot be written
   */
  public static void write(JsonNode report, Path out) throws IOException {
    Objects.requireNonNull(out, "out");
    String html = render(report);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, html, StandardCharsets.UTF_8);
  }

  /**
   * The page for {@code report} as a string. Sections whose data is missing are left out; a
   * report that is not an object, or has no results, gives a page that says so.
   *
   * @param report the evaluation JSON
   * @return a complete HTML5 document, also well-formed XML
   * @throws NullPointerException if {@code report} is null (pass a {@code MissingNode} for "nothing")
   */
  public static String render(JsonNode report) {
    Objects.requireNonNull(report, "report");
    return new Page(Evaluation.from(report)).render();
  }

  /** One rendering: the evaluation and the page being built. */
  private static final class Page {
    private final Evaluation e;
    private final Markup m = new Markup();
    private final List<Integer> ks;

    Page(Evaluation e) {
      this.e = e;
      this.ks = e.cutoffs();
    }

    String render() {
      m.raw("<!DOCTYPE html>").newline();
      m.open("html", "xmlns", "http://www.w3.org/1999/xhtml", "lang", "en").newline();
      m.open("head").newline();
      m.empty("meta", "charset", "utf-8").newline();
      m.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1").newline();
      m.empty("meta", "name", "generator", "content", "Tandem " + e.version()).newline();
      m.element("title", "Tandem evaluation" + (e.dataset().isEmpty() ? "" : " \u2014 " + e.dataset())).newline();
      m.open("style").raw("\n").raw(CSS).close("style").newline();
      m.close("head").newline();
      m.open("body").newline().open("main").newline();
      header();
      if (e.results().isEmpty()) {
        m.open("section", "id", "empty").element("h2", "No results")
            .element("p", "This evaluation has no model results to show.", "class", "lead").close("section").newline();
      } else {
        configuration();
        metricTables();
        curves();
        comparison();
        popularity();
      }
      significance();
      reference();
      m.open("footer").text("Generated by Tandem" + (e.version().isEmpty() ? "" : " " + e.version())
          + " from the evaluation JSON. A self-contained page: it loads nothing from the network.").close("footer");
      m.newline().close("main").newline().close("body").newline().close("html").newline();
      return m.toString();
    }

    // ---------------------------------------------------------------- header and configuration

    private void header() {
      m.open("header").newline();
      m.element("p", "Tandem evaluation report", "class", "eyebrow");
      m.element("h1", e.dataset().isEmpty() ? "Evaluation" : e.dataset());
      Map<String, String> facts = new LinkedHashMap<>();
      facts.put("Protocol", e.protocol());
      facts.put("Seed", e.seed());
      facts.put("Created", e.created());
      facts.put("Models", e.results().isEmpty() ? "" : Integer.toString(e.results().size()));
      facts.put("Cut-offs K", ks.isEmpty() ? "" : String.join(", ", ks.stream().map(String::valueOf).toList()));
      facts.put("Tandem", e.version());
      facts.put("Split source", e.source());
      facts.values().removeIf(String::isEmpty);
      if (!facts.isEmpty()) {
        m.open("dl", "class", "facts");
        facts.forEach((k, v) -> m.open("div").element("dt", k).element("dd", v).close("div"));
        m.close("dl").newline();
      }
      List<String[]> links = new ArrayList<>();
      if (!e.results().isEmpty()) {
        links.add(new String[] {"#configuration", "Configuration"});
        links.add(new String[] {"#metrics", "Metrics"});
        if (ks.size() > 1) {
          links.add(new String[] {"#curves", "Metrics by K"});
        }
        links.add(new String[] {"#comparison", "Comparison"});
        links.add(new String[] {"#popularity", "Popularity bias"});
      }
      if (!e.comparisons().isEmpty()) {
        links.add(new String[] {"#significance", "Paired tests"});
      }
      if (!e.references().isEmpty()) {
        links.add(new String[] {"#reference", "Reference"});
      }
      if (!links.isEmpty()) {
        m.open("nav");
        for (String[] l : links) {
          m.element("a", l[1], "href", l[0]);
        }
        m.close("nav");
      }
      m.close("header").newline();
    }

    private void configuration() {
      m.open("section", "id", "configuration").element("h2", "Configuration");
      m.element("p", "The models evaluated, with their hyper-parameters, and the train/test split they were "
          + "evaluated on.", "class", "lead");
      m.open("div", "class", "cols");
      m.open("div").open("table").element("caption", "Models")
          .open("thead").open("tr").element("th", "Model", "class", "name").element("th", "Parameters", "class", "name")
          .close("tr").close("thead").open("tbody");
      for (int i = 0; i < e.results().size(); i++) {
        Result r = e.results().get(i);
        m.open("tr");
        modelCell(i);
        m.open("td", "class", "text");
        if (r.params().isEmpty()) {
          m.element("span", "defaults", "class", "muted");
        }
        r.params().forEach((k, v) -> m.element("code", k + " = " + v));
        m.close("td").close("tr");
      }
      m.close("tbody").close("table").close("div");
      if (!e.statistics().isEmpty()) {
        m.open("div").open("table").element("caption", "Split")
            .open("thead").open("tr").element("th", "Statistic", "class", "name").element("th", "Value")
            .close("tr").close("thead").open("tbody");
        e.statistics().forEach((k, v) -> m.open("tr").element("td", humanize(k), "class", "name")
            .element("td", Numbers.count(v)).close("tr"));
        m.close("tbody").close("table").close("div");
      }
      m.close("div").close("section").newline();
    }

    private void modelCell(int style) {
      m.open("td", "class", "name")
          .open("span", "class", "swatch", "style", "background:" + Palette.colour(style)).close("span")
          .text(e.results().get(style).model()).close("td");
    }

    // ---------------------------------------------------------------- metric tables

    /** A table column: a metric name or a cost field, how to write it, and which way is better. */
    private record Column(String key, String label, Metric.Direction better, Metric.Group group, Kind kind) {}

    private enum Kind { METRIC, SECONDS, BYTES }

    private void metricTables() {
      m.open("section", "id", "metrics").element("h2", "Metrics");
      m.open("p", "class", "lead").text("Each model's metrics at every cut-off K. The best value of each column is ")
          .element("span", "highlighted", "class", "yes").text("; \u2191 marks metrics where higher is better, "
              + "\u2193 where lower is. Where a 95% confidence interval was computed it is shown as [low, high].")
          .close("p");
      for (int k : ks) {
        List<Column> cols = new ArrayList<>();
        for (Metric f : families(k)) {
          cols.add(new Column(Metric.name(f.key(), k), f.label(), f.better(), f.group(), Kind.METRIC));
        }
        if (!cols.isEmpty()) {
          table("At K = " + k, cols);
        }
      }
      List<Column> overall = new ArrayList<>();
      for (Metric f : families(0)) {
        overall.add(new Column(f.key(), f.label(), f.better(), f.group(), Kind.METRIC));
      }
      if (e.results().stream().anyMatch(r -> Double.isFinite(r.fitSeconds()))) {
        overall.add(new Column("fit_seconds", "Fit time", Metric.Direction.LOWER, null, Kind.SECONDS));
      }
      if (e.results().stream().anyMatch(r -> Double.isFinite(r.scoreSeconds()))) {
        overall.add(new Column("score_seconds", "Score time", Metric.Direction.LOWER, null, Kind.SECONDS));
      }
      if (e.results().stream().anyMatch(r -> Double.isFinite(r.peakMemoryBytes()))) {
        overall.add(new Column("peak_memory_bytes", "Peak memory", Metric.Direction.LOWER, null, Kind.BYTES));
      }
      if (!overall.isEmpty()) {
        table(ks.isEmpty() ? "Metrics and cost" : "Independent of K, and cost", overall);
      }
      m.close("section").newline();
    }

    /** The metric families with a value at cut-off {@code k} (0: without a cut-off), in display order. */
    private List<Metric> families(int k) {
      Set<String> seen = new LinkedHashSet<>();
      for (Result r : e.results()) {
        for (String name : r.metrics().keySet()) {
          if (Metric.cutoffOf(name) == k) {
            seen.add(Metric.familyOf(name));
          }
        }
      }
      List<Metric> list = new ArrayList<>();
      for (String s : seen) {
        list.add(Metric.of(s));
      }
      list.sort(Comparator.comparingInt(Metric::rank)); // stable: unknown ones keep JSON order
      return list;
    }

    private void table(String caption, List<Column> cols) {
      int n = e.results().size();
      m.open("div", "class", "scroll").open("table").element("caption", caption).open("thead");
      boolean grouped = cols.stream().map(Column::group).distinct().count() > 1;
      if (grouped) {
        m.open("tr", "class", "group").element("th", "");
        int i = 0;
        while (i < cols.size()) {
          Metric.Group g = cols.get(i).group();
          int j = i;
          while (j < cols.size() && cols.get(j).group() == g) {
            j++;
          }
          m.element("th", groupLabel(g), "colspan", Integer.toString(j - i), "class", i > 0 ? "sep" : null);
          i = j;
        }
        m.close("tr");
      }
      m.open("tr").element("th", "Model", "class", "name");
      for (int c = 0; c < cols.size(); c++) {
        Column col = cols.get(c);
        boolean sep = grouped && c > 0 && cols.get(c - 1).group() != col.group();
        m.open("th", "class", sep ? "sep" : null, "title", col.key()).text(col.label());
        if (col.better() != Metric.Direction.NEITHER) {
          m.element("span", col.better() == Metric.Direction.HIGHER ? "\u00a0\u2191" : "\u00a0\u2193", "class", "dir");
        }
        m.close("th");
      }
      m.close("tr").close("thead").open("tbody");
      double[] best = new double[cols.size()];
      double[] scale = new double[cols.size()];
      for (int c = 0; c < cols.size(); c++) {
        best[c] = best(cols.get(c));
        for (Result r : e.results()) {
          double v = Math.abs(r.value(cols.get(c).key()));
          scale[c] = Double.isFinite(v) ? Math.max(scale[c], v) : scale[c];
        }
      }
      for (int i = 0; i < n; i++) {
        Result r = e.results().get(i);
        m.open("tr");
        modelCell(i);
        for (int c = 0; c < cols.size(); c++) {
          Column col = cols.get(c);
          double v = r.value(col.key());
          boolean sep = grouped && c > 0 && cols.get(c - 1).group() != col.group();
          String cls = ((sep ? "sep " : "") + (Double.isFinite(v) && v == best[c] ? "best" : "")).trim();
          m.open("td", "class", cls.isEmpty() ? null : cls).text(col.kind() == Kind.METRIC ? Numbers.metric(v, scale[c]) : format(col.kind(), v));
          Interval ci = r.ci95().get(col.key());
          if (ci != null && col.kind() == Kind.METRIC) {
            m.element("span", Numbers.interval(ci.lo(), ci.hi()), "class", "ci");
          }
          m.close("td");
        }
        m.close("tr");
      }
      m.close("tbody").close("table").close("div").newline();
    }

    /** The best value of a column, or NaN when there is nothing to single out (no direction, or fewer than two values). */
    private double best(Column col) {
      if (col.better() == Metric.Direction.NEITHER) {
        return Double.NaN;
      }
      double best = Double.NaN;
      int count = 0;
      for (Result r : e.results()) {
        double v = r.value(col.key());
        if (Double.isFinite(v)) {
          count++;
          if (Double.isNaN(best) || (col.better() == Metric.Direction.HIGHER ? v > best : v < best)) {
            best = v;
          }
        }
      }
      return count >= 2 ? best : Double.NaN;
    }

    private static String format(Kind kind, double v) {
      return switch (kind) {
        case METRIC -> Numbers.metric(v);
        case SECONDS -> Numbers.seconds(v);
        case BYTES -> Numbers.bytes(v);
      };
    }

    private static String groupLabel(Metric.Group g) {
      if (g == null) {
        return "Cost";
      }
      return switch (g) {
        case ACCURACY -> "Accuracy";
        case BEYOND_ACCURACY -> "Popularity and diversity";
        case RATING -> "Rating error";
        case OTHER -> "Other";
      };
    }

    // ---------------------------------------------------------------- charts

    private List<Series> seriesOf(List<String> metricNames) {
      List<Series> series = new ArrayList<>();
      for (int i = 0; i < e.results().size(); i++) {
        Result r = e.results().get(i);
        double[] v = new double[metricNames.size()];
        double[] lo = new double[v.length];
        double[] hi = new double[v.length];
        for (int j = 0; j < v.length; j++) {
          v[j] = r.metric(metricNames.get(j));
          Interval ci = r.ci95().get(metricNames.get(j));
          lo[j] = ci == null ? Double.NaN : ci.lo();
          hi[j] = ci == null ? Double.NaN : ci.hi();
        }
        series.add(new Series(r.model(), i, v, lo, hi));
      }
      return series;
    }

    /** Families with a value at two or more cut-offs, of the given groups. */
    private List<Metric> curveFamilies(Set<Metric.Group> groups) {
      Set<String> names = new LinkedHashSet<>();
      for (int k : ks) {
        for (Metric f : families(k)) {
          names.add(f.key());
        }
      }
      List<Metric> out = new ArrayList<>();
      for (String name : names) {
        Metric f = Metric.of(name);
        long at = ks.stream().filter(k -> e.results().stream().anyMatch(r -> r.metrics().containsKey(Metric.name(name, k))))
            .count();
        if (groups.contains(f.group()) && at >= 2) {
          out.add(f);
        }
      }
      out.sort(Comparator.comparingInt(Metric::rank));
      return out;
    }

    private LineChart curve(Metric f) {
      List<String> names = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      for (int k : ks) {
        names.add(Metric.name(f.key(), k));
        labels.add(Integer.toString(k));
      }
      List<Series> series = new ArrayList<>();
      for (Series s : seriesOf(names)) {
        series.add(Series.of(s.name(), s.style(), s.values()));
      }
      return new LineChart(f.label() + " at K", f.label(), "K", labels, series);
    }

    private void curves() {
      List<Metric> families = curveFamilies(Set.of(Metric.Group.ACCURACY, Metric.Group.OTHER));
      if (families.isEmpty()) {
        return;
      }
      m.open("section", "id", "curves").element("h2", "Metrics by list length K");
      m.element("p", "How each accuracy metric changes as the recommendation list grows; one line per model. "
          + "Hover a point for its exact value.", "class", "lead");
      m.open("div", "class", "charts");
      for (Metric f : families) {
        m.open("figure");
        curve(f).render(m);
        m.close("figure").newline();
      }
      m.close("div").close("section").newline();
    }

    /** The K nearest to 20 (the usual headline cut-off), or 0 without cut-offs. */
    private int headlineK() {
      int best = 0;
      for (int k : ks) {
        if (best == 0 || Math.abs(k - 20) < Math.abs(best - 20)) {
          best = k;
        }
      }
      return best;
    }

    private boolean anyHas(String metric) {
      return e.results().stream().anyMatch(r -> r.metrics().containsKey(metric));
    }

    private void comparison() {
      LinkedHashSet<String> wanted = new LinkedHashSet<>();
      if (!ks.isEmpty()) {
        wanted.add(Metric.name("recall", headlineK()));
        wanted.add(Metric.name("ndcg", ks.get(ks.size() - 1)));
        wanted.add(Metric.name("hr", ks.get(0)));
      }
      wanted.add("mrr");
      List<String> metrics = new ArrayList<>(wanted.stream().filter(this::anyHas).toList());
      if (metrics.isEmpty()) {
        for (int k : ks) {
          for (Metric f : families(k)) {
            if (f.group() == Metric.Group.ACCURACY && metrics.size() < 4) {
              metrics.add(Metric.name(f.key(), k));
            }
          }
        }
      }
      if (metrics.isEmpty()) {
        return;
      }
      boolean anyCi = e.results().stream().anyMatch(r -> metrics.stream().anyMatch(r.ci95()::containsKey));
      m.open("section", "id", "comparison").element("h2", "Model comparison");
      m.element("p", "Headline accuracy metrics side by side" + (anyCi ? "; whiskers show 95% confidence intervals "
          + "where they were computed." : "."), "class", "lead");
      m.open("figure");
      new BarChart(1100, "Headline metrics by model", "Value", metrics.stream().map(Page::label).toList(),
          seriesOf(metrics)).render(m);
      m.close("figure").close("section").newline();
    }

    private void popularity() {
      List<Metric> families = curveFamilies(Set.of(Metric.Group.BEYOND_ACCURACY));
      ScatterChart scatter = popularityScatter();
      if (families.isEmpty() && scatter == null) {
        return;
      }
      m.open("section", "id", "popularity").element("h2", "Popularity bias and diversity");
      m.element("p", "Whether a model's accuracy comes from recommending what is popular anyway. Average "
          + "popularity is the mean number of training interactions of the recommended items (lower means "
          + "less popularity bias); coverage is the share of the catalogue ever recommended; novelty rises "
          + "as recommended items get rarer; Gini measures how unevenly recommendations concentrate on few items.",
          "class", "lead");
      m.open("div", "class", "charts");
      if (scatter != null) {
        m.open("figure");
        scatter.render(m);
        m.close("figure").newline();
      }
      for (Metric f : families) {
        m.open("figure");
        curve(f).render(m);
        m.close("figure").newline();
      }
      m.close("div").close("section").newline();
    }

    /** Accuracy against popularity (or coverage, or novelty) at the headline K where both exist; null if none. */
    private ScatterChart popularityScatter() {
      List<Integer> order = new ArrayList<>(ks);
      int head = headlineK();
      order.sort(Comparator.comparingInt((Integer k) -> k == head ? 0 : 1).thenComparingInt(k -> k));
      for (String xFamily : List.of("avg_popularity", "coverage", "novelty")) {
        for (String yFamily : List.of("recall", "ndcg", "precision", "hr")) {
          for (int k : order) {
            String xName = Metric.name(xFamily, k);
            String yName = Metric.name(yFamily, k);
            List<ScatterChart.Point> points = new ArrayList<>();
            boolean any = false;
            for (int i = 0; i < e.results().size(); i++) {
              Result r = e.results().get(i);
              double x = r.metric(xName);
              double y = r.metric(yName);
              any |= Double.isFinite(x) && Double.isFinite(y);
              points.add(new ScatterChart.Point(r.model(), i, x, y));
            }
            if (any) {
              Metric xm = Metric.of(xFamily);
              Metric ym = Metric.of(yFamily);
              String better = xm.better() == Metric.Direction.LOWER ? "\u2196 better: more accurate, less popular"
                  : "\u2197 better: more accurate, more " + xm.label().toLowerCase(Locale.ROOT);
              return new ScatterChart(ym.label() + " against " + xm.label().toLowerCase(Locale.ROOT) + " at K = " + k,
                  label(xName), label(yName), points, better);
            }
          }
        }
      }
      return null;
    }

    // ---------------------------------------------------------------- tests and references

    private void significance() {
      if (e.comparisons().isEmpty()) {
        return;
      }
      m.open("section", "id", "significance").element("h2", "Paired comparisons");
      m.element("p", "Paired tests over test users as reported by the evaluator. Difference is the model's "
          + "value minus the other model's; p below 0.05 is marked.", "class", "lead");
      m.open("div", "class", "scroll").open("table").open("thead").open("tr")
          .element("th", "Metric", "class", "name").element("th", "Model", "class", "name")
          .element("th", "Versus", "class", "name").element("th", "Difference").element("th", "p-value")
          .element("th", "p < 0.05").close("tr").close("thead").open("tbody");
      for (Evaluation.Comparison c : e.comparisons()) {
        double d = c.difference();
        double p = c.pValue();
        m.open("tr").element("td", c.metric(), "class", "name").element("td", c.model(), "class", "name")
            .element("td", c.versus(), "class", "name")
            .element("td", Numbers.signed(d), "class", d > 0 ? "pos" : d < 0 ? "neg" : null)
            .element("td", Numbers.pValue(p))
            .element("td", Double.isFinite(p) ? (p < 0.05 ? "yes" : "no") : Numbers.MISSING,
                "class", Double.isFinite(p) && p < 0.05 ? "yes" : "muted")
            .close("tr");
      }
      m.close("tbody").close("table").close("div").close("section").newline();
    }

    private void reference() {
      if (e.references().isEmpty()) {
        return;
      }
      m.open("section", "id", "reference").element("h2", "Reference implementation");
      m.element("p", "The same models scored by an independent reference implementation on the same split, "
          + "beside Tandem's numbers. Times compare as a ratio (below 1\u00d7: Tandem is faster).", "class", "lead");
      m.open("div", "class", "scroll").open("table").open("thead").open("tr")
          .element("th", "Source", "class", "name").element("th", "Model", "class", "name")
          .element("th", "Metric", "class", "name").element("th", "Reference").element("th", "Tandem")
          .element("th", "Tandem vs reference").close("tr").close("thead").open("tbody");
      for (Evaluation.Reference ref : e.references()) {
        Result mine = null;
        for (Result r : e.results()) {
          if (r.model().equals(ref.model())) {
            mine = r;
            break;
          }
        }
        double tandem = mine == null ? Double.NaN : mine.value(ref.metric());
        Kind kind = ref.metric().endsWith("_seconds") ? Kind.SECONDS
            : ref.metric().endsWith("_bytes") ? Kind.BYTES : Kind.METRIC;
        String versus;
        String cls = null;
        if (!Double.isFinite(tandem)) {
          versus = Numbers.MISSING;
        } else if (kind != Kind.METRIC) {
          versus = ref.value() > 0 ? String.format(Locale.ROOT, "%.2f\u00d7", tandem / ref.value()) : Numbers.MISSING;
        } else {
          double d = tandem - ref.value();
          versus = Numbers.signed(d) + (ref.value() != 0
              ? String.format(Locale.ROOT, " (%+.1f%%)", 100 * d / Math.abs(ref.value())).replace('-', '\u2212') : "");
          cls = d > 0 ? "pos" : d < 0 ? "neg" : null;
        }
        m.open("tr").element("td", ref.source(), "class", "name").element("td", ref.model(), "class", "name")
            .element("td", switch (ref.metric()) {
              case "fit_seconds" -> "fit time";
              case "score_seconds" -> "score time";
              case "peak_memory_bytes" -> "peak memory";
              default -> ref.metric();
            }, "class", "name").element("td", format(kind, ref.value()))
            .element("td", format(kind, tandem)).element("td", versus, "class", cls).close("tr");
      }
      m.close("tbody").close("table").close("div").close("section").newline();
    }

    /** {@code recall@20} → {@code Recall@20}, {@code mrr} → {@code MRR}. */
    private static String label(String metric) {
      int k = Metric.cutoffOf(metric);
      return Metric.name(Metric.of(Metric.familyOf(metric)).label(), k);
    }

    /** {@code train_users} → {@code Train users}. */
    private static String humanize(String key) {
      String s = key.replace('_', ' ').trim();
      return s.isEmpty() ? key : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
  }
}

package dev.tandem.engine.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A grouped bar chart: one group per category (a metric), one bar per series (a model) in each,
 * with a whisker for the 95% interval where there is one and the value printed above the bar when
 * the bar is wide enough to carry it.
 *
 * @param width the chart's width in SVG units ({@link Frame#WIDTH} in a grid cell)
 * @param title drawn above the plot
 * @param yTitle the y axis title
 * @param groups one label per group, left to right
 * @param series the bars, each with one value per group
 */
record BarChart(double width, String title, String yTitle, List<String> groups, List<Series> series) {
  BarChart {
    groups = List.copyOf(groups);
    series = List.copyOf(series);
  }

  void render(Markup m) {
    double lo = Double.NaN;
    double hi = Double.NaN;
    for (Series s : series) {
      for (int i = 0; i < s.values().length; i++) {
        double v = s.values()[i];
        if (Double.isFinite(v)) {
          double top = s.hasInterval(i) ? Math.max(v, s.hi()[i]) : v;
          double bottom = s.hasInterval(i) ? Math.min(v, s.lo()[i]) : v;
          lo = Double.isNaN(lo) ? bottom : Math.min(lo, bottom);
          hi = Double.isNaN(hi) ? top : Math.max(hi, top);
        }
      }
    }
    // room above the tallest bar for its value label
    Axis axis = Axis.covering(lo, Double.isFinite(hi) ? hi * 1.06 : hi, 6, true);
    List<Frame.Key> keys = new ArrayList<>();
    for (Series s : series) {
      keys.add(new Frame.Key(s.name(), s.style()));
    }
    Frame f = new Frame(width, title, "", axis, yTitle, "", keys, Frame.KeyShape.SWATCH);
    f.open(m, title.isEmpty() ? yTitle : title);
    int g = groups.size();
    int n = Math.max(1, series.size());
    double groupWidth = (f.right - f.left) / Math.max(1, g);
    double barWidth = Math.min(48, groupWidth * 0.8 / n);
    double gap = barWidth > 8 ? 2 : 0;
    boolean labels = barWidth >= 34;
    double zero = f.y(Math.max(axis.min(), Math.min(axis.max(), 0)));
    for (int gi = 0; gi < g; gi++) {
      double centre = f.left + groupWidth * (gi + 0.5);
      double start = centre - barWidth * n / 2;
      for (int si = 0; si < series.size(); si++) {
        Series s = series.get(si);
        double v = gi < s.values().length ? s.values()[gi] : Double.NaN;
        if (!Double.isFinite(v)) {
          continue;
        }
        double x = start + si * barWidth + gap / 2;
        double w = barWidth - gap;
        double yv = f.y(v);
        String tip = s.name() + ", " + groups.get(gi) + ": " + Numbers.metric(v)
            + (s.hasInterval(gi) ? " [" + Numbers.metric(s.lo()[gi]) + ", " + Numbers.metric(s.hi()[gi]) + "]" : "");
        m.open("rect", "x", Markup.num(x), "y", Markup.num(Math.min(yv, zero)), "width", Markup.num(w), "height",
            Markup.num(Math.abs(zero - yv)), "fill", Palette.colour(s.style()))
            .element("title", tip).close("rect");
        double labelY = Math.min(yv, zero);
        if (s.hasInterval(gi)) {
          double cx = x + w / 2;
          double y1 = f.y(s.lo()[gi]);
          double y2 = f.y(s.hi()[gi]);
          double cap = Math.min(6, w / 3);
          m.open("g", "stroke", "#222", "stroke-width", "1.25")
              .empty("line", "x1", Markup.num(cx), "x2", Markup.num(cx), "y1", Markup.num(y1), "y2", Markup.num(y2))
              .empty("line", "x1", Markup.num(cx - cap), "x2", Markup.num(cx + cap), "y1", Markup.num(y1), "y2",
                  Markup.num(y1))
              .empty("line", "x1", Markup.num(cx - cap), "x2", Markup.num(cx + cap), "y1", Markup.num(y2), "y2",
                  Markup.num(y2))
              .close("g");
          labelY = Math.min(labelY, y2);
        }
        if (labels) {
          m.element("text", Numbers.metric(v), "x", Markup.num(x + w / 2), "y", Markup.num(labelY - 4),
              "text-anchor", "middle", "font-size", "9.5", "fill", "#333");
        }
      }
      f.xLabel(m, centre, groups.get(gi));
    }
    f.axes(m);
    f.close(m);
  }
}

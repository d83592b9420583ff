package dev.tandem.engine.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A line chart over categories (the K values): one line per series, broken where a value is
 * missing, with the series' marker on every point and a tooltip giving the exact value.
 *
 * @param title drawn above the plot
 * @param yTitle the y axis title
 * @param xTitle the x axis title
 * @param xLabels one label per category, left to right
 * @param series the lines, each with one value per category
 */
record LineChart(String title, String yTitle, String xTitle, List<String> xLabels, List<Series> series) {
  LineChart {
    xLabels = List.copyOf(xLabels);
    series = List.copyOf(series);
  }

  void render(Markup m) {
    double lo = Double.NaN;
    double hi = Double.NaN;
    for (Series s : series) {
      for (double v : s.values()) {
        if (Double.isFinite(v)) {
          lo = Double.isNaN(lo) ? v : Math.min(lo, v);
          hi = Double.isNaN(hi) ? v : Math.max(hi, v);
        }
      }
    }
    // rates start at zero so that the height of a line reads as its size
    boolean fromZero = !(lo > 0) || lo < 0.5 * hi;
    Axis axis = Axis.covering(lo, hi, 5, fromZero);
    List<Frame.Key> keys = new ArrayList<>();
    for (Series s : series) {
      keys.add(new Frame.Key(s.name(), s.style()));
    }
    Frame f = new Frame(title, axis, yTitle, xTitle, keys, Frame.KeyShape.LINE);
    f.open(m, title.isEmpty() ? yTitle + " by " + xTitle : title);
    int n = xLabels.size();
    double inset = Math.min(28, (f.right - f.left) / (2.0 * Math.max(1, n)));
    double[] xs = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = n == 1 ? (f.left + f.right) / 2 : f.left + inset + (f.right - f.left - 2 * inset) * i / (n - 1);
      f.xLabel(m, xs[i], xLabels.get(i));
    }
    f.axes(m);
    for (Series s : series) {
      String colour = Palette.colour(s.style());
      m.open("g", "class", "series");
      StringBuilder points = new StringBuilder();
      int run = 0;
      for (int i = 0; i <= n; i++) {
        double v = i < n && i < s.values().length ? s.values()[i] : Double.NaN;
        if (Double.isFinite(v)) {
          points.append(run == 0 ? "" : " ").append(Markup.num(xs[i])).append(',').append(Markup.num(f.y(v)));
          run++;
        } else {
          if (run > 1) {
            m.empty("polyline", "points", points.toString(), "fill", "none", "stroke", colour, "stroke-width", "2.25",
                "stroke-linejoin", "round");
          }
          points.setLength(0);
          run = 0;
        }
      }
      for (int i = 0; i < n && i < s.values().length; i++) {
        double v = s.values()[i];
        if (Double.isFinite(v)) {
          Palette.marker(m, s.style(), xs[i], f.y(v), 4.5,
              s.name() + ", " + xTitle + " = " + xLabels.get(i) + ": " + Numbers.metric(v));
        }
      }
      m.close("g");
    }
    f.close(m);
  }
}

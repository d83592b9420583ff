package dev.tandem.engine.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A scatter plot with one labelled point per model. A label goes beside its point where it
 * overlaps no other label or point (right, left, above, below), and is left to the legend
 * otherwise.
 *
 * @param title drawn above the plot
 * @param xTitle the x axis title
 * @param yTitle the y axis title
 * @param points the points; non-finite coordinates are skipped
 * @param note a short hint on how to read the chart, drawn under the title (empty for none)
 */
record ScatterChart(String title, String xTitle, String yTitle, List<Point> points, String note) {

  /** One model's point. */
  record Point(String name, int style, double x, double y) {}

  ScatterChart {
    points = List.copyOf(points);
  }

  void render(Markup m) {
    List<Point> shown = new ArrayList<>();
    double xlo = Double.NaN;
    double xhi = Double.NaN;
    double ylo = Double.NaN;
    double yhi = Double.NaN;
    for (Point p : points) {
      if (Double.isFinite(p.x()) && Double.isFinite(p.y())) {
        shown.add(p);
        xlo = Double.isNaN(xlo) ? p.x() : Math.min(xlo, p.x());
        xhi = Double.isNaN(xhi) ? p.x() : Math.max(xhi, p.x());
        ylo = Double.isNaN(ylo) ? p.y() : Math.min(ylo, p.y());
        yhi = Double.isNaN(yhi) ? p.y() : Math.max(yhi, p.y());
      }
    }
    // headroom above and to the right, so that the points at the edge keep their labels
    Axis yAxis = Axis.covering(ylo, Double.isFinite(yhi) ? yhi * 1.1 : yhi, 5, true);
    Axis xAxis = Axis.covering(xlo, Double.isFinite(xhi) ? xhi * 1.1 : xhi, 6, true);
    List<Frame.Key> keys = new ArrayList<>();
    for (Point p : points) {
      keys.add(new Frame.Key(p.name(), p.style()));
    }
    Frame f = new Frame(Frame.WIDTH, title, note, yAxis, yTitle, xTitle, keys, Frame.KeyShape.MARKER);
    f.open(m, title.isEmpty() ? yTitle + " against " + xTitle : title);
    for (double t : xAxis.ticks()) {
      double x = xOf(f, xAxis, t);
      if (t > xAxis.min()) {
        m.empty("line", "x1", Markup.num(x), "x2", Markup.num(x), "y1", Markup.num(f.top), "y2", Markup.num(f.bottom),
            "stroke", "#eeeeee", "stroke-width", "1");
      }
      f.xLabel(m, x, xAxis.label(t));
    }
    f.axes(m);
    List<double[]> taken = new ArrayList<>();
    for (Point p : shown) {
      double px = xOf(f, xAxis, p.x());
      double py = f.y(p.y());
      taken.add(new double[] {px - 6, py - 6, px + 6, py + 6});
    }
    for (Point p : shown) {
      double px = xOf(f, xAxis, p.x());
      double py = f.y(p.y());
      Palette.marker(m, p.style(), px, py, 6,
          p.name() + ": " + xTitle + " " + Numbers.metric(p.x()) + ", " + yTitle + " " + Numbers.metric(p.y()));
    }
    for (Point p : shown) {
      double px = xOf(f, xAxis, p.x());
      double py = f.y(p.y());
      String label = Frame.shorten(p.name(), 24);
      double w = Frame.textWidth(label, 11.5);
      double[][] candidates = {
        {px + 10, py + 4, px + 9, py - 9, px + 11 + w, py + 6, 0},
        {px - 10, py + 4, px - 11 - w, py - 9, px - 9, py + 6, 1},
        {px, py - 11, px - w / 2 - 1, py - 23, px + w / 2 + 1, py - 8, 2},
        {px, py + 19, px - w / 2 - 1, py + 8, px + w / 2 + 1, py + 23, 2},
      };
      for (double[] c : candidates) {
        double[] box = {c[2], c[3], c[4], c[5]};
        if (box[0] < f.left || box[2] > f.width - 2 || box[1] < f.top - 10 || box[3] > f.bottom - 2
            || overlapsAny(box, taken)) {
          continue;
        }
        taken.add(box);
        String anchor = c[6] == 0 ? "start" : c[6] == 1 ? "end" : "middle";
        m.element("text", label, "x", Markup.num(c[0]), "y", Markup.num(c[1]), "text-anchor", anchor,
            "font-size", "11.5", "fill", "#222");
        break;
      }
    }
    f.close(m);
  }

  private static double xOf(Frame f, Axis axis, double v) {
    return f.left + axis.fraction(v) * (f.right - f.left);
  }

  private static boolean overlapsAny(double[] box, List<double[]> taken) {
    for (double[] t : taken) {
      if (box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3]) {
        return true;
      }
    }
    return false;
  }
}

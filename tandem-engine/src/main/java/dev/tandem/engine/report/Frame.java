package dev.tandem.engine.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The layout every chart shares: title, plot area, y axis with grid lines, x axis line, axis
 * titles and a legend that wraps below the plot. Sizes are in SVG user units; the chart scales to
 * its container through its {@code viewBox}.
 */
final class Frame {
  /** The width of a chart in a grid cell. */
  static final double WIDTH = 560;
  static final String FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, DejaVu Sans, sans-serif";
  private static final double PAD = 12;
  private static final double TICK_FONT = 11.5;
  private static final double PLOT_HEIGHT = 230;
  private static final double LEGEND_ROW = 20;

  /** A legend line: the style's marker (and a line or a swatch) and the name. */
  record Key(String name, int style) {}

  enum KeyShape { LINE, SWATCH, MARKER }

  final String title;
  final String subtitle;
  final Axis y;
  final String yTitle;
  final String xTitle;
  final double left;
  final double top;
  final double right;
  final double bottom;
  final double height;
  final double width;
  private final List<Key> keys;
  private final KeyShape keyShape;
  private final List<double[]> keyPositions = new ArrayList<>();

  Frame(String title, Axis y, String yTitle, String xTitle, List<Key> keys, KeyShape keyShape) {
    this(WIDTH, title, "", y, yTitle, xTitle, keys, keyShape);
  }

  /**
   * @param width the chart's width; wider charts keep the same font sizes and spread out
   * @param subtitle a line under the title, e.g. how to read the chart (empty for none)
   */
  Frame(double width, String title, String subtitle, Axis y, String yTitle, String xTitle, List<Key> keys,
      KeyShape keyShape) {
    this.width = width;
    this.title = title;
    this.subtitle = subtitle;
    this.y = y;
    this.yTitle = yTitle;
    this.xTitle = xTitle;
    this.keys = List.copyOf(keys);
    this.keyShape = keyShape;
    double tickWidth = 0;
    for (double t : y.ticks()) {
      tickWidth = Math.max(tickWidth, textWidth(y.label(t), TICK_FONT));
    }
    this.left = PAD + (yTitle.isEmpty() ? 0 : 20) + tickWidth + 8;
    this.right = width - 20;
    this.top = (title.isEmpty() ? PAD + 6 : 44) + (subtitle.isEmpty() ? 0 : 18);
    this.bottom = top + PLOT_HEIGHT;
    double y0 = bottom + 22 + (xTitle.isEmpty() ? 0 : 20);
    double x = left;
    double row = 0;
    for (Key k : keys) {
      double w = keyWidth(k);
      if (x > left && x + w > right) {
        x = left;
        row++;
      }
      keyPositions.add(new double[] {x, y0 + 14 + row * LEGEND_ROW});
      x += w + 18;
    }
    this.height = keys.isEmpty() ? y0 + PAD : y0 + 14 + row * LEGEND_ROW + PAD + 4;
  }

  /** The vertical position of {@code v}. */
  double y(double v) {
    return bottom - y.fraction(v) * (bottom - top);
  }

  /** A rough width of {@code text} in a sans-serif font of {@code size}, for layout only. */
  static double textWidth(String text, double size) {
    return text.codePointCount(0, text.length()) * size * 0.57;
  }

  /** Shortens {@code text} to at most {@code max} characters, ending in an ellipsis. */
  static String shorten(String text, int max) {
    if (text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "\u2026";
  }

  private double keyWidth(Key k) {
    return 28 + textWidth(shorten(k.name(), 32), 12);
  }

  /** Opens the {@code svg} element and draws the background, title, y grid, ticks and axis titles. */
  void open(Markup m, String description) {
    m.open("svg", "xmlns", "http://www.w3.org/2000/svg", "viewBox", "0 0 " + Markup.num(width) + " " + Markup.num(height),
        "class", "chart", "role", "img", "aria-label", description, "font-family", FONT);
    m.element("title", description);
    if (!title.isEmpty()) {
      m.element("text", title, "x", Markup.num(PAD), "y", "24", "class", "chart-title", "font-size", "15",
          "font-weight", "600", "fill", "#1a1a1a");
    }
    if (!subtitle.isEmpty()) {
      m.element("text", subtitle, "x", Markup.num(PAD), "y", Markup.num(top - 14), "font-size", "12",
          "fill", "#666", "font-style", "italic");
    }
    m.open("g", "class", "grid");
    for (double t : y.ticks()) {
      double py = y(t);
      boolean zero = t == 0 && y.min() < 0;
      m.empty("line", "x1", Markup.num(left), "x2", Markup.num(right), "y1", Markup.num(py), "y2", Markup.num(py),
          "stroke", zero ? "#888" : "#e3e3e3", "stroke-width", "1");
      m.element("text", y.label(t), "x", Markup.num(left - 6), "y", Markup.num(py + 4), "text-anchor", "end",
          "font-size", Markup.num(TICK_FONT), "fill", "#555");
    }
    m.close("g");
    if (!yTitle.isEmpty()) {
      double cy = (top + bottom) / 2;
      m.element("text", yTitle, "x", Markup.num(PAD + 8), "y", Markup.num(cy), "text-anchor", "middle",
          "transform", "rotate(-90 " + Markup.num(PAD + 8) + " " + Markup.num(cy) + ")", "font-size", "12",
          "fill", "#333");
    }
    if (!xTitle.isEmpty()) {
      m.element("text", xTitle, "x", Markup.num((left + right) / 2), "y", Markup.num(bottom + 40), "text-anchor",
          "middle", "font-size", "12", "fill", "#333");
    }
  }

  /** Draws the axis lines over the plot, the x tick label row's baseline being {@code bottom + 18}. */
  void axes(Markup m) {
    m.empty("line", "x1", Markup.num(left), "x2", Markup.num(right), "y1", Markup.num(bottom), "y2",
        Markup.num(bottom), "stroke", "#444", "stroke-width", "1");
    m.empty("line", "x1", Markup.num(left), "x2", Markup.num(left), "y1", Markup.num(top), "y2", Markup.num(bottom),
        "stroke", "#444", "stroke-width", "1");
  }

  /** An x tick label centred at {@code x}. */
  void xLabel(Markup m, double x, String label) {
    m.empty("line", "x1", Markup.num(x), "x2", Markup.num(x), "y1", Markup.num(bottom), "y2", Markup.num(bottom + 4),
        "stroke", "#444");
    m.element("text", label, "x", Markup.num(x), "y", Markup.num(bottom + 18), "text-anchor", "middle",
        "font-size", Markup.num(TICK_FONT), "fill", "#555");
  }

  /** Draws the legend and closes the {@code svg} element. */
  void close(Markup m) {
    if (!keys.isEmpty()) {
      m.open("g", "class", "legend");
      for (int i = 0; i < keys.size(); i++) {
        Key k = keys.get(i);
        double x = keyPositions.get(i)[0];
        double yy = keyPositions.get(i)[1];
        String colour = Palette.colour(k.style());
        switch (keyShape) {
          case LINE -> {
            m.empty("line", "x1", Markup.num(x), "x2", Markup.num(x + 20), "y1", Markup.num(yy - 4), "y2",
                Markup.num(yy - 4), "stroke", colour, "stroke-width", "2.5");
            Palette.marker(m, k.style(), x + 10, yy - 4, 4, null);
          }
          case SWATCH -> m.empty("rect", "x", Markup.num(x + 3), "y", Markup.num(yy - 11), "width", "14", "height",
              "14", "rx", "2", "fill", colour);
          case MARKER -> Palette.marker(m, k.style(), x + 10, yy - 4, 5, null);
        }
        String shown = shorten(k.name(), 32);
        if (shown.equals(k.name())) {
          m.element("text", shown, "x", Markup.num(x + 26), "y", Markup.num(yy), "font-size", "12", "fill", "#222");
        } else {
          m.open("text", "x", Markup.num(x + 26), "y", Markup.num(yy), "font-size", "12", "fill", "#222")
              .element("title", k.name()).text(shown).close("text");
        }
      }
      m.close("g");
    }
    m.close("svg");
  }
}

package dev.tandem.engine.report;

/**
 * Colours and marker shapes that tell models apart. Model {@code i} always gets style {@code i}
 * in every chart of a page. Colours are the Okabe-Ito set (readable with colour-vision
 * deficiencies; its yellow swapped for a darker wine so it shows on white) and then four of Paul
 * Tol's; each style also has its own marker shape, so series differ in print without colour too.
 * After 12 styles the colours repeat with shifted shapes; a style repeats only after 72.
 */
final class Palette {
  private static final String[] COLOURS = {
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255", "#4D4D4D",
    "#44AA99", "#332288", "#999933", "#AA4499"
  };
  private static final int SHAPES = 6;

  private Palette() {}

  static String colour(int style) {
    return COLOURS[Math.floorMod(style, COLOURS.length)];
  }

  /**
   * Draws marker {@code style} centred on {@code (x, y)}, about {@code 2r} across, filled with the
   * style's colour and outlined in white so overlapping markers stay apart.
   */
  static void marker(Markup m, int style, double x, double y, double r, String tooltip) {
    String fill = colour(style);
    int shape = Math.floorMod(style + Math.floorDiv(style, COLOURS.length), SHAPES);
    String common = "stroke:#fff;stroke-width:1";
    String[] attrs;
    String tag;
    switch (shape) {
      case 0 -> {
        tag = "circle";
        attrs = new String[] {"cx", Markup.num(x), "cy", Markup.num(y), "r", Markup.num(r), "fill", fill, "style", common};
      }
      case 1 -> {
        double s = r * 0.9;
        tag = "rect";
        attrs = new String[] {"x", Markup.num(x - s), "y", Markup.num(y - s), "width", Markup.num(2 * s),
            "height", Markup.num(2 * s), "fill", fill, "style", common};
      }
      default -> {
        tag = "path";
        attrs = new String[] {"d", path(shape, x, y, r), "fill", fill, "style", common};
      }
    }
    if (tooltip == null) {
      m.empty(tag, attrs);
    } else {
      m.open(tag, attrs).element("title", tooltip).close(tag);
    }
  }

  private static String path(int shape, double x, double y, double r) {
    double s = r * 1.25;
    return switch (shape) {
      case 2 -> "M" + Markup.num(x) + " " + Markup.num(y - s) + "L" + Markup.num(x + s) + " " + Markup.num(y + s * 0.8)
          + "L" + Markup.num(x - s) + " " + Markup.num(y + s * 0.8) + "Z";
      case 3 -> "M" + Markup.num(x) + " " + Markup.num(y - s) + "L" + Markup.num(x + s) + " " + Markup.num(y)
          + "L" + Markup.num(x) + " " + Markup.num(y + s) + "L" + Markup.num(x - s) + " " + Markup.num(y) + "Z";
      case 4 -> "M" + Markup.num(x) + " " + Markup.num(y + s) + "L" + Markup.num(x + s) + " " + Markup.num(y - s * 0.8)
          + "L" + Markup.num(x - s) + " " + Markup.num(y - s * 0.8) + "Z";
      default -> { // a plus sign drawn as a filled outline
        double a = r * 1.15;
        double b = r * 0.4;
        yield "M" + Markup.num(x - b) + " " + Markup.num(y - a) + "H" + Markup.num(x + b) + "V" + Markup.num(y - b)
            + "H" + Markup.num(x + a) + "V" + Markup.num(y + b) + "H" + Markup.num(x + b) + "V" + Markup.num(y + a)
            + "H" + Markup.num(x - b) + "V" + Markup.num(y + b) + "H" + Markup.num(x - a) + "V" + Markup.num(y - b)
            + "H" + Markup.num(x - b) + "Z";
      }
    };
  }
}

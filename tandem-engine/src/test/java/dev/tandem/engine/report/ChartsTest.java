package dev.tandem.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ChartsTest {
  private static final double NaN = Double.NaN;

  private static Document svg(Markup m) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(m.toString().getBytes(StandardCharsets.UTF_8)));
    assertThat(d.getDocumentElement().getLocalName()).isEqualTo("svg");
    assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
    return d;
  }

  @Test
  void line_chart_breaks_lines_at_missing_values_and_marks_every_point() throws Exception {
    Markup m = new Markup();
    new LineChart("Recall at K", "Recall", "K", List.of("10", "20", "50", "100"), List.of(
        Series.of("ease", 0, new double[] {0.2, 0.3, 0.4, 0.5}),
        Series.of("a<b>", 1, new double[] {0.1, NaN, 0.3, 0.35}))).render(m);
    Document d = svg(m);
    // ease: one line; a<b>: a lone point, then a line of two
    assertThat(d.getElementsByTagName("polyline").getLength()).isEqualTo(2);
    assertThat(m.toString()).contains("<title>ease, K = 50: 0.4000</title>", "a&lt;b&gt;, K = 100: 0.3500");
    assertThat(m.toString()).contains(">Recall at K</text>", ">0.5</text>", ">100</text>");
  }

  @Test
  void bar_chart_draws_whiskers_only_where_there_is_an_interval() throws Exception {
    Markup m = new Markup();
    new BarChart(Frame.WIDTH, "Headline", "Value", List.of("Recall@20", "MRR"), List.of(
        new Series("ease", 0, new double[] {0.33, 0.39}, new double[] {0.30, NaN}, new double[] {0.36, NaN}),
        Series.of("pop", 1, new double[] {0.14, NaN}))).render(m);
    Document d = svg(m);
    // three bars plus one legend swatch per series
    assertThat(d.getElementsByTagName("rect").getLength()).isEqualTo(3 + 2);
    assertThat(m.toString()).contains("<title>ease, Recall@20: 0.3300 [0.3000, 0.3600]</title>",
        "<title>pop, Recall@20: 0.1400</title>");
    // one whisker group of three lines
    assertThat(m.toString().split("stroke=\"#222\"", -1)).hasSize(2);
  }

  @Test
  void scatter_chart_skips_missing_points_and_labels_the_others() throws Exception {
    Markup m = new Markup();
    new ScatterChart("Recall against popularity", "Avg. popularity@20", "Recall@20", List.of(
        new ScatterChart.Point("pop", 0, 2610, 0.14), new ScatterChart.Point("ease", 1, 1130, 0.34),
        new ScatterChart.Point("none", 2, NaN, 0.2)), "\u2196 better").render(m);
    svg(m);
    assertThat(m.toString()).contains("<title>pop: Avg. popularity@20 2,610, Recall@20 0.1400</title>",
        ">ease</text>", ">3,000</text>").doesNotContain("<title>none:");
  }

  @Test
  void axis_ends_and_ticks_are_round() {
    assertThat(Axis.covering(0.11, 0.52, 6, true)).isEqualTo(new Axis(0, 0.6, 0.1));
    assertThat(Axis.covering(6.9, 10.05, 6, false)).isEqualTo(new Axis(6.5, 10.5, 0.5));
    assertThat(Axis.covering(NaN, NaN, 6, true)).isEqualTo(new Axis(0, 1, 0.2));
    assertThat(Axis.covering(5, 5, 6, false)).satisfies(a -> assertThat(a.min()).isLessThan(5), a -> assertThat(a.max()).isGreaterThan(5));
    assertThat(Axis.covering(0, 0.125, 6, true).label(0.025)).isEqualTo("0.025");
    assertThat(Axis.covering(0, 2850, 6, true).label(1000)).isEqualTo("1,000");
    assertThat(Axis.covering(0, 48_000, 6, true).label(20_000)).isEqualTo("20k");
  }

  @Property(tries = 300, seed = "23")
  void axis_covers_its_data_with_a_few_ticks(@ForAll @DoubleRange(min = -1e6, max = 1e6) double a,
      @ForAll @DoubleRange(min = -1e6, max = 1e6) double b) {
    double lo = Math.min(a, b);
    double hi = Math.max(a, b);
    Axis axis = Axis.covering(lo, hi, 6, false);
    assertThat(axis.min()).isLessThanOrEqualTo(lo);
    assertThat(axis.max()).isGreaterThanOrEqualTo(hi);
    assertThat(axis.ticks().length).isBetween(2, 12);
  }

  @Test
  void numbers_read_well_and_ignore_the_locale() {
    java.util.Locale before = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.GERMANY);
      assertThat(Numbers.metric(0.27)).isEqualTo("0.2700");
      assertThat(Numbers.metric(9.1)).isEqualTo("9.100");
      assertThat(Numbers.metric(1234.5)).isEqualTo("1,235");
      assertThat(Numbers.metric(980, 2850)).isEqualTo("980");
      assertThat(Numbers.metric(NaN)).isEqualTo("\u2014");
      assertThat(Numbers.signed(-0.12)).isEqualTo("\u22120.1200");
      assertThat(Numbers.seconds(0.5)).isEqualTo("500 ms");
      assertThat(Numbers.seconds(9.1)).isEqualTo("9.10 s");
      assertThat(Numbers.seconds(125)).isEqualTo("2 min 05 s");
      assertThat(Numbers.seconds(3720)).isEqualTo("1 h 02 min");
      assertThat(Numbers.bytes(1_200_000_000)).isEqualTo("1.12 GiB");
      assertThat(Numbers.bytes(512)).isEqualTo("512 B");
      assertThat(Numbers.count(585578)).isEqualTo("585,578");
      assertThat(Numbers.pValue(0.00001)).isEqualTo("< 0.0001");
      assertThat(Numbers.interval(0.3, 0.36)).isEqualTo("[0.300, 0.360]");
    } finally {
      java.util.Locale.setDefault(before);
    }
  }

  @Test
  void escape_neutralises_markup_and_characters_xml_forbids() {
    assertThat(Markup.escape("<a href='x'>\"&\"</a>")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;");
    assertThat(Markup.escape("a\u0000b\u001Bc\tok\n")).isEqualTo("a\uFFFDb\uFFFDc\tok\n");
    assertThat(Markup.escape("emoji \uD83D\uDE00, lone \uD800 end")).isEqualTo("emoji \uD83D\uDE00, lone \uFFFD end");
    assertThat(Markup.escape("plain")).isSameAs("plain");
  }

  @Test
  void metric_names_split_into_family_and_cutoff() {
    assertThat(Metric.familyOf("recall@20")).isEqualTo("recall");
    assertThat(Metric.cutoffOf("recall@20")).isEqualTo(20);
    assertThat(Metric.familyOf("avg_popularity@10")).isEqualTo("avg_popularity");
    assertThat(Metric.cutoffOf("mrr")).isZero();
    assertThat(Metric.familyOf("recall@x")).isEqualTo("recall@x");
    assertThat(Metric.cutoffOf("recall@x")).isZero();
    assertThat(Metric.cutoffOf("recall@99999999999")).isZero();
  }
}

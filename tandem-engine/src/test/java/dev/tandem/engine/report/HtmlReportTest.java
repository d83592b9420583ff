package dev.tandem.engine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HtmlReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode sample() throws Exception {
    try (InputStream in = HtmlReportTest.class.getResourceAsStream("/report/sample-report.json")) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  /** Parses the page as XML: it must be well-formed, SVG included. */
  private static Document parse(String html) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }

  private static NodeList xpath(Document d, String expression) throws Exception {
    return (NodeList) XPathFactory.newInstance().newXPath().evaluate(expression, d, XPathConstants.NODESET);
  }

  private static List<String> sectionIds(Document d) throws Exception {
    NodeList sections = xpath(d, "//*[local-name()='section']");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < sections.getLength(); i++) {
      ids.add(((Element) sections.item(i)).getAttribute("id"));
    }
    return ids;
  }

  @Test
  void sample_report_has_every_section_and_parses_as_xml() throws Exception {
    String html = HtmlReport.render(sample());
    Document d = parse(html);

    assertThat(html).startsWith("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">");
    assertThat(sectionIds(d)).containsExactly("configuration", "metrics", "curves", "comparison", "popularity",
        "significance", "reference");
    // header facts
    assertThat(html).contains("<h1>goodbooks (home /data/tandem/goodbooks)</h1>", "<dd>holdout-users</dd>",
        "<dd>98765</dd>", "<dd>2026-11-22T20:10:00Z</dd>", "<dd>10, 20, 50, 100</dd>");
    // configuration and split statistics, counts grouped
    assertThat(html).contains("<code>lambda = 500.0</code>", "<td class=\"name\">Train interactions</td><td>585,578</td>");
    // one metrics table per K plus the K-independent one
    assertThat(xpath(d, "//*[local-name()='section'][@id='metrics']//*[local-name()='table']").getLength()).isEqualTo(5);
    assertThat(html).contains("<caption>At K = 20</caption>", "<caption>Independent of K, and cost</caption>");
    // line charts: one per accuracy family in the curves section, beyond-accuracy ones under popularity
    assertThat(xpath(d, "//*[local-name()='section'][@id='curves']//*[local-name()='svg']").getLength()).isEqualTo(7);
    assertThat(xpath(d, "//*[local-name()='section'][@id='popularity']//*[local-name()='svg']").getLength()).isEqualTo(6);
    assertThat(html).contains("Recall against avg. popularity at K = 20");
    // every svg is in the SVG namespace
    assertThat(xpath(d, "//*[local-name()='svg'][namespace-uri()!='http://www.w3.org/2000/svg']").getLength()).isZero();
  }

  @Test
  void html_elements_are_never_self_closed_outside_svg() throws Exception {
    // an HTML parser reads <span/> as an open tag, so only void elements may end in />
    String html = HtmlReport.render(sample()).replaceAll("(?s)<svg .*?</svg>", "");
    java.util.regex.Matcher selfClosed = java.util.regex.Pattern.compile("<([a-z0-9]+)[^<>]*/>").matcher(html);
    List<String> tags = new ArrayList<>();
    while (selfClosed.find()) {
      tags.add(selfClosed.group(1));
    }
    assertThat(tags).isNotEmpty().allMatch(t -> List.of("meta", "br", "hr", "wbr").contains(t));
  }

  @Test
  void page_loads_nothing_from_the_network() throws Exception {
    String html = HtmlReport.render(sample())
        .replace("xmlns=\"http://www.w3.org/1999/xhtml\"", "").replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assertThat(html).doesNotContain("<script", "<link", "<img", "src=", "url(", "@import", "http:", "https:");
  }

  @Test
  void values_are_formatted_and_the_best_is_highlighted() throws Exception {
    String html = HtmlReport.render(sample());
    // ease has the best recall@20, shown with its interval
    assertThat(html).contains("<td class=\"best\">0.3365<span class=\"ci\">[0.306, 0.367]</span></td>");
    assertThat(html).contains("<td class=\"best\">980</td>"); // avg_popularity@10: lower is better
    // cost: durations and binary sizes
    assertThat(html).contains("<td>9.10 s</td>", "<td class=\"sep best\">40 ms</td>", "<td>3.20 s</td>", "<td>1.12 GiB</td>",
        "<td class=\"best\">500 ms</td>", "<td class=\"best\">296 MiB</td>");
    // paired comparisons: signed difference and p-value
    assertThat(html).contains("<td class=\"neg\">\u22120.1203</td><td>&lt; 0.0001</td><td class=\"yes\">yes</td>");
    assertThat(html).contains("<td>0.073</td><td class=\"muted\">no</td>");
    // reference beside Tandem: difference with relative change, time as a ratio
    assertThat(html).contains("<td class=\"name\">refrec</td><td class=\"name\">ease</td><td class=\"name\">recall@20</td>"
        + "<td>0.3280</td><td>0.3365</td><td class=\"pos\">+0.0085 (+2.6%)</td>");
    assertThat(html).contains("<td>28.5 s</td><td>9.10 s</td><td>0.32\u00d7</td>");
  }

  @Test
  void model_names_and_params_cannot_inject_markup() throws Exception {
    ObjectNode report = sample();
    ObjectNode first = (ObjectNode) report.withArray("results").get(0);
    first.put("model", "<script>alert('x')</script>");
    ((ObjectNode) first.get("params")).put("\"><img src=x onerror=alert(1)>", "a&b </style>");
    report.put("dataset", "books <b>&amp; \u0000 \u0007 control</b>");
    String html = HtmlReport.render(report);

    assertThat(html).doesNotContain("<script", "<img", "<b>", "</style>a");
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    assertThat(html).contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt; = a&amp;b &lt;/style&gt;");
    Document d = parse(html); // control characters were replaced, so the page is still XML
    assertThat(xpath(d, "//*[local-name()='h1']").item(0).getTextContent())
        .isEqualTo("books <b>&amp; \uFFFD \uFFFD control</b>");
  }

  @Test
  void missing_sections_are_left_out() throws Exception {
    ObjectNode report = sample();
    report.remove(List.of("comparisons", "reference", "split", "k"));
    for (JsonNode r : report.withArray("results")) {
      ((ObjectNode) r).remove(List.of("ci95", "params", "peak_memory_bytes"));
    }
    String html = HtmlReport.render(report);
    Document d = parse(html);

    assertThat(sectionIds(d)).containsExactly("configuration", "metrics", "curves", "comparison", "popularity");
    assertThat(html).doesNotContain("class=\"ci\"", "Peak memory", "<caption>Split</caption>", "Protocol");
    assertThat(html).contains("<span class=\"muted\">defaults</span>", "<dd>10, 20, 50, 100</dd>"); // K from metric names
  }

  @Test
  void any_json_renders_without_failing() throws Exception {
    JsonNodeFactory n = JsonNodeFactory.instance;
    ObjectNode odd = n.objectNode();
    odd.put("k", "ten");
    odd.set("split", n.textNode("no object"));
    ArrayNode results = odd.putArray("results");
    results.add(7);
    results.addObject().put("metrics", "none");
    ObjectNode r = results.addObject();
    r.putObject("metrics").put("recall@10", "0.25").put("recall@x", 1.0).putNull("ndcg@10").put("mrr", Double.NaN);
    r.putObject("ci95").put("recall@10", "wide");
    odd.putArray("comparisons").add("none").addObject();
    odd.putObject("reference").put("refrec", 3);

    for (JsonNode report : List.of(odd, MissingNode.getInstance(), n.nullNode(), n.arrayNode(), n.objectNode(),
        n.textNode("x"))) {
      Document d = parse(HtmlReport.render(report));
      assertThat(d.getDocumentElement().getLocalName()).isEqualTo("html");
    }
    String html = HtmlReport.render(odd);
    assertThat(html).contains("model 2", "model 3", "0.2500", "recall@x");
    assertThat(HtmlReport.render(n.objectNode())).contains("This evaluation has no model results to show.");
    assertThatThrownBy(() -> HtmlReport.render(null)).isInstanceOf(NullPointerException.class).hasMessage("report");
  }

  @Test
  void output_is_deterministic() throws Exception {
    String a = HtmlReport.render(sample());
    String b = HtmlReport.render(JSON.readTree(JSON.writeValueAsString(sample())));
    assertThat(a).isEqualTo(b);
  }

  @Test
  void write_creates_the_file_as_utf8(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("sub/eval.html");
    HtmlReport.write(sample(), out);
    assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(HtmlReport.render(sample()));
  }
}

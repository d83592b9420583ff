package dev.tandem.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * PLACEHOLDER, to be replaced by the real HTML evaluation report (written in parallel on another
 * branch; keep this exact signature). Writes a trivial page with the report JSON in a
 * {@code <pre>} block so {@code tandem evaluate --html} works meanwhile.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /**
   * Writes {@code report} (the JSON of {@code tandem evaluate}, see {@link EvalJson}) as an HTML
   * page to {@code out}.
   */
  public static void write(JsonNode report, Path out) throws IOException {
    String json = report.toPrettyString().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    String page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Tandem evaluation</title></head>\n"
        + "<body><h1>Tandem evaluation</h1>\n<p>Placeholder report: the full HTML report replaces this page.</p>\n"
        + "<pre>" + json + "</pre>\n</body></html>\n";
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, page, StandardCharsets.UTF_8);
  }
}

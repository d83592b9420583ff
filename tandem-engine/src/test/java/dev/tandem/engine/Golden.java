package dev.tandem.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Golden files of issue 13's requirement 8 ("behaviour unchanged"): what a test renders is compared
 * exactly with a file under {@code src/test/resources/golden/} of this module, one file per case
 * (pretty JSON or plain text, reviewable in a diff).
 *
 * <p>Running the tests with {@code -Dgolden.update=true} rewrites the files from what the code
 * renders now instead of comparing (the test then passes); review the diff before committing it. A
 * missing file fails the test with a message naming that switch; a differing output fails it and is
 * left in {@code target/golden-actual/} for a diff. Failures are reported together after each test
 * ({@link #verify}), so every differing case of a test shows at once.
 *
 * <p>Floating-point numbers are written with {@value #DIGITS} significant digits ({@link #num}),
 * so a golden is stable across runs and states the precision it checks; everything else is
 * compared character for character.
 */
final class Golden {
  /** Significant digits kept of every floating-point number. */
  static final int DIGITS = 6;
  /** Whether this run rewrites the golden files instead of comparing with them. */
  static final boolean UPDATE = Boolean.getBoolean("golden.update");
  static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  private static final MathContext ROUND = new MathContext(DIGITS);
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private static final Path DIR = Path.of(System.getProperty("golden.dir", "src/test/resources/golden"));
  /** The differences recorded by {@link #check} and not yet reported by {@link #verify}. */
  private static final List<String> FAILED = new ArrayList<>();
  /** Where a failing comparison leaves this run's output, for a diff against the golden file. */
  private static final Path ACTUAL = Path.of("target", "golden-actual");

  private Golden() {}

  /** A new JSON object. */
  static ObjectNode object() {
    return NODES.objectNode();
  }

  /** A new JSON array. */
  static ArrayNode array() {
    return NODES.arrayNode();
  }

  /**
   * {@code x} rounded to {@value #DIGITS} significant digits, as a JSON number (or a string for NaN
   * and the infinities, which JSON cannot hold).
   */
  static JsonNode num(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return NODES.textNode(Double.toString(x));
    }
    if (x == 0) {
      return NODES.numberNode(BigDecimal.ZERO);
    }
    return NODES.numberNode(new BigDecimal(x).round(ROUND).stripTrailingZeros());
  }

  /** A copy of {@code node} with every floating-point number rounded by {@link #num}. */
  static JsonNode rounded(JsonNode node) {
    if (node.isFloatingPointNumber()) {
      return num(node.doubleValue());
    }
    if (node.isObject()) {
      ObjectNode out = object();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), rounded(e.getValue()));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = array();
      node.forEach(n -> out.add(rounded(n)));
      return out;
    }
    return node;
  }

  /** {@code node} as the pretty JSON text a golden file holds (two-space indent, LF, final newline). */
  static String pretty(JsonNode node) {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return JSON.writer(printer).writeValueAsString(node) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compares {@code node} (rounded by {@link #rounded}) with golden file {@code name}.json. */
  static void check(String name, JsonNode node) {
    check(name + ".json", pretty(rounded(node)));
  }

  /**
   * Compares {@code text} with golden file {@code file} (a path under the golden folder), or
   * rewrites the file with {@code -Dgolden.update=true}. A difference or a missing file is recorded,
   * not thrown, so that one failing case does not hide the next: {@link #verify}, which every golden
   * test calls after each test ({@code @AfterEach}), fails with all of them.
   */
  static void check(String file, String text) {
    Path path = DIR.resolve(file);
    try {
      if (UPDATE) {
        Files.createDirectories(path.getParent());
        if (!Files.exists(path) || !Files.readString(path, StandardCharsets.UTF_8).equals(text)) {
          Files.writeString(path, text, StandardCharsets.UTF_8);
          System.out.println("golden: wrote " + path);
        }
        return;
      }
      if (!Files.isRegularFile(path)) {
        FAILED.add("golden file " + path.toAbsolutePath() + " is missing: run the test with -Dgolden.update=true to"
            + " record it");
        return;
      }
      String expected = Files.readString(path, StandardCharsets.UTF_8);
      if (!text.equals(expected)) {
        Path actual = ACTUAL.resolve(file);
        Files.createDirectories(actual.getParent());
        Files.writeString(actual, text, StandardCharsets.UTF_8);
        FAILED.add(path + " differs; this run's output is in " + actual + "; " + firstDifference(expected, text));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first line where {@code expected} and {@code actual} differ, both versions, for a failure message. */
  static String firstDifference(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      String x = i < e.length ? e[i] : "(end of file)";
      String y = i < a.length ? a[i] : "(end of file)";
      if (!x.equals(y)) {
        return "first at line " + (i + 1) + ":\n    expected: " + x.strip() + "\n    but was:  " + y.strip();
      }
    }
    return "they differ";
  }

  /**
   * Fails with every difference {@link #check} recorded since the last call (and forgets them).
   * Every golden test class calls this after each test.
   */
  static void verify() {
    List<String> failed = List.copyOf(FAILED);
    FAILED.clear();
    if (!failed.isEmpty()) {
      throw new AssertionError(failed.size() + " golden file(s) differ (if the change is intended, rerun with"
          + " -Dgolden.update=true and review the diff):\n  " + String.join("\n  ", failed));
    }
  }
}

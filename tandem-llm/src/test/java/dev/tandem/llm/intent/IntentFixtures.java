package dev.tandem.llm.intent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The intent test set in test resources: the catalogue fixture and the requests with expected intents. */
final class IntentFixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IntentFixtures() {}

  /** The fixture catalogue: labels with counts, four numeric attributes, titles, attribute values. */
  record Catalogue(Map<String, Integer> labels, Set<String> numericAttributes, Map<String, String> titles,
      Map<String, Map<String, Double>> values) implements AttributeCatalogue {
    @Override
    public double attribute(String itemId, String attribute) {
      Map<String, Double> v = values.get(itemId);
      Double d = v == null ? null : v.get(attribute);
      return d == null ? Double.NaN : d;
    }
  }

  /** The expected intent of one request (query is not part of the expectation). */
  record Expected(Goal goal, Set<String> include, Set<String> exclude, List<Range> ranges, int count,
      List<String> references, String language) {}

  /** One request of the set. */
  record Case(int line, String text, String split, List<String> shown, Expected expected) {}

  static Catalogue catalogue() {
    JsonNode root = read("/intent/catalogue.json");
    Map<String, Integer> labels = new TreeMap<>();
    Map<String, String> titles = new LinkedHashMap<>();
    Map<String, Map<String, Double>> values = new LinkedHashMap<>();
    Set<String> attrs = new LinkedHashSet<>();
    root.get("attributes").forEach(a -> attrs.add(a.asText()));
    for (JsonNode item : root.get("items")) {
      String id = item.get("id").asText();
      titles.put(id, item.get("title").asText());
      item.get("labels").forEach(l -> labels.merge(l.asText(), 1, Integer::sum));
      Map<String, Double> v = new LinkedHashMap<>();
      for (String a : attrs) {
        v.put(a, item.get(a).asDouble());
      }
      values.put(id, v);
    }
    return new Catalogue(Map.copyOf(labels), Set.copyOf(attrs), Map.copyOf(titles), Map.copyOf(values));
  }

  /** The main set, {@code requests.jsonl}. */
  static List<Case> cases() {
    return cases("requests.jsonl");
  }

  /** A set in {@code /intent/} of the test resources ({@code requests.jsonl} or {@code holdout.jsonl}). */
  static List<Case> cases(String name) {
    List<Case> out = new ArrayList<>();
    try (InputStream in = IntentFixtures.class.getResourceAsStream("/intent/" + name);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode row = JSON.readTree(line);
        List<String> shown = new ArrayList<>();
        if (row.has("shown")) {
          row.get("shown").forEach(s -> shown.add(s.asText()));
        }
        JsonNode e = row.get("expected");
        Set<String> include = new LinkedHashSet<>();
        e.get("include").forEach(x -> include.add(x.asText()));
        Set<String> exclude = new LinkedHashSet<>();
        e.get("exclude").forEach(x -> exclude.add(x.asText()));
        List<Range> ranges = new ArrayList<>();
        for (JsonNode g : e.get("ranges")) {
          ranges.add(new Range(g.get("attribute").asText(),
              g.get("min").isNull() ? Double.NEGATIVE_INFINITY : g.get("min").asDouble(),
              g.get("max").isNull() ? Double.POSITIVE_INFINITY : g.get("max").asDouble()));
        }
        List<String> refs = new ArrayList<>();
        e.get("references").forEach(x -> refs.add(x.asText()));
        out.add(new Case(n, row.get("text").asText(), row.get("split").asText(), List.copyOf(shown),
            new Expected(Goal.parse(e.get("goal").asText()), include, exclude, ranges, e.get("count").asInt(),
                refs, e.get("language").asText())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static JsonNode read(String resource) {
    try (InputStream in = IntentFixtures.class.getResourceAsStream(resource)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

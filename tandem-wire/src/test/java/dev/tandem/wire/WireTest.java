package dev.tandem.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Item;
import dev.tandem.engine.ApiException;
import dev.tandem.engine.InvalidEvents;
import dev.tandem.engine.TrainReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire format's bodies, as the server answers them and the CLI prints them, to the byte. */
class WireTest {
  private static TrainReport report() {
    Map<String, Double> fit = new LinkedHashMap<>();
    fit.put("pop", 0.25);
    fit.put("ease", 1.5);
    return new TrainReport(3, Path.of("snapshots", "3.snap"), 10, 20, 30, 40, 1, 0.5, fit, 0.75, 1234,
        new InvalidEvents(Map.of("value_out_of_range", 2L), Map.of("value_out_of_range", List.of(17L, 18L))));
  }

  @Test
  void an_error_reports_status_message_field_value_and_expected_and_omits_what_it_lacks() {
    ApiException bad = ApiException.invalid("n", "'abc'", "an integer in 1..1000");
    String message = "n: got 'abc'; expected an integer in 1..1000";
    assertThat(Wire.compact(Wire.error(bad))).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Request\","
        + "\"status\":400,\"detail\":\"" + message + "\",\"error\":\"" + message + "\",\"field\":\"n\","
        + "\"value\":\"'abc'\",\"expected\":\"an integer in 1..1000\"}");
    ApiException missing = ApiException.refused("query", "missing or blank", "the request in words");
    assertThat(Wire.compact(Wire.error(missing))).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Request\","
        + "\"status\":400,\"detail\":\"query: missing or blank; expected the request in words\",\"error\":\"query:"
        + " missing or blank; expected the request in words\",\"field\":\"query\",\"expected\":\"the request in"
        + " words\"}");
    ApiException unknown = ApiException.notFound("item", "x9");
    assertThat(Wire.compact(Wire.error(unknown))).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\","
        + "\"status\":404,\"detail\":\"item 'x9' not found\",\"error\":\"item 'x9' not found\"}");
    assertThat(Wire.error(429, "", "", "", "slow down").get("title")).isEqualTo("Too Many Requests");
    assertThat(Wire.error(599, "", "", "", "odd").get("title")).isEqualTo("Server Error");
  }

  @Test
  void a_training_report_has_the_same_camel_case_keys_in_the_cli_and_in_a_job() {
    TrainReport r = report();
    assertThat(Wire.compact(TrainJson.report(r))).isEqualTo("{\"snapshot\":3,\"file\":\""
        + Path.of("snapshots", "3.snap").toString().replace("\\", "\\\\") + "\",\"users\":10,\"items\":20,"
        + "\"interactions\":30,\"fitSeconds\":{\"pop\":0.25,\"ease\":1.5},\"invalidEvents\":{\"invalid\":2,"
        + "\"counts\":{\"value_out_of_range\":2},\"sampleIds\":{\"value_out_of_range\":[17,18]}},\"events\":40,"
        + "\"skippedEvents\":1,\"loadSeconds\":0.5,\"writeSeconds\":0.75,\"snapshotBytes\":1234}");
    Instant t = Instant.parse("2026-12-07T22:00:00Z");
    Map<String, Object> job = TrainJson.job(7, "succeeded", "api", List.of("pop"), t, t, t, r, null);
    assertThat(Wire.compact(job)).isEqualTo("{\"id\":7,\"state\":\"succeeded\",\"trigger\":\"api\",\"models\":[\"pop\"],"
        + "\"queuedAt\":\"2026-12-07T22:00:00Z\",\"startedAt\":\"2026-12-07T22:00:00Z\",\"finishedAt\":"
        + "\"2026-12-07T22:00:00Z\",\"version\":3,\"error\":null,\"users\":10,\"items\":20,\"interactions\":30,"
        + "\"fitSeconds\":{\"pop\":0.25,\"ease\":1.5},\"invalidEvents\":{\"invalid\":2,\"counts\":"
        + "{\"value_out_of_range\":2},\"sampleIds\":{\"value_out_of_range\":[17,18]}}}");
    Map<String, Object> queued = TrainJson.job(8, "queued", "schedule", List.of(), t, null, null, null, null);
    assertThat(Wire.compact(queued)).isEqualTo("{\"id\":8,\"state\":\"queued\",\"trigger\":\"schedule\",\"models\":[],"
        + "\"queuedAt\":\"2026-12-07T22:00:00Z\",\"startedAt\":null,\"finishedAt\":null,\"version\":null,"
        + "\"error\":null}");
  }

  @Test
  void an_item_keeps_its_field_order_and_attribute_types() {
    Map<String, Attribute> attrs = new LinkedHashMap<>();
    attrs.put("year", new Attribute.Number(1999));
    attrs.put("author", new Attribute.Text("Le Guin"));
    Item it = new Item("b1", "The Dispossessed", "", List.of("scifi"), List.of("classic"), attrs, 5, true);
    assertThat(Wire.compact(CatalogueJson.item(it))).isEqualTo("{\"id\":\"b1\",\"title\":\"The Dispossessed\","
        + "\"description\":\"\",\"categories\":[\"scifi\"],\"tags\":[\"classic\"],\"attributes\":{\"year\":1999.0,"
        + "\"author\":\"Le Guin\"},\"createdAt\":5,\"available\":true}");
    assertThat(Wire.compact(CatalogueJson.usersUpserted(3, 1))).isEqualTo("{\"upserted\":3,\"created\":1}");
  }

  @Test
  void pretty_output_is_indented_and_compact_output_is_one_line() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", 1);
    m.put("b", List.of("x"));
    assertThat(Wire.compact(m)).isEqualTo("{\"a\":1,\"b\":[\"x\"]}");
    assertThat(Wire.pretty(m)).isEqualTo("{\n  \"a\" : 1,\n  \"b\" : [ \"x\" ]\n}".replace("\n",
        System.lineSeparator()));
  }
}

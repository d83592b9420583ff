package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.testkit.AskBooks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tandem ask` with the in-process parser on six books with categories, tags and page counts. */
class AskCommandTest {
  @TempDir Path home;

  private String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = "--home";
    all[1] = home.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = TandemCli.run(all, new PrintWriter(out), new PrintWriter(err));
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void ask_json_has_the_intent_and_the_items_and_text_prints_the_intent_first() throws Exception {
    AskBooks.fillSix(home);
    String[] r = run("ask", "mysteries, nothing dark, under 300 pages", "--json");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    JsonNode j = new ObjectMapper().readTree(r[1]);
    JsonNode intent = j.get("intent");
    assertThat(intent.get("goal").asText()).isEqualTo("recommend");
    assertThat(intent.get("include")).extracting(JsonNode::asText).containsExactly("mystery");
    assertThat(intent.get("exclude")).extracting(JsonNode::asText).containsExactly("dark");
    assertThat(intent.get("ranges").get(0).get("attribute").asText()).isEqualTo("pages");
    assertThat(intent.get("ranges").get(0).get("min").isNull()).isTrue();
    assertThat(intent.get("ranges").get(0).get("max").asDouble()).isEqualTo(300.0);
    assertThat(intent.get("count").asInt()).isZero();
    assertThat(intent.get("references")).isEmpty();
    List<String> ids = new ArrayList<>();
    j.get("items").forEach(i -> ids.add(i.get("item").asText()));
    assertThat(ids).containsExactlyInAnyOrder("m1", "m3");
    assertThat(j.get("items").get(0).get("evidence").get("matched")).hasSize(2);
    assertThat(j.get("items").get(0).get("explanation").asText()).startsWith("Matches “mystery”");
    // 2 of 10: mystery alone 3 items; without it, not dark and under 300 pages leave m1, m3, s2, s3
    assertThat(j.get("matching").asInt()).isEqualTo(2);
    assertThat(j.get("narrowedBy").asText()).isEqualTo("mystery");
    assertThat(j.get("shortfall")).hasSize(5);
    assertThat(j.get("shortfall").get(1).get("alone").asInt()).isEqualTo(3);
    assertThat(j.get("shortfall").get(1).get("withoutIt").asInt()).isEqualTo(4);
    assertThat(j.get("intro").asText()).startsWith("Only 2 items in “mystery” match; without that label there would be 4.");
    String[] why = run("ask", "mysteries, nothing dark, under 300 pages");
    assertThat(why[1]).contains("(only 2 of 10 asked for: 2 items meet every constraint; narrowed by \"mystery\": 3 items"
        + " alone, 4 without it)\n");

    String[] text = run("ask", "2 scifi books", "--user", "u0");
    assertThat(text[0]).as(text[2]).isEqualTo("0");
    assertThat(text[1]).startsWith("Intent: recommend (en)\n  include: [scifi]\n  exclude: []\n  count: 2\n");
    assertThat(text[1]).contains("Top 2 (personal ease");
  }
}

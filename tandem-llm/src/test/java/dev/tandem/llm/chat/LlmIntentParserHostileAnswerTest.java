package dev.tandem.llm.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.llm.intent.RuleIntentParser;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 12: a chat model's answer is untrusted input. Deep nesting is not JSON, long lists are cut
 * to {@link LlmIntentParser#MAX_ENTRIES}, over-long labels are dropped, a count too large for an
 * int is out of range (it used to wrap around into range), and the "words of the request" check
 * finds what the per-label regular expression found.
 */
class LlmIntentParserHostileAnswerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQUEST = "cosy mysteries like Dune, nothing horror, under 300 pages, 5 please";
  private final TestCatalogue catalogue = TestCatalogue.books();

  private ParsedIntent parse(String answer) {
    ChatModel chat = new ChatModel() {
      @Override
      public String id() {
        return "scripted";
      }

      @Override
      public ChatReply chat(ChatRequest request) {
        return new ChatReply(answer, "scripted", 0, 0);
      }

      @Override
      public void close() {}
    };
    return new LlmIntentParser(chat, new RuleIntentParser(), new LlmIntentParser.Options(Duration.ofSeconds(5), 200,
        400)).parseWithSource(REQUEST, catalogue, List.of());
  }

  private static ObjectNode good() {
    ObjectNode n = JSON.createObjectNode();
    n.put("goal", "recommend");
    n.putArray("include").add("cosy").add("mystery");
    n.putArray("exclude").add("horror");
    n.putArray("ranges").addObject().put("attribute", "pages").putNull("min").put("max", 300);
    n.put("count", 5);
    n.putArray("references").addObject().put("mention", "Dune").put("title", "Dune");
    n.put("query", "cosy mysteries");
    n.put("language", "en");
    return n;
  }

  @Example
  void json_nested_deeper_than_the_limit_is_not_json() {
    ParsedIntent p = parse("[".repeat(100_000) + "]".repeat(100_000));
    assertThat(p.source()).isEqualTo(ParsedIntent.Source.FALLBACK);
    assertThat(p.problems()).containsExactly("the chat model's answer is not JSON");
  }

  @Example
  void a_long_list_is_cut_to_max_entries() {
    ObjectNode n = good();
    ArrayNode include = n.putArray("include");
    for (int i = 0; i < 100_000; i++) {
      include.add(i % 2 == 0 ? "mystery" : "cosy");
    }
    ParsedIntent p = parse(n.toString());
    assertThat(p.source()).isEqualTo(ParsedIntent.Source.CHAT_MODEL);
    assertThat(p.intent().include()).containsExactly("mystery", "cosy");
    assertThat(p.problems()).containsExactly("include has 100000 entries; used the first 64");
  }

  @Example
  void an_over_long_label_is_dropped() {
    ObjectNode n = good();
    n.putArray("include").add("mystery").add("cosy ".repeat(1_000));
    ParsedIntent p = parse(n.toString());
    assertThat(p.intent().include()).containsExactly("mystery");
    assertThat(p.problems()).containsExactly("dropped include label: longer than 100 chars");
  }

  @Example
  void a_count_beyond_int_is_out_of_range_not_wrapped() {
    ObjectNode n = good();
    n.put("count", 4_294_967_301L); // 2^32 + 5: asInt() gave 5
    ParsedIntent p = parse(n.toString());
    assertThat(p.intent().count()).isEqualTo(5); // the in-process parser's "5 please"
    assertThat(p.problems()).containsExactly("count (4294967301) must be in 0..100; used 5 of the in-process parser");
  }

  @Provide
  Arbitrary<String> words() {
    return Arbitraries.of("dune", "cosy", "mystery", "a", "é", "1", "科幻", "x1", " ", "-", ",", "_", "ⅻ", "²",
        "\uD83D\uDE00", "\uD835\uDC00").list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l));
  }

  @Property(tries = 5_000, seed = "5")
  void words_of_the_request_as_the_regex_found_them(@ForAll("words") String phrase, @ForAll("words") String request) {
    boolean regex = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(phrase) + "(?![\\p{L}\\p{N}])")
        .matcher(request).find();
    boolean han = Pattern.compile("\\p{IsHan}").matcher(phrase).find();
    assertThat(LlmIntentParser.inRequest(phrase, request)).isEqualTo(han ? request.contains(phrase) : regex);
  }
}

package dev.tandem.llm.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.llm.intent.Goal;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.Range;
import dev.tandem.llm.intent.Reference;
import dev.tandem.llm.openai.OpenAiChatModel;
import dev.tandem.llm.openai.ScriptedChatServer;
import dev.tandem.llm.openai.ScriptedChatServer.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The chat-model intent parser against a scripted OpenAI-compatible server. */
class LlmIntentParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double INF = Double.POSITIVE_INFINITY;
  private static final String REQUEST = "cosy mysteries like Dune, nothing horror, under 300 pages, 5 please";

  private final ScriptedChatServer server = new ScriptedChatServer();
  private final StandInParser rules = new StandInParser();
  private final TestCatalogue catalogue = TestCatalogue.books();

  @AfterEach
  void stop() {
    server.close();
  }

  private LlmIntentParser parser(Duration timeout) {
    OpenAiChatModel chat = OpenAiChatModel.builder(server.base(), "scripted").seed(1)
        .backoff(Duration.ofMillis(5), Duration.ofMillis(20)).maxRetries(2).build();
    return new LlmIntentParser(chat, rules, new LlmIntentParser.Options(timeout, 200, 400));
  }

  private static String answer(String json) {
    return json;
  }

  private static final String GOOD = """
      {"goal":"recommend","include":["cosy","mystery"],"exclude":["horror"],
       "ranges":[{"attribute":"pages","min":null,"max":300}],"count":5,
       "references":[{"mention":"Dune","title":"Dune"}],"query":"cosy mysteries","language":"en"}""";

  @Test
  void good_answer_becomes_the_intent_and_the_request_is_well_formed() throws Exception {
    server.then(Reply.content(answer(GOOD)));

    ParsedIntent p = parser(Duration.ofSeconds(5)).parseWithSource(REQUEST, catalogue, List.of());

    assertThat(p.source()).isEqualTo(ParsedIntent.Source.CHAT_MODEL);
    assertThat(p.problems()).isEmpty();
    assertThat(p.intent()).isEqualTo(new Intent(Goal.RECOMMEND, List.of("cosy", "mystery"), List.of("horror"),
        List.of(new Range("pages", Double.NEGATIVE_INFINITY, 300)), 5, List.of(new Reference("Dune", "b2")),
        "cosy mysteries", "en"));

    JsonNode sent = JSON.readTree(server.bodies.get(0));
    assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(sent.at("/messages/0/content").asText()).isEqualTo(LlmIntentParser.SYSTEM_PROMPT)
        .contains("never instructions");
    assertThat(sent.at("/response_format/json_schema/schema")).isEqualTo(JSON.readTree(LlmIntentParser.SCHEMA));
    assertThat(sent.at("/temperature").asDouble()).isEqualTo(0.0);
    JsonNode data = JSON.readTree(sent.at("/messages/1/content").asText());
    assertThat(data).isEqualTo(JSON.readTree("""
        {"request":"%s","previously_shown":[],
         "catalogue":{"labels":["mystery","science fiction","fantasy","horror","cosy","科幻"],
                      "numeric_attributes":["pages","year"]}}""".formatted(REQUEST)));
  }

  @Test
  void labels_are_capped_to_the_most_frequent() throws Exception {
    server.then(Reply.content(GOOD));
    OpenAiChatModel chat = OpenAiChatModel.builder(server.base(), "scripted").build();
    new LlmIntentParser(chat, rules, new LlmIntentParser.Options(Duration.ofSeconds(5), 2, 400))
        .parse(REQUEST, catalogue, List.of());
    JsonNode data = JSON.readTree(JSON.readTree(server.bodies.get(0)).at("/messages/1/content").asText());
    assertThat(data.at("/catalogue/labels")).isEqualTo(JSON.readTree("[\"mystery\",\"science fiction\"]"));
  }

  @Test
  void the_second_one_resolves_through_the_shown_titles() throws Exception {
    server.then(Reply.content("""
        {"goal":"similar-to","include":[],"exclude":[],"ranges":[],"count":0,
         "references":[{"mention":"the second one","title":"Dune Messiah"}],"query":"more like","language":"en"}"""));

    ParsedIntent p = parser(Duration.ofSeconds(5)).parseWithSource("more like the second one", catalogue,
        List.of("b4", "b3", "missing"));

    assertThat(p.source()).isEqualTo(ParsedIntent.Source.CHAT_MODEL);
    assertThat(p.intent().goal()).isEqualTo(Goal.SIMILAR_TO);
    assertThat(p.intent().references()).containsExactly(new Reference("the second one", "b3"));
    JsonNode data = JSON.readTree(JSON.readTree(server.bodies.get(0)).at("/messages/1/content").asText());
    assertThat(data.get("previously_shown")).isEqualTo(JSON.readTree(
        "[{\"position\":1,\"title\":\"Gone Girl\"},{\"position\":2,\"title\":\"Dune Messiah\"}]"));
  }

  @Test
  void an_item_the_rules_saw_turned_down_stays_unwanted_whatever_the_model_says() throws Exception {
    // the model reads "not the first one, more like the second" as liking the second only
    server.then(Reply.content("""
        {"goal":"similar-to","include":[],"exclude":[],"ranges":[],"count":0,
         "references":[{"mention":"the second","title":"Dune Messiah"}],"query":"","language":"en"}"""));

    // the in-process rules: the first shown (b4) turned down, the second (b3) liked
    dev.tandem.llm.intent.IntentParser turnedDown = (text, cat, shown) -> new dev.tandem.llm.intent.Intent(
        Goal.SIMILAR_TO, List.of(), List.of("b4"), List.of(), 0,
        List.of(new Reference("the first one", "b4"), new Reference("the second", "b3")), "", "en");
    OpenAiChatModel chat = OpenAiChatModel.builder(server.base(), "scripted").seed(1)
        .backoff(Duration.ofMillis(5), Duration.ofMillis(20)).maxRetries(2).build();
    ParsedIntent p = new LlmIntentParser(chat, turnedDown, new LlmIntentParser.Options(Duration.ofSeconds(5), 200, 400))
        .parseWithSource("not the first one, more like the second", catalogue, List.of("b4", "b3"));

    assertThat(p.source()).isEqualTo(ParsedIntent.Source.CHAT_MODEL);
    assertThat(p.intent().references()).extracting(Reference::itemId).containsExactlyInAnyOrder("b3", "b4");
    assertThat(p.intent().exclude()).containsExactly("b4");
  }

  @Test
  void malformed_answer_falls_back() {
    server.then(Reply.content("Sure! Here are some cosy mysteries: {goal: recommend"));
    ParsedIntent p = parser(Duration.ofSeconds(5)).parseWithSource(REQUEST, catalogue, List.of());
    assertThat(p.source()).isEqualTo(ParsedIntent.Source.FALLBACK);
    assertThat(p.intent()).isEqualTo(rules.parse(REQUEST, catalogue, List.of()));
    assertThat(p.problems()).containsExactly("the chat model's answer is not JSON");
  }

  @Test
  void schema_breaking_answers_fall_back() {
    server.then(Reply.content("{\"goal\":\"buy\"}"), Reply.content("{\"goal\":\"search\",\"include\":\"horror\"}"),
        Reply.content("{\"goal\":\"search\",\"count\":2.5}"), Reply.content("{\"goal\":\"search\",\"extra\":1}"));
    LlmIntentParser parser = parser(Duration.ofSeconds(5));
    List<String> expected = List.of("goal must be one of recommend, similar-to, search", "include must be an array",
        "count must be an integer", "the chat model's answer has a key that is not in the schema");
    for (String problem : expected) {
      ParsedIntent p = parser.parseWithSource(REQUEST, catalogue, List.of());
      assertThat(p.source()).isEqualTo(ParsedIntent.Source.FALLBACK);
      assertThat(p.problems()).containsExactly(problem);
    }
  }

  @Test
  void slow_answer_falls_back_on_timeout() {
    server.then(Reply.slow());
    ParsedIntent p = parser(Duration.ofMillis(300)).parseWithSource(REQUEST, catalogue, List.of());
    assertThat(p.source()).isEqualTo(ParsedIntent.Source.FALLBACK);
    assertThat(p.problems()).containsExactly("chat model failed (TIMEOUT)");
    assertThat(p.intent().exclude()).containsExactly("horror");
  }

  @Test
  void rate_limited_then_answering_uses_the_answer_but_persistent_429_falls_back() {
    server.then(Reply.retryAfter(429, "0"), Reply.content(GOOD));
    assertThat(parser(Duration.ofSeconds(5)).parseWithSource(REQUEST, catalogue, List.of()).source())
        .isEqualTo(ParsedIntent.Source.CHAT_MODEL);
    server.then(Reply.retryAfter(429, "0"), Reply.retryAfter(429, "0"), Reply.retryAfter(429, "0"));
    ParsedIntent p = parser(Duration.ofSeconds(5)).parseWithSource(REQUEST, catalogue, List.of());
    assertThat(p.source()).isEqualTo(ParsedIntent.Source.FALLBACK);
    assertThat(p.problems()).containsExactly("chat model failed (RATE_LIMITED)");
  }

  @Test
  void server_errors_fall_back() {
    server.then(Reply.raw(500, "x"), Reply.raw(500, "x"), Reply.raw(503, "x"));
    ParsedIntent p = parser(Duration.ofSeconds(5)).parseWithSource(REQUEST, catalogue, List.of());
    assertThat(p.source()).isEqualTo(ParsedIntent.Source.FALLBACK);
    assertThat(p.problems()).containsExactly("chat model failed (UNAVAILABLE)");
    assertThat(server.bodies).hasSize(3);
  }

  @Test
  void out_of_catalogue_labels_attributes_and_items_are_dropped() {
    server.then(Reply.content("""
        {"goal":"recommend","include":["vampire romance","Mystery","  cosy  "],"exclude":["gore"],
         "ranges":[{"attribute":"price","min":0,"max":10},{"attribute":"year","min":2010,"max":null},
                   {"attribute":"pages","min":500,"max":100}],
         "count":5,"references":[{"mention":"Twilight","title":"Twilight"},{"mention":"dune","title":"dune"}],
         "query":"cosy mysteries","language":"en"}"""));

    ParsedIntent p = parser(Duration.ofSeconds(5)).parseWithSource("cosy mysteries like dune after 2010", catalogue,
        List.of());

    assertThat(p.source()).isEqualTo(ParsedIntent.Source.CHAT_MODEL);
    assertThat(p.intent().include()).containsExactly("mystery", "cosy");
    assertThat(p.intent().exclude()).isEmpty();
    assertThat(p.intent().ranges()).containsExactly(new Range("year", 2010, INF));
    assertThat(p.intent().references()).containsExactly(new Reference("dune", "b2"));
    assertThat(p.problems()).containsExactly(
        "dropped include label: neither a catalogue label nor words of the request",
        "dropped exclude label: neither a catalogue label nor words of the request",
        "dropped a range: its attribute is not a numeric attribute of the catalogue",
        "dropped the range on pages: min must be <= max",
        "dropped a reference: its title is not in the catalogue");
  }

  @Test
  void request_words_are_accepted_as_terms_and_chinese_works() {
    server.then(Reply.content("""
        {"goal":"recommend","include":["科幻","轻松"],"exclude":["恐怖"],"ranges":[],"count":3,
         "references":[{"mention":"三体","title":"三体"}],"query":"轻松的科幻小说","language":"zh"}"""));
    String text = "推荐三本像三体那样轻松的科幻小说，不要恐怖的";

    ParsedIntent p = parser(Duration.ofSeconds(5)).parseWithSource(text, catalogue, List.of());

    assertThat(p.source()).isEqualTo(ParsedIntent.Source.CHAT_MODEL);
    assertThat(p.problems()).isEmpty();
    assertThat(p.intent()).isEqualTo(new Intent(Goal.RECOMMEND, List.of("科幻", "轻松"), List.of("恐怖"), List.of(), 3,
        List.of(new Reference("三体", "b5")), "轻松的科幻小说", "zh"));
  }

  @Test
  void a_blank_or_foreign_query_is_replaced_by_the_in_process_one() {
    server.then(Reply.content(GOOD.replace("\"query\":\"cosy mysteries\"", "\"query\":\" \"")),
        Reply.content(GOOD.replace("\"query\":\"cosy mysteries\"", "\"query\":\"cosy vampire mysteries\"")));
    LlmIntentParser parser = parser(Duration.ofSeconds(5));
    ParsedIntent blank = parser.parseWithSource(REQUEST, catalogue, List.of());
    ParsedIntent foreign = parser.parseWithSource(REQUEST, catalogue, List.of());
    assertThat(blank.intent().query()).isEqualTo(REQUEST);
    assertThat(blank.problems()).containsExactly("query is blank; used the in-process parser's query");
    assertThat(foreign.intent().query()).isEqualTo(REQUEST);
    assertThat(foreign.problems())
        .containsExactly("query uses words that are not in the request (1); used the in-process parser's query");
    assertThat(foreign.source()).isEqualTo(ParsedIntent.Source.CHAT_MODEL);
  }

  @Test
  void personal_data_never_reaches_the_server() {
    server.then(Reply.content(GOOD));
    parser(Duration.ofSeconds(5)).parse("cosy mysteries, mail me at jane.doe@example.com or +44 20 7946 0958",
        catalogue, List.of());
    assertThat(server.bodies.get(0)).doesNotContain("jane.doe").doesNotContain("7946")
        .contains("mail me at [email] or [phone]");
  }

  @Test
  void blank_text_is_rejected() {
    assertThatThrownBy(() -> parser(Duration.ofSeconds(1)).parse("  ", catalogue, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("request text must not be blank");
    assertThat(server.bodies).isEmpty();
  }
}

package dev.tandem.engine.ask;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.engine.RecommendOptions;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import dev.tandem.llm.chat.LlmIntentParser;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Tandem#ask} with a chat model configured in {@code [chat]} (a scripted loopback server):
 * the chat model's intent is used, and with {@code rerank = true} it reorders the constrained
 * items, which stay the same items.
 */
class AskChatTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INTENT = "{\"goal\":\"recommend\",\"include\":[\"mystery\"],\"exclude\":[],\"ranges\":"
      + "[{\"attribute\":\"pages\",\"min\":null,\"max\":350}],\"count\":3,\"references\":[],\"query\":\"mystery books\","
      + "\"language\":\"en\"}";

  @TempDir Path home;
  private HttpServer server;
  private final List<List<String>> rerankCandidates = new CopyOnWriteArrayList<>();
  private final List<String> intentRequests = new CopyOnWriteArrayList<>();
  private final List<String> explainRequests = new CopyOnWriteArrayList<>();
  private Tandem t;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", ex -> {
      JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
      String system = body.at("/messages/0/content").asText();
      String content;
      if (system.startsWith("You explain")) { // an explanation: one faithful sentence naming nothing
        explainRequests.add(body.at("/messages/1/content").asText());
        content = "Picked from what you read.";
        reply(ex, content);
        return;
      }
      JsonNode data = JSON.readTree(body.at("/messages/1/content").asText());
      if (system.contains("reorder")) { // the reranker: answer the candidates reversed
        List<String> ids = new ArrayList<>();
        data.get("candidates").forEach(c -> ids.add(c.get("id").asText()));
        rerankCandidates.add(ids);
        List<String> reversed = new ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        ObjectNode r = JSON.createObjectNode();
        reversed.forEach(r.putArray("ranking")::add);
        content = r.toString();
      } else {
        intentRequests.add(data.get("request").asText());
        content = INTENT;
      }
      reply(ex, content);
    });
    server.start();
    Files.writeString(home.resolve("tandem.toml"), "[chat]\nurl = \"http://127.0.0.1:" + server.getAddress().getPort()
        + "\"\nmodel = \"scripted\"\nrerank = true\n");
    t = Tandem.open(home);
    List<Item> items = new ArrayList<>();
    int[] pages = {250, 400, 180, 320, 300};
    for (int i = 0; i < 5; i++) {
      items.add(new Item("m" + (i + 1), "Mystery " + (i + 1), "clues", List.of("mystery"), List.of(),
          Map.of("pages", new Attribute.Number(pages[i])), 0, true));
      items.add(new Item("s" + (i + 1), "Starship " + (i + 1), "space", List.of("scifi"), List.of(),
          Map.of("pages", new Attribute.Number(200)), 0, true));
    }
    t.store().items().upsert(items);
    List<Feedback> fb = new ArrayList<>();
    for (int u = 0; u < 20; u++) {
      String g = u % 2 == 0 ? "m" : "s";
      for (int k = 1; k <= 5; k++) {
        if (k != u % 5 + 1) {
          fb.add(new Feedback("u" + u, g + k, "purchase", 1, 100 + k));
        }
      }
    }
    t.store().feedback().append(fb);
    t.train(new TrainOptions(List.of("pop", "ease", "bm25"), Map.of(), (m, s) -> { }));
  }

  private static void reply(com.sun.net.httpserver.HttpExchange ex, String content) throws java.io.IOException {
    ObjectNode reply = JSON.createObjectNode();
    reply.putArray("choices").addObject().putObject("message").put("role", "assistant").put("content", content);
    byte[] out = reply.toString().getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  @AfterEach
  void stop() {
    t.close();
    server.stop(0);
  }

  @Test
  void the_chat_model_parses_and_reorders_but_the_constraints_hold() throws Exception {
    assertThat(t.intentParser()).isInstanceOf(LlmIntentParser.class);

    AskResult r = t.ask(new AskRequest("", Session.NEW, "three mystery books under 350 pages, mail me at a@b.org", 10));

    assertThat(intentRequests).containsExactly("three mystery books under 350 pages, mail me at [email]");
    assertThat(r.intent().include()).contains("mystery");
    assertThat(r.intent().count()).isEqualTo(3);
    List<String> ids = r.items().stream().map(AskItem::itemId).toList();
    assertThat(rerankCandidates).hasSize(1);
    List<String> fused = rerankCandidates.get(0);
    assertThat(fused).hasSize(3);
    List<String> reversed = new ArrayList<>(fused);
    java.util.Collections.reverse(reversed);
    assertThat(ids).isEqualTo(reversed);
    assertThat(r.reranked()).isTrue();
    assertThat(r.rerankProblem()).isEmpty();
    // every item is a mystery of at most 350 pages (m2 has 400)
    assertThat(ids).allMatch(id -> id.startsWith("m")).doesNotContain("m2");
    assertThat(r.session().shown()).isEqualTo(ids);
  }

  @Test
  void with_chat_explain_on_the_chat_model_writes_the_checked_sentences() throws Exception {
    // [chat] explain defaults to true: the configured model writes each sentence from the evidence
    RecommendResult r = t.recommend("u0", RecommendOptions.top(2).withModel("ease"));
    assertThat(r.reranked()).isTrue(); // [chat] rerank = true reorders /recommend too (here: reversed)
    RecommendResult explained = t.explain(r, t.historyOf("u0"), dev.tandem.llm.explain.Language.EN, List.of());
    assertThat(explained.items()).hasSize(2).allSatisfy(rec -> {
      assertThat(rec.explanation().sentence()).isEqualTo("Picked from what you read.");
      assertThat(rec.explanation().source()).isEqualTo(dev.tandem.llm.explain.Written.Source.CHAT);
    });
    // the evidence travels as a JSON data block: u0 read mysteries 2-4, which led to Mystery 1
    assertThat(explainRequests).hasSize(2);
    assertThat(explainRequests).allSatisfy(q -> assertThat(q).startsWith("Evidence:\n```json\n"))
        .anySatisfy(q -> assertThat(q).contains("\"recommended\" : \"Mystery 1\"").contains("\"title\" : \"Mystery 2\""));
    assertThat(t.chatExplanations().orElseThrow().accepted()).isEqualTo(2);
  }
}

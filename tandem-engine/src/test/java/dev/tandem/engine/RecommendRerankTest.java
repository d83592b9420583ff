package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.History;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.Profile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Tandem#recommend} with {@code [chat] rerank = true} against a scripted loopback chat
 * server: a valid permutation of the top {@code rerank_top_k} is applied, anything else (an
 * invented id, a slow answer, HTTP 500) keeps the model's order and says why, and the items are
 * always the model's items, inside the filters.
 */
class RecommendRerankTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How the scripted server answers a rerank request. */
  private enum Mode { REVERSE, INVENT, SLOW, FAIL }

  @TempDir Path home;
  private HttpServer server;
  private volatile Mode mode = Mode.REVERSE;
  private final List<List<String>> candidates = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  /** Holds a {@link Mode#SLOW} answer back until the test ends: the client's timeout always comes first. */
  private final CountDownLatch release = new CountDownLatch(1);
  private Tandem t;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/v1/chat/completions", ex -> {
      JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
      JsonNode data = JSON.readTree(body.at("/messages/1/content").asText());
      List<String> ids = new ArrayList<>();
      data.get("candidates").forEach(c -> ids.add(c.get("id").asText()));
      candidates.add(ids);
      requests.add(data.get("request").asText());
      switch (mode) {
        case FAIL -> {
          ex.sendResponseHeaders(500, -1);
          ex.close();
          return;
        }
        case SLOW -> await(release);
        case INVENT -> ids.set(0, "zz");
        default -> { }
      }
      List<String> ranking = new ArrayList<>(ids);
      Collections.reverse(ranking);
      ObjectNode r = JSON.createObjectNode();
      ranking.forEach(r.putArray("ranking")::add);
      reply(ex, r.toString());
    });
    server.start();
    Files.writeString(home.resolve("tandem.toml"), "[chat]\nurl = \"http://127.0.0.1:" + server.getAddress().getPort()
        + "\"\nmodel = \"scripted\"\nintent = false\nexplain = false\nrerank = true\nrerank_top_k = 3\n"
        + "rerank_budget = \"2s\"\n"); // ample for a loaded machine: slow answers are held by a latch, not timed
    t = Tandem.open(home);
    List<Item> items = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      // m6 is not available
      items.add(new Item("m" + i, "Mystery " + i, "clues", List.of("mystery"), List.of(), Map.of(), 0, i != 6));
      items.add(new Item("s" + i, "Starship " + i, "space", List.of("scifi"), List.of(), Map.of(), 0, true));
    }
    t.store().items().upsert(items);
    List<Feedback> fb = new ArrayList<>();
    for (int u = 0; u < 24; u++) {
      for (int k = 1; k <= 6; k++) {
        if (k != u % 6 + 1) {
          fb.add(new Feedback("u" + u, (u % 2 == 0 ? "m" : "s") + k, "purchase", 1, 100 + k));
        }
      }
    }
    // reader: two mysteries and one starship, the starship last
    fb.add(new Feedback("reader", "m1", "purchase", 1, 10));
    fb.add(new Feedback("reader", "m2", "purchase", 1, 20));
    fb.add(new Feedback("reader", "s1", "purchase", 1, 30));
    t.store().feedback().append(fb);
    t.train(new TrainOptions(List.of("pop", "ease", "bm25"), Map.of(), (m, s) -> { }));
  }

  /** Waits until the test releases the answer (bounded, so a broken test cannot hang the build). */
  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void reply(HttpExchange ex, String content) throws IOException {
    ObjectNode reply = JSON.createObjectNode();
    reply.putArray("choices").addObject().putObject("message").put("role", "assistant").put("content", content);
    byte[] out = reply.toString().getBytes(StandardCharsets.UTF_8);
    try {
      ex.sendResponseHeaders(200, out.length);
      ex.getResponseBody().write(out);
    } catch (IOException e) {
      // the client gave up (the slow answer): nothing to send to
    }
    ex.close();
  }

  @AfterEach
  void stop() {
    release.countDown();
    t.close();
    server.stop(0);
  }

  private static List<String> ids(RecommendResult r) {
    return r.items().stream().map(Recommendation::itemId).toList();
  }

  /** The model's own order: what any fallback keeps. */
  private List<String> modelOrder(RecommendOptions options) throws Exception {
    mode = Mode.INVENT;
    RecommendResult r = t.recommend("reader", options);
    assertThat(r.reranked()).isFalse();
    return ids(r);
  }

  @Test
  void a_valid_permutation_of_the_top_k_is_applied_and_the_rest_keeps_its_place() throws Exception {
    RecommendOptions options = RecommendOptions.top(5);
    List<String> fused = modelOrder(options);
    assertThat(fused).hasSize(5).doesNotContain("m1", "m2", "s1", "m6");
    mode = Mode.REVERSE;
    candidates.clear();
    requests.clear();
    RecommendResult r = t.recommend("reader", options);
    assertThat(r.reranked()).isTrue();
    assertThat(r.rerankProblem()).isEmpty();
    // the first rerank_top_k = 3 go to the chat model, which reverses them; the other two follow untouched
    assertThat(candidates).containsExactly(fused.subList(0, 3));
    assertThat(ids(r)).containsExactly(fused.get(2), fused.get(1), fused.get(0), fused.get(3), fused.get(4));
    // each item keeps the model's score
    RecommendResult again = t.recommend("reader", options);
    assertThat(again.items().get(0).score()).isEqualTo(again.items().stream()
        .filter(x -> x.itemId().equals(fused.get(2))).findFirst().orElseThrow().score());
    // no profile text: the request is the recent history's titles, latest first
    assertThat(requests.get(0)).isEqualTo("Recently liked: Starship 1; Mystery 2; Mystery 1.");
  }

  @Test
  void an_invented_id_a_slow_answer_or_a_500_keeps_the_model_order_and_says_why() throws Exception {
    RecommendOptions options = RecommendOptions.top(4);
    List<String> fused = modelOrder(options);
    RecommendResult invented = t.recommend("reader", options);
    assertThat(ids(invented)).isEqualTo(fused);
    assertThat(invented.rerankProblem()).isEqualTo("the answer is not a permutation of a subset of the candidate ids");

    mode = Mode.SLOW;
    RecommendResult slow = t.recommend("reader", options);
    assertThat(slow.reranked()).isFalse();
    assertThat(ids(slow)).isEqualTo(fused);
    assertThat(slow.rerankProblem()).isEqualTo("chat model failed (TIMEOUT)");

    mode = Mode.FAIL;
    RecommendResult failed = t.recommend("reader", options);
    assertThat(failed.reranked()).isFalse();
    assertThat(ids(failed)).isEqualTo(fused);
    assertThat(failed.rerankProblem()).startsWith("chat model failed (");
  }

  /** A deadline with {@code ms} left that never runs out: its clock stands still. */
  private static Deadline frozen(long ms) {
    return Deadline.after(java.time.Duration.ofMillis(ms), () -> false, () -> 0L);
  }

  @Test
  void a_deadline_gives_the_chat_model_only_the_time_left_and_skips_it_when_too_little_is_left() throws Exception {
    RecommendOptions options = RecommendOptions.top(4);
    List<String> fused = modelOrder(options);
    mode = Mode.SLOW; // the chat model never answers in time; rerank_budget is 2 s
    // a frozen clock: 250 ms are left throughout, less the deadline's 100 ms reserve (Deadline#reserve)
    // leaves the chat model 150 ms (DeadlineTest checks that arithmetic), so the call times out
    RecommendResult slow = t.recommend("reader", options.withDeadline(frozen(250)));
    assertThat(slow.rerankProblem()).isEqualTo("chat model failed (TIMEOUT)");
    assertThat(slow.cutShort()).isEmpty();
    assertThat(ids(slow)).isEqualTo(fused);

    candidates.clear();
    RecommendResult cut = t.recommend("reader", options.withDeadline(frozen(20)));
    assertThat(cut.cutShort()).containsExactly(RecommendResult.CUT_RERANK);
    assertThat(cut.reranked()).isFalse();
    assertThat(cut.rerankProblem()).isEmpty();
    assertThat(ids(cut)).isEqualTo(fused);
    assertThat(candidates).isEmpty(); // the chat model was not called at all
  }

  @Test
  void reranked_items_stay_inside_the_category_unseen_and_available() throws Exception {
    RecommendOptions mysteries = RecommendOptions.top(10).withCategory("mystery");
    List<String> fused = modelOrder(mysteries);
    // mysteries the reader has not read, m6 unavailable: m3, m4, m5
    assertThat(fused).containsExactlyInAnyOrder("m3", "m4", "m5");
    mode = Mode.REVERSE;
    RecommendResult r = t.recommend("reader", mysteries);
    assertThat(r.reranked()).isTrue();
    assertThat(ids(r)).containsExactly(fused.get(2), fused.get(1), fused.get(0));
  }

  @Test
  void the_profile_text_is_the_request_scrubbed_and_a_single_item_is_not_sent() throws Exception {
    History h = History.of(Profile.ofText("starship stories, write to ann@example.org"));
    RecommendResult r = t.recommend(h, RecommendOptions.top(3));
    assertThat(r.model()).isEqualTo("bm25");
    assertThat(r.reranked()).as(r.rerankProblem()).isTrue();
    assertThat(requests).containsExactly("starship stories, write to [email]");

    requests.clear();
    RecommendResult one = t.recommend(h, RecommendOptions.top(1));
    assertThat(one.reranked()).isFalse();
    assertThat(one.rerankProblem()).isEmpty(); // nothing to reorder, nothing tried
    assertThat(requests).isEmpty();
  }

  @Test
  void a_stored_user_profile_describes_the_user_when_the_request_has_none() throws Exception {
    t.store().users().upsert(List.of(new dev.tandem.core.data.User("reader", Map.of(),
        "I love cosy puzzles; mail me at ann@example.org")));
    RecommendResult r = t.recommend("reader", RecommendOptions.top(3));
    assertThat(r.reranked()).isTrue();
    assertThat(requests).containsExactly("I love cosy puzzles; mail me at [email]");
  }
}

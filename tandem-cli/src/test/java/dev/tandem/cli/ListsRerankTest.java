package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Recommendation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How `tandem recommend` shows whether the chat model reordered the list. */
class ListsRerankTest {
  private static final List<Recommendation> ITEMS = List.of(new Recommendation("b", "B", 0.5),
      new Recommendation("a", "A", 0.9));

  private static String print(RecommendResult r, boolean json) {
    StringWriter out = new StringWriter();
    Lists.print(new PrintWriter(out, true), json, "user", "u1", "", r, 1.0, false);
    return out.toString();
  }

  @Test
  void a_reordered_list_says_so_and_a_fallback_says_why() throws Exception {
    RecommendResult reranked = new RecommendResult(ITEMS, "ease", 3, false, 1, "", true, "");
    assertThat(print(reranked, false)).contains("Top 2 for user u1").contains("(reordered by the chat model)\n");
    JsonNode j = new ObjectMapper().readTree(print(reranked, true));
    assertThat(j.get("reranked").asBoolean()).isTrue();
    assertThat(j.has("rerank_problem")).isFalse();

    RecommendResult kept = new RecommendResult(ITEMS, "ease", 3, false, 1, "", false, "chat model failed (TIMEOUT)");
    assertThat(print(kept, false)).contains(
        "(the chat model's rerank was not used: chat model failed (TIMEOUT); the model's order stands)\n");
    JsonNode k = new ObjectMapper().readTree(print(kept, true));
    assertThat(k.get("reranked").asBoolean()).isFalse();
    assertThat(k.get("rerank_problem").asText()).isEqualTo("chat model failed (TIMEOUT)");

    RecommendResult none = new RecommendResult(ITEMS, "ease", 3, false, 1);
    assertThat(print(none, false)).doesNotContain("chat model");
  }
}

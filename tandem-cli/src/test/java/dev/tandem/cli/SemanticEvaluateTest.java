package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.engine.Tandem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tandem evaluate --protocol cold-items --models pop,semantic` on three topics of real titles. */
class SemanticEvaluateTest {
  @TempDir Path dir;

  private static final String[][] TOPICS = {
    {"Interstellar starship voyage", "Galactic empire space opera", "Alien invasion of Mars colony",
        "Robots and artificial intelligence uprising", "Time travel paradox thriller", "Astronaut stranded on the Moon",
        "Cyberpunk hackers in a neon megacity", "Wormhole expedition to a distant galaxy"},
    {"Italian pasta recipes for weeknights", "Baking sourdough bread at home", "Vegetarian curry cookbook",
        "French pastry and dessert techniques", "Grilling steaks and barbecue ribs", "Japanese sushi and ramen kitchen",
        "Healthy salads and smoothies", "Slow cooker soups and stews"},
    {"Growing tomatoes in raised garden beds", "Pruning roses and flowering shrubs", "Organic vegetable gardening",
        "Composting soil for a backyard garden", "Houseplants and indoor succulents", "Planting fruit trees in an orchard",
        "Lawn care and weed control", "Herb garden on a sunny balcony"}};


  @Test
  void semantic_ranks_cold_items_that_pop_cannot_score() throws Exception {
    Path home = dir.resolve("home");
    try (Tandem t = Tandem.open(home)) {
      List<Item> items = new ArrayList<>();
      for (int g = 0; g < 3; g++) {
        for (int k = 0; k < 8; k++) {
          items.add(new Item("t" + g + "_" + k, TOPICS[g][k], "", List.of(), List.of(), Map.of(), 0, true));
        }
      }
      t.store().items().upsert(items);
      Random r = new Random(5);
      List<Feedback> fb = new ArrayList<>();
      for (int u = 0; u < 60; u++) {
        int g = u % 3;
        for (int k = 0; k < 8; k++) {
          if (r.nextDouble() < 0.7) {
            fb.add(new Feedback("u" + u, "t" + g + "_" + k, "purchase", 1, 100 + r.nextInt(1000)));
          }
        }
      }
      t.store().feedback().append(fb);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TandemCli.run(new String[] {"--home", home.toString(), "evaluate", "--protocol", "cold-items",
        "--cold-fraction", "0.25", "--models", "pop,semantic", "--k", "3", "--bootstrap", "20", "--json", "-"},
        new PrintWriter(out), new PrintWriter(err));
    assertThat(code).as(err.toString()).isZero();
    JsonNode j = new ObjectMapper().readTree(out.toString());
    assertThat(j.at("/results/0/model").asText()).isEqualTo("pop");
    assertThat(j.at("/results/1/model").asText()).isEqualTo("semantic");
    double pop = j.at("/results/0/metrics/recall@3").asDouble();
    double sem = j.at("/results/1/metrics/recall@3").asDouble();
    assertThat(sem).as("semantic %s vs pop %s", sem, pop).isGreaterThan(pop + 0.2);
    assertThat(sem).isGreaterThan(0.6);
  }
}

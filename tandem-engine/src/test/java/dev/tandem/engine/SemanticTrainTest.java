package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.core.eval.EvalData;
import dev.tandem.core.eval.EvalOptions;
import dev.tandem.core.eval.Protocol;
import dev.tandem.core.eval.SplitOptions;
import dev.tandem.testkit.TasteGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains semantic next to pop with real document embeddings (default model, a handful of items). */
class SemanticTrainTest {
  @TempDir Path home;

  private static Item book(String id, String title, String description, String genre) {
    return new Item(id, title, description, List.of(genre), List.of(), Map.of(), 0, true);
  }

  @Test
  void train_attaches_embeddings_and_semantic_recommends_the_related_item() throws Exception {
    Files.writeString(home.resolve("tandem.toml"), TandemConfig.defaultText().replace("threads = 0\n", "threads = 2\n"));
    try (Tandem t = Tandem.open(home)) {
      t.store().items().upsert(List.of(
          book("dune", "Dune", "A desert planet, spice and interstellar empires.", "Science fiction"),
          book("found", "Foundation", "A galactic empire falls; psychohistory predicts the future.", "Science fiction"),
          book("hyper", "Hyperion", "Pilgrims travel across the galaxy to the Time Tombs.", "Science fiction"),
          book("salt", "Salt Fat Acid Heat", "A cookbook on the elements of good cooking.", "Cooking"),
          book("bread", "Flour Water Salt Yeast", "Baking artisan bread and pizza at home.", "Cooking"),
          book("garden", "The Vegetable Gardener's Bible", "Growing vegetables in raised beds.", "Gardening")));
      List<Feedback> fb = new ArrayList<>();
      for (int u = 0; u < 6; u++) { // cooking is the most popular
        fb.add(new Feedback("c" + u, "salt", "purchase", 1, 100 + u));
        fb.add(new Feedback("c" + u, "bread", "purchase", 1, 100 + u));
      }
      fb.add(new Feedback("reader", "dune", "purchase", 1, 200));
      fb.add(new Feedback("reader", "found", "purchase", 1, 201));
      t.store().feedback().append(fb);

      TrainReport r = t.train(new TrainOptions(List.of("pop", "semantic"), Map.of(), (m, s) -> {}));
      assertThat(r.items()).isEqualTo(6);
      RecommendResult pop = t.recommend("reader", RecommendOptions.top(3).withModel("pop"));
      assertThat(pop.items().get(0).itemId()).isIn("salt", "bread");
      RecommendResult sem = t.recommend("reader", RecommendOptions.top(3).withModel("semantic"));
      assertThat(sem.model()).isEqualTo("semantic");
      assertThat(sem.items().get(0).itemId()).isEqualTo("hyper");
      assertThat(sem.items().get(0).score()).isGreaterThan(sem.items().get(2).score());
    }
  }

  @Test
  void evaluating_semantic_without_vectors_says_where_they_come_from() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      TasteGroups.fill(t);
      EvalData data = EvalData.of(t.split(SplitOptions.defaults(Protocol.HOLDOUT_USERS).withTestUsers(20)));
      EvaluateOptions o = new EvaluateOptions(List.of("pop", "semantic"), Map.of(), EvalOptions.defaults());
      assertThatThrownBy(() -> Evaluation.run(data, o, TandemConfig.DEFAULTS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("semantic needs item embeddings")
          .hasMessageContaining("--home");
    }
  }
}

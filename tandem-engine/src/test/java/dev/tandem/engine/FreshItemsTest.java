package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fresh-item overlay: items upserted after training are ranked by semantic and hybrid at once
 * (real default embedding model, a handful of items), filtered like trained items, and superseded
 * by the next snapshot.
 */
class FreshItemsTest {
  @TempDir Path home;

  private static Item book(String id, String title, String description, String genre, boolean available) {
    return new Item(id, title, description, List.of(genre), List.of(), Map.of(), 0, available);
  }

  private static final Item HYPER = book("hyper", "Hyperion", "Pilgrims travel across the galaxy to the Time Tombs.",
      "Science fiction", true);

  private static Recommendation find(RecommendResult r, String id) {
    return r.items().stream().filter(x -> x.itemId().equals(id)).findFirst().orElse(null);
  }

  private static List<String> ids(RecommendResult r) {
    return r.items().stream().map(Recommendation::itemId).toList();
  }

  @Test
  void upserted_items_are_recommendable_at_once_filtered_and_superseded_by_the_next_snapshot() throws Exception {
    Files.writeString(home.resolve("tandem.toml"), TandemConfig.defaultText().replace("threads = 0\n", "threads = 2\n"));
    try (Tandem t = Tandem.open(home)) {
      t.store().items().upsert(List.of(
          book("dune", "Dune", "A desert planet, spice and interstellar empires.", "Science fiction", true),
          book("found", "Foundation", "A galactic empire falls; psychohistory predicts the future.", "Science fiction",
              true),
          HYPER,
          book("salt", "Salt Fat Acid Heat", "A cookbook on the elements of good cooking.", "Cooking", true),
          book("bread", "Flour Water Salt Yeast", "Baking artisan bread and pizza at home.", "Cooking", true),
          book("garden", "The Vegetable Gardener's Bible", "Growing vegetables in raised beds.", "Gardening", true)));
      List<Feedback> fb = new ArrayList<>();
      for (int u = 0; u < 6; u++) {
        fb.add(new Feedback("c" + u, "salt", "purchase", 1, 100 + u));
        fb.add(new Feedback("c" + u, "bread", "purchase", 1, 100 + u));
        fb.add(new Feedback("s" + u, "dune", "purchase", 1, 100 + u));
        fb.add(new Feedback("s" + u, u % 2 == 0 ? "found" : "garden", "purchase", 1, 100 + u));
      }
      fb.add(new Feedback("reader", "dune", "purchase", 1, 200));
      fb.add(new Feedback("reader", "found", "purchase", 1, 201));
      t.store().feedback().append(fb);
      assertThat(t.itemsUpserted(List.of(HYPER))).as("nothing trained yet").isZero();
      t.train(new TrainOptions(List.of("pop", "semantic", "hybrid", "rrf"),
          TrainOptions.parseParams(Map.of("rrf", Map.of("channels", "semantic,pop"))), (m, s) -> {}));
      assertThat(t.freshItems()).isEmpty();

      // a copy of the cold trained item "hyper" under a new id, and a cookbook
      Item hyper2 = new Item("hyper2", HYPER.title(), HYPER.description(), HYPER.categories(), List.of(), Map.of(), 0,
          true);
      Item cake = book("cake", "The Cake Bible", "Baking layer cakes and frosting at home.", "Cooking", true);
      t.store().items().upsert(List.of(hyper2, cake));
      assertThat(t.itemsUpserted(List.of(hyper2, cake))).isEqualTo(2);
      assertThat(t.freshItems()).containsExactly("hyper2", "cake");

      // same document, same vector: exactly the trained item's score (hybrid: hyper has no interactions, no offset)
      for (String model : List.of("semantic", "hybrid")) {
        RecommendResult r = t.recommend("reader", RecommendOptions.top(8).withModel(model));
        assertThat(find(r, "hyper2")).as(model + " " + ids(r)).isNotNull();
        assertThat(find(r, "hyper2").score()).as(model).isEqualTo(find(r, "hyper").score());
        assertThat(find(r, "hyper2").title()).isEqualTo("Hyperion");
        assertThat(ids(r)).doesNotContain("dune", "found").hasSize(6);
      }
      // rrf over semantic and pop: hyper2 takes the semantic term of the rank right after hyper, nothing from pop
      RecommendResult rrf = t.recommend("reader", RecommendOptions.top(8).withModel("rrf"));
      int hyperRank = find(rrf, "hyper").evidence().stream().filter(c -> c.channel().equals("semantic"))
          .findFirst().orElseThrow().rank();
      assertThat(hyperRank).isPositive();
      assertThat(find(rrf, "hyper2").score()).isEqualTo((float) (1.0 / (60 + hyperRank + 1)));
      assertThat(find(rrf, "hyper2").evidence()).isEmpty();
      RecommendResult sem = t.recommend("reader", RecommendOptions.top(2).withModel("semantic"));
      assertThat(ids(sem)).containsExactly("hyper", "hyper2");
      // similar by semantic: the fresh copy is the trained item's nearest neighbour and the other way round
      RecommendResult likeHyper = t.similar("hyper", RecommendOptions.top(2).withModel("semantic"));
      assertThat(likeHyper.items().get(0).itemId()).isEqualTo("hyper2");
      assertThat(likeHyper.items().get(0).score()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
      RecommendResult likeFresh = t.similar("hyper2", RecommendOptions.top(3).withModel("semantic"));
      assertThat(ids(likeFresh)).startsWith("hyper").doesNotContain("hyper2");
      assertThat(likeFresh.items().get(0).score()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
      assertThat(likeFresh.items().get(1).score())
          .isEqualTo(t.similar("hyper", RecommendOptions.top(3).withModel("semantic")).items().get(1).score());
      // pop cannot score content: no fresh item
      assertThat(ids(t.recommend("reader", RecommendOptions.top(8).withModel("pop")))).doesNotContain("hyper2", "cake");
      // the category filter holds for fresh items, also for a label only a fresh item has
      assertThat(ids(t.recommend("reader", RecommendOptions.top(8).withModel("semantic").withCategory("cooking"))))
          .containsExactlyInAnyOrder("salt", "bread", "cake");
      Item pastry = new Item("pastry", "Pastry Love", "Pies, tarts and pastry.", List.of("Pastry"), List.of(), Map.of(),
          0, true);
      t.store().items().upsert(List.of(pastry));
      assertThat(t.itemsUpserted(List.of(pastry))).isEqualTo(1);
      assertThat(ids(t.recommend("reader", RecommendOptions.top(8).withModel("semantic").withCategory("pastry"))))
          .containsExactly("pastry");

      // unavailable: kept in the overlay, never recommended; re-upserting updates in place
      Item gone = new Item("hyper2", HYPER.title(), HYPER.description(), HYPER.categories(), List.of(), Map.of(), 0,
          false);
      t.store().items().upsert(List.of(gone));
      assertThat(t.itemsUpserted(List.of(gone))).isEqualTo(1);
      assertThat(t.freshItems()).containsExactly("hyper2", "cake", "pastry");
      assertThat(ids(t.recommend("reader", RecommendOptions.top(8).withModel("semantic")))).doesNotContain("hyper2");
      t.store().items().upsert(List.of(hyper2));
      t.itemsUpserted(List.of(hyper2));

      // feedback on a fresh item excludes it for that user only
      t.store().feedback().append(List.of(new Feedback("reader", "hyper2", "purchase", 1, 300)));
      assertThat(ids(t.recommend("reader", RecommendOptions.top(8).withModel("semantic")))).doesNotContain("hyper2");
      assertThat(ids(t.recommend("s0", RecommendOptions.top(8).withModel("semantic")))).contains("hyper2");

      // deleting removes it from the overlay; an item whose document became empty leaves it too
      t.store().items().delete("cake");
      t.itemsDeleted(List.of("cake"));
      Item blank = new Item("pastry", "", "", List.of(), List.of(), Map.of(), 0, true);
      t.store().items().upsert(List.of(blank));
      assertThat(t.itemsUpserted(List.of(blank))).isZero();
      assertThat(t.freshItems()).containsExactly("hyper2");

      // the next snapshot holds hyper2: the overlay is empty and the snapshot serves it
      t.train(new TrainOptions(List.of("pop", "semantic", "hybrid"), Map.of(), (m, s) -> {}));
      assertThat(t.freshItems()).isEmpty();
      assertThat(t.snapshotHeader().items().indexOf("hyper2")).isNotNegative();
      assertThat(ids(t.recommend("s0", RecommendOptions.top(8).withModel("semantic")))).contains("hyper2");
      assertThat(ids(t.recommend("reader", RecommendOptions.top(8).withModel("semantic")))).doesNotContain("hyper2");
      assertThat(Set.copyOf(t.store().embeddings().get(
          dev.tandem.llm.embed.Embedders.spec(t.config().embed().model()).id(),
          Set.of(dev.tandem.store.EmbeddingCache.hash(t.itemTexts(t.snapshotHeader().items())
              .texts()[t.snapshotHeader().items().indexOf("hyper2")]))).keySet())).hasSize(1);
    }
  }
}

package dev.tandem.engine.ask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.engine.Deadline;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TandemConfig;
import dev.tandem.engine.TrainOptions;
import dev.tandem.llm.explain.Narrowing.Kind;
import dev.tandem.llm.explain.Narrowing;
import dev.tandem.llm.intent.Goal;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.Range;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Items posted after training (the fresh-item overlay, real default embedding model) are /ask
 * candidates under the same hard constraints: labels and availability from the item, exclusions
 * against its document, ranges on its attributes, and the user's own feedback on it.
 */
class AskFreshTest {
  private static final double INF = Double.POSITIVE_INFINITY;
  @TempDir Path home;

  private static Item book(String id, String title, String description, String genre, List<String> tags, int pages,
      boolean available) {
    return new Item(id, title, description, List.of(genre), tags, Map.of("pages", new Attribute.Number(pages)), 0,
        available);
  }

  @Test
  void fresh_items_that_meet_the_constraints_are_answered_and_the_others_never() throws Exception {
    Files.writeString(home.resolve("tandem.toml"), TandemConfig.defaultText().replace("threads = 0\n", "threads = 2\n"));
    try (Tandem t = Tandem.open(home)) {
      t.store().items().upsert(List.of(
          book("m1", "Cosy village murder", "Tea and a vicar in an English village.", "mystery", List.of("cosy"), 250,
              true),
          book("m2", "Noir killer", "Rain and a gun in the city.", "mystery", List.of("dark"), 400, true),
          book("s1", "Space opera empire", "Starships and galactic war.", "scifi", List.of(), 500, true),
          book("s2", "Mars colony", "Settlers on the red planet.", "scifi", List.of(), 300, true)));
      List<Feedback> fb = new ArrayList<>();
      for (int u = 0; u < 6; u++) {
        fb.add(new Feedback("u" + u, u % 2 == 0 ? "m1" : "s1", "purchase", 1, 100));
        fb.add(new Feedback("u" + u, u % 2 == 0 ? "m2" : "s2", "purchase", 1, 101));
      }
      t.store().feedback().append(fb);
      t.train(new TrainOptions(List.of("pop", "semantic"), Map.of(), (m, s) -> { }));

      List<Item> posted = List.of(
          book("f1", "Cosy bakery mystery", "Cakes, clues and a village baker.", "mystery", List.of(), 180, true),
          book("f2", "Grim serial case", "A dark tale of a detective.", "mystery", List.of(), 200, true),
          book("f3", "Vicarage tea murder", "A cosy village puzzle.", "mystery", List.of(), 220, false),
          book("f4", "Long detective saga", "A cosy village mystery in many parts.", "mystery", List.of(), 600, true),
          book("f5", "Starship voyage", "A generation ship between stars.", "scifi", List.of(), 150, true));
      t.store().items().upsert(posted);
      assertThat(t.itemsUpserted(posted)).isEqualTo(5);

      // mystery, nothing dark, at most 300 pages: of the trained items m1; of the fresh ones f1 (f2 says
      // dark, f3 is unavailable, f4 is too long, f5 is no mystery)
      Intent intent = new Intent(Goal.RECOMMEND, List.of("mystery"), List.of("dark"),
          List.of(new Range("pages", Double.NEGATIVE_INFINITY, 300)), 0, List.of(), "cosy village mystery", "en");
      AskResult r = t.ask(new AskRequest("", Session.NEW, "(explicit intent)", 5), (text, cat, shown) -> intent);
      assertThat(r.items()).extracting(AskItem::itemId).containsExactlyInAnyOrder("m1", "f1");
      AskItem f1 = r.items().stream().filter(i -> i.itemId().equals("f1")).findFirst().orElseThrow();
      assertThat(f1.title()).isEqualTo("Cosy bakery mystery");
      assertThat(f1.matchRank()).isPositive(); // semantic scored it from its content
      assertThat(f1.personalRank()).isZero(); // popularity cannot score an item nobody has seen
      assertThat(f1.matched()).containsExactly("mystery", "pages=180 in [-Infinity, 300.0]");
      // no history or co-occurrence explains a fresh item yet: it says it is new and what it matches
      RecommendResult explained = t.explain(r, Deadline.NONE);
      int at = r.items().indexOf(f1);
      assertThat(explained.items().get(at).explanation().sentence())
          .isEqualTo("New in the catalogue; matches \u201cmystery\u201d.");
      // the 4 trained and 5 fresh items are the catalogue the counts are over
      assertThat(r.matching()).isEqualTo(2);
      assertThat(r.shortfall()).containsExactly(
          Narrowing.of(Kind.AVAILABLE, List.of(), 8, 3), // without it: m1, f1, f3
          Narrowing.of(Kind.INCLUDE, List.of("mystery"), 6, 4), // m1, s2, f1, f5
          Narrowing.of(Kind.EXCLUDE, List.of("dark"), 7, 3), // m1, f1, f2
          new Narrowing(Kind.RANGE, List.of("pages"), Double.NEGATIVE_INFINITY, 300, 6, 3), // m1, f1, f4
          Narrowing.of(Kind.SEEN, List.of(), 9, 2));

      // a fresh item can be a reference: its document vector asks semantic for its neighbours, and it never
      // comes back itself; f3 (unavailable) neither
      Intent like = new Intent(Goal.SIMILAR_TO, List.of(), List.of(), List.of(), 0,
          List.of(new dev.tandem.llm.intent.Reference("the bakery one", "f1")), "", "en");
      AskResult similar = t.ask(new AskRequest("", Session.NEW, "(explicit intent)", 3), (text, cat, shown) -> like);
      assertThat(similar.intent().references()).extracting(dev.tandem.llm.intent.Reference::itemId)
          .containsExactly("f1");
      assertThat(similar.titles()).containsEntry("f1", "Cosy bakery mystery");
      assertThat(similar.session().liked()).containsExactly("f1");
      assertThat(similar.items()).hasSize(3).extracting(AskItem::itemId).doesNotContain("f1", "f3");
      assertThat(similar.items().get(0).similarRank()).isPositive();

      // a user who already bought f1 does not get it again
      t.store().feedback().append(List.of(new Feedback("fan", "f1", "purchase", 1, 200)));
      AskResult fan = t.ask(new AskRequest("fan", Session.NEW, "(explicit intent)", 5), (text, cat, shown) -> intent);
      assertThat(fan.items()).extracting(AskItem::itemId).containsExactly("m1");
    }
  }
}

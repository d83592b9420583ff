package dev.tandem.engine;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 12-book catalogue the {@link Tandem#ask} tests share: mysteries m1 (250 pages, cosy), m2
 * (400, dark), m3 (180, cosy), m4 (320, "fog" in its title), m5 (no pages, "a dark tale");
 * science fiction s1 500, s2 300, s3 280, s4 350; romance r1 200, r2 220, r3 240. All available.
 * 36 readers u0..u35 each read all but one book of one genre; user fan read m1. Trained with pop,
 * ease and bm25.
 */
final class AskBooks {
  private AskBooks() {}

  static Item item(String id, String title, String description, String category, List<String> tags,
      Integer pages) {
    Map<String, Attribute> attrs = new LinkedHashMap<>();
    if (pages != null) {
      attrs.put("pages", new Attribute.Number(pages));
    }
    return new Item(id, title, description, List.of(category), tags, attrs, 0, true);
  }

  /**
   * Fills and trains {@code t}'s home.
   *
   * @param romanceMostPopular whether three more readers read every romance (then romance is the
   *     most popular genre)
   */
  static void fill(Tandem t, boolean romanceMostPopular) throws IOException {
    t.store().items().upsert(List.of(
        item("m1", "Cosy village murder", "tea and a vicar", "mystery", List.of("cosy"), 250),
        item("m2", "Noir killer", "rain and a gun", "mystery", List.of("dark"), 400),
        item("m3", "Cosy bakery mystery", "cakes and clues", "mystery", List.of("cosy"), 180),
        item("m4", "Detective in the fog", "London streets", "mystery", List.of(), 320),
        item("m5", "Grim serial case", "a dark tale", "mystery", List.of(), null),
        item("s1", "Space opera empire", "starships", "scifi", List.of(), 500),
        item("s2", "Mars colony", "red planet", "scifi", List.of(), 300),
        item("s3", "Generation starship", "long voyage", "scifi", List.of(), 280),
        item("s4", "Alien contact", "first words", "scifi", List.of(), 350),
        item("r1", "Summer love", "beach", "romance", List.of(), 200),
        item("r2", "Paris romance", "cafe", "romance", List.of(), 220),
        item("r3", "Wedding season", "vows", "romance", List.of(), 240)));
    List<Feedback> fb = new ArrayList<>();
    String[][] groups = {{"m1", "m2", "m3", "m4", "m5"}, {"s1", "s2", "s3", "s4"}, {"r1", "r2", "r3"}};
    for (int u = 0; u < 36; u++) {
      String[] g = groups[u % 3];
      for (int k = 0; k < g.length; k++) {
        if (k != (u / 3) % g.length) {
          fb.add(new Feedback("u" + u, g[k], "purchase", 1, 100 + k));
        }
      }
    }
    if (romanceMostPopular) {
      for (int u = 0; u < 3; u++) {
        for (String r : groups[2]) {
          fb.add(new Feedback("rr" + u, r, "purchase", 1, 100));
        }
      }
    }
    fb.add(new Feedback("fan", "m1", "purchase", 1, 1));
    t.store().feedback().append(fb);
    t.train(new TrainOptions(List.of("pop", "ease", "bm25"), Map.of(), (m, s) -> { }));
  }
}

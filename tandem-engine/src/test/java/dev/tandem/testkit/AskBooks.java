package dev.tandem.testkit;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.User;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small book catalogues the {@code ask} tests of the engine, the server and the CLI share
 * (until issue 13 each module had its own copy of this class). There are three catalogues because
 * each module's assertions were written against its own; they differ in size on purpose (the
 * engine's has a genre with a missing attribute and a romance genre that can be made the most
 * popular; the server's has a user with no history; the CLI's trains in a home it then closes).
 */
public final class AskBooks {
  private AskBooks() {}

  /** An available item with one category and, unless {@code pages} is null, a {@code pages} attribute. */
  public static Item item(String id, String title, String description, String category, List<String> tags,
      Integer pages) {
    Map<String, Attribute> attrs = new LinkedHashMap<>();
    if (pages != null) {
      attrs.put("pages", new Attribute.Number(pages));
    }
    return new Item(id, title, description, List.of(category), tags, attrs, 0, true);
  }

  /**
   * Fills and trains {@code t}'s home with the twelve books of the engine's {@code ask} tests
   * (mysteries m1 250 pages cosy, m2 400 dark, m3 180 cosy, m4 320 with "fog" in its title, m5 no
   * pages and "a dark tale"; science fiction s1 500, s2 300, s3 280, s4 350; romance r1 200, r2 220,
   * r3 240; all available): 36 readers u0..u35 each read all but one book of one genre, user fan
   * read m1. Trained with pop, ease and bm25.
   *
   * @param romanceMostPopular whether three more readers read every romance (then romance is the
   *     most popular genre)
   */
  public static void fill(Tandem t, boolean romanceMostPopular) throws IOException {
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

  /**
   * Fills and trains {@code tandem}'s home with the seven books of the server's {@code /ask} tests:
   * mysteries m1..m4 (m1, m3 cosy; m2, m4 dark; 200, 250, 300, 350 pages), science fiction s1..s3;
   * 20 readers u0..u19 who each read all but one book of one genre; users fan (read s1) and quiet
   * (no history). Trained with pop, ease and bm25.
   */
  public static void fillSeven(Tandem tandem) throws IOException {
    List<Item> items = new ArrayList<>();
    String[][] m = {{"m1", "Cosy village murder", "cosy"}, {"m2", "Noir killer", "dark"},
        {"m3", "Cosy bakery mystery", "cosy"}, {"m4", "Detective in the fog", "dark"}};
    for (int i = 0; i < m.length; i++) {
      items.add(new Item(m[i][0], m[i][1], "", List.of("mystery"), List.of(m[i][2]),
          Map.of("pages", new Attribute.Number(200 + 50 * i)), 0, true));
    }
    for (int i = 1; i <= 3; i++) {
      items.add(new Item("s" + i, "Space " + i, "", List.of("scifi"), List.of(), Map.of(), 0, true));
    }
    tandem.store().items().upsert(items);
    List<Feedback> fb = new ArrayList<>();
    for (int u = 0; u < 20; u++) {
      String[] g = u % 2 == 0 ? new String[] {"m1", "m2", "m3", "m4"} : new String[] {"s1", "s2", "s3"};
      for (int k = 0; k < g.length; k++) {
        if (k != (u / 2) % g.length) {
          fb.add(new Feedback("u" + u, g[k], "purchase", 1, 100));
        }
      }
    }
    fb.add(new Feedback("fan", "s1", "purchase", 1, 1));
    tandem.store().feedback().append(fb);
    tandem.store().users().upsert(List.of(User.of("fan"), User.of("quiet")));
    tandem.train(new TrainOptions(List.of("pop", "ease", "bm25"), Map.of(), (a, b) -> { }));
  }

  /**
   * Fills and trains the home at {@code home} (opened and closed here) with the six books of the
   * CLI's {@code tandem ask} tests: mysteries m1 cosy 250 pages, m2 dark 400, m3 cosy 180; science
   * fiction s1 epic 500, s2 epic 300, s3 quiet 280; twelve readers u0..u11 who each read two books
   * of one genre. Trained with pop, ease and bm25.
   */
  public static void fillSix(Path home) throws IOException {
    try (Tandem t = Tandem.open(home)) {
      List<Item> items = new ArrayList<>();
      String[][] b = {{"m1", "Cosy village murder", "mystery", "cosy", "250"}, {"m2", "Noir killer", "mystery", "dark", "400"},
          {"m3", "Cosy bakery mystery", "mystery", "cosy", "180"}, {"s1", "Space empire", "scifi", "epic", "500"},
          {"s2", "Mars colony", "scifi", "epic", "300"}, {"s3", "Generation ship", "scifi", "quiet", "280"}};
      for (String[] x : b) {
        items.add(new Item(x[0], x[1], "", List.of(x[2]), List.of(x[3]),
            Map.of("pages", new Attribute.Number(Double.parseDouble(x[4]))), 0, true));
      }
      t.store().items().upsert(items);
      List<Feedback> fb = new ArrayList<>();
      for (int u = 0; u < 12; u++) {
        String g = u % 2 == 0 ? "m" : "s";
        for (int k = 1; k <= 3; k++) {
          if (k != 1 + (u / 2) % 3) {
            fb.add(new Feedback("u" + u, g + k, "purchase", 1, 100));
          }
        }
      }
      t.store().feedback().append(fb);
      t.train(new TrainOptions(List.of("pop", "ease", "bm25"), Map.of(), (m, s) -> { }));
    }
  }
}

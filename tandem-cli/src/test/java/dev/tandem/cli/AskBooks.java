package dev.tandem.cli;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The home the {@code tandem ask} tests share: six books (mysteries m1 cosy 250 pages, m2 dark 400,
 * m3 cosy 180; science fiction s1 epic 500, s2 epic 300, s3 quiet 280), twelve readers u0..u11 who
 * each read two books of one genre, trained with pop, ease and bm25.
 */
final class AskBooks {
  private AskBooks() {}

  static void fill(Path home) throws IOException {
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

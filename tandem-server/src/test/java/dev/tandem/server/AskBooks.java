package dev.tandem.server;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.User;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The home the {@code /ask} server tests share: mysteries m1..m4 (m1, m3 cosy; m2, m4 dark; 200,
 * 250, 300, 350 pages), science fiction s1..s3; 20 readers u0..u19 who each read all but one book
 * of one genre; users fan (read s1) and quiet (no history). Trained with pop, ease and bm25.
 */
final class AskBooks {
  private AskBooks() {}

  static void fill(Tandem tandem) throws IOException {
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
}

package dev.tandem.testkit;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.engine.Tandem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A home with learnable taste: 60 users in three taste groups over 30 items of three genres,
 * seeded, so that evaluations have a clear winner (EASE over popularity).
 */
public final class TasteGroups {
  private TasteGroups() {}

  /** 60 users in three taste groups over 30 items (genre g0..g2), rated 1..5, plus clicks. */
  public static void fill(Tandem t) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      items.add(new Item("i" + i, "Item " + i, "", List.of("g" + i % 3), List.of(), Map.of(), 0, true));
    }
    t.store().items().upsert(items);
    Random r = new Random(3);
    List<Feedback> fb = new ArrayList<>();
    for (int u = 0; u < 60; u++) {
      for (int i = 0; i < 30; i++) {
        boolean taste = i % 3 == u % 3;
        if (r.nextDouble() < (taste ? 0.6 : 0.1)) {
          fb.add(new Feedback("u" + u, "i" + i, "rating", taste ? 4 + r.nextInt(2) : 1 + r.nextInt(3), 1000 + r.nextInt(500)));
        }
      }
      fb.add(new Feedback("u" + u, "i" + (u % 3), "click", 1, 5000)); // a click on a rated item: one positive
      fb.add(new Feedback("u" + u, "disliked", "dislike", 1, 5001)); // negative weight: never a positive
    }
    t.store().feedback().append(fb);
  }
}

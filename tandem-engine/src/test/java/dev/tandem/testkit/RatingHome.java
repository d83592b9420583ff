package dev.tandem.testkit;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tiny rating set with known structure, for rating prediction: genre A items {@code a0..a3},
 * genre B items {@code b0..b3}. Twelve users {@code fanA0..fanA5} rate every A item 5 and every
 * B item 1, {@code fanB0..fanB5} the other way round. User {@code tA} rated a0, a1 high and b0,
 * b1 low (so a2, a3, b2, b3 are unseen), {@code tB} the other way round, and {@code clicker} has
 * only a click (no ratings).
 */
public final class RatingHome {
  private RatingHome() {}

  /** Writes the items and ratings into {@code tandem} and trains {@code pop} and {@code models}. */
  public static void fill(Tandem tandem, List<String> models) throws IOException {
    List<Item> items = new ArrayList<>();
    for (String g : List.of("a", "b")) {
      for (int k = 0; k < 4; k++) {
        items.add(new Item(g + k, "Item " + g + k, "", List.of(g), List.of(), Map.of(), 0, true));
      }
    }
    List<Feedback> fb = new ArrayList<>();
    for (int u = 0; u < 6; u++) {
      for (int k = 0; k < 4; k++) {
        fb.add(new Feedback("fanA" + u, "a" + k, "rating", 5, 10 + k));
        fb.add(new Feedback("fanA" + u, "b" + k, "rating", 1, 20 + k));
        fb.add(new Feedback("fanB" + u, "a" + k, "rating", 1, 10 + k));
        fb.add(new Feedback("fanB" + u, "b" + k, "rating", 5, 20 + k));
      }
    }
    fb.add(new Feedback("tA", "a0", "rating", 5, 1));
    fb.add(new Feedback("tA", "a1", "rating", 4, 2));
    fb.add(new Feedback("tA", "b0", "rating", 1, 3));
    fb.add(new Feedback("tA", "b1", "rating", 2, 4));
    fb.add(new Feedback("tB", "a0", "rating", 1, 1));
    fb.add(new Feedback("tB", "b0", "rating", 5, 2));
    fb.add(new Feedback("tB", "b1", "rating", 4, 3));
    fb.add(new Feedback("clicker", "a0", "click", 1, 1));
    tandem.store().items().upsert(items);
    tandem.store().feedback().append(fb);
    List<String> all = new ArrayList<>(List.of("pop"));
    all.addAll(models);
    tandem.train(new TrainOptions(all, Map.of(), (m, s) -> {}));
  }
}

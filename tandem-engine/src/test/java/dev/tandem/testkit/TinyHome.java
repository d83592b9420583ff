package dev.tandem.testkit;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.ServerConfig.ApiKey;
import dev.tandem.engine.ServerConfig.Scope;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small trained home for server tests: items a..d (category x), users u0..u3 who like a and b
 * or c, popularity, item-kNN and EASE (the default recommend.model) trained; keys for each scope.
 */
public final class TinyHome {
  /** The key with scope read. */
  public static final String READ_KEY = "reader-0123456789abcdef";
  /** The key with scope write. */
  public static final String WRITE_KEY = "writer-0123456789abcdef";
  /** The key with scope admin. */
  public static final String ADMIN_KEY = "boss-0123456789abcdef";
  /** One key per scope: reader, writer and boss. */
  public static final List<ApiKey> KEYS = List.of(new ApiKey("reader", READ_KEY, Scope.READ),
      new ApiKey("writer", WRITE_KEY, Scope.WRITE), new ApiKey("boss", ADMIN_KEY, Scope.ADMIN));

  private TinyHome() {}

  /** Opens {@code home} with the four items and eight events, trained with pop, itemknn and ease. */
  public static Tandem open(Path home) throws IOException {
    Tandem tandem = Tandem.open(home);
    fill(tandem, List.of("pop", "itemknn", "ease"));
    return tandem;
  }

  /**
   * Writes the four items a..d and the eight events (u0..u3 like a, then b or c) into
   * {@code tandem}, and trains {@code models}.
   */
  public static void fill(Tandem tandem, List<String> models) throws IOException {
    List<Item> items = new ArrayList<>();
    for (String id : List.of("a", "b", "c", "d")) {
      items.add(new Item(id, "Item " + id, "", List.of("x"), List.of(), Map.of(), 0, true));
    }
    List<Feedback> fb = new ArrayList<>();
    for (int u = 0; u < 4; u++) {
      fb.add(new Feedback("u" + u, "a", "like", 1, 1));
      fb.add(new Feedback("u" + u, u % 2 == 0 ? "b" : "c", "like", 1, 2));
    }
    tandem.store().items().upsert(items);
    tandem.store().feedback().append(fb);
    tandem.train(new TrainOptions(models, Map.of(), (m, s) -> {}));
  }

  /**
   * {@code config} with a one-minute request deadline instead of the default 2 s: for tests that are
   * not about deadlines, so that a loaded machine (a first {@code /ask} loading the encoder while
   * other builds run) cannot turn their answers into 503s.
   */
  public static ServerConfig patient(ServerConfig config) {
    ServerConfig.Limits l = config.limits();
    return config.withLimits(new ServerConfig.Limits(l.maxBatch(), l.maxHistory(), l.maxQueryChars(),
        java.time.Duration.ofMinutes(1)));
  }

  /**
   * Keys for every scope, reads closed, the given body limit, no rate limit, no access log (its
   * default, standard output, would fill the build's output; {@code ObservabilityTest} logs to a file).
   */
  public static ServerConfig config(long maxBody) {
    return new ServerConfig(false, maxBody, 0, 1, KEYS).withAccessLog(ServerConfig.ACCESS_LOG_OFF);
  }
}

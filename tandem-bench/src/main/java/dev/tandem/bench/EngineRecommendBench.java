package dev.tandem.bench;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.History;
import dev.tandem.core.data.Item;
import dev.tandem.engine.RecommendOptions;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's recommend path on a synthetic home built in setup (no data files needed):
 * {@code items} items in 20 categories, 2,000 users with 30 seeded events each, {@code model}
 * trained. {@code history} runs {@link Tandem#recommend(History, RecommendOptions)} (routing,
 * fallback, filters, scoring, rendering; no store read of the history), {@code user} also reads
 * the stored history. Run with the gc profiler to see allocation per operation:
 *
 * <pre>
 * ./mvnw -B -o -q -pl tandem-bench -am package -DskipTests
 * java -jar tandem-bench/target/benchmarks.jar EngineRecommendBench -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class EngineRecommendBench {
  /** Catalogue size. */
  @Param({"20000"})
  public int items;

  /** The model trained and asked. */
  @Param({"itemknn"})
  public String model;

  private Path home;
  private Tandem tandem;
  private final List<String> users = new ArrayList<>();
  private final List<History> histories = new ArrayList<>();
  private RecommendOptions options;
  private int next;

  /** Builds and trains the synthetic home. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    home = Files.createTempDirectory("engine-bench");
    tandem = Tandem.open(home);
    List<Item> catalogue = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      catalogue.add(new Item("i" + i, "Item " + i, "", List.of("c" + (i % 20)), List.of(), Map.of(), 0L, true));
    }
    tandem.store().items().upsert(catalogue);
    SplittableRandom rnd = new SplittableRandom(42);
    List<Feedback> events = new ArrayList<>();
    for (int u = 0; u < 2000; u++) {
      int base = rnd.nextInt(items);
      for (int e = 0; e < 30; e++) {
        // a user's items cluster around a base, so that co-occurrence has structure
        int item = Math.floorMod(base + rnd.nextInt(200) - 100, items);
        events.add(new Feedback("u" + u, "i" + item, "like", 1, 1_000_000L + e));
      }
    }
    tandem.store().feedback().append(events);
    tandem.train(new TrainOptions(List.of(model, "pop"), Map.of(), (m, s) -> { }));
    for (int k = 0; k < 500; k++) {
      String u = "u" + rnd.nextInt(2000);
      users.add(u);
      histories.add(tandem.historyOf(u));
    }
    options = RecommendOptions.top(10).withModel(model);
  }

  /** Closes the home and deletes it. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    tandem.close();
    try (Stream<Path> files = Files.walk(home)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Recommend for an in-memory history. */
  @Benchmark
  public RecommendResult history() throws Exception {
    return tandem.recommend(histories.get(next++ % histories.size()), options);
  }

  /** Recommend for a stored user (history read from the store's cache). */
  @Benchmark
  public RecommendResult user() throws Exception {
    return tandem.recommend(users.get(next++ % users.size()), options);
  }
}

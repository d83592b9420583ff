package dev.tandem.bench;

import dev.tandem.core.data.History;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.Request;
import dev.tandem.core.model.ScoredItems;
import dev.tandem.engine.RecommendOptions;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Tandem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Recommend latency from a loaded snapshot, in-process: {@code model} scores a stored user's
 * history and selects the top 10 (what a server does per request once the history is in memory);
 * {@code endToEnd} also reads the history from the store and the titles from the catalogue.
 * SampleTime mode reports p50/p99.
 *
 * <pre>
 * ./tandem --home /tmp/gb import goodbooks ../shared/data/goodbooks-10k
 * ./tandem --home /tmp/gb train
 * ./mvnw -q -pl tandem-bench -am package -DskipTests
 * java -jar tandem-bench/target/benchmarks.jar RecommendBench -p home=/tmp/gb -p model=ease,ials,itemknn,pop
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class RecommendBench {
  @Param({"tandem-home"})
  public String home;

  @Param({"ease"})
  public String model;

  private Tandem tandem;
  private Model scorer;
  private final List<String> users = new ArrayList<>();
  private final List<History> histories = new ArrayList<>();
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    tandem = Tandem.open(Path.of(home));
    scorer = tandem.model(model);
    List<String> all = new ArrayList<>();
    tandem.store().feedback().scan((user, item, type, value, ts) -> {
      if (all.isEmpty() || !all.get(all.size() - 1).equals(user)) {
        all.add(user);
      }
    });
    SplittableRandom rnd = new SplittableRandom(42);
    for (int k = 0; k < 1000 && !all.isEmpty(); k++) {
      String u = all.get(rnd.nextInt(all.size()));
      users.add(u);
      histories.add(tandem.historyOf(u));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    tandem.close();
  }

  @Benchmark
  public ScoredItems model() {
    History h = histories.get(next++ % histories.size());
    return scorer.recommend(h, Request.top(10));
  }

  @Benchmark
  public RecommendResult endToEnd() throws Exception {
    String u = users.get(next++ % users.size());
    return tandem.recommend(u, RecommendOptions.top(10).withModel(model));
  }
}

package dev.tandem.bench;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.eval.EvalData;
import dev.tandem.core.eval.SplitFolder;
import dev.tandem.core.retrieval.Ease;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: one EASE fit on a {@code train.csv} (single-shot, a fit is seconds long).
 *
 * <pre>
 * java -jar tandem-bench/target/benchmarks.jar EaseFitBench -p trainCsv=/tmp/ref/gb-holdout/train.csv
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class EaseFitBench {
  @Param("/tmp/ref/gb-holdout/train.csv")
  public String trainCsv;

  @Param("500")
  public double lambda;

  private Interactions data;

  @Setup
  public void read() throws Exception {
    data = EvalData.of(SplitFolder.read(Path.of(trainCsv).getParent())).train();
  }

  @Benchmark
  public Ease fit() {
    return new Ease.Trainer(new Ease.Params(lambda)).fit(data);
  }
}

package dev.tandem.bench;

import dev.tandem.llm.embed.Embedders;
import dev.tandem.llm.embed.ModelSpec;
import dev.tandem.llm.embed.OnnxEmbedder;
import dev.tandem.llm.embed.Vectors;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Documents per second of the in-process {@link OnnxEmbedder} on real item texts: the first N
 * lines of an {@code item_id<TAB>text} file (header skipped), in exact mode (each text alone) and
 * in padded batches of 32 sorted by length, with 1 and 2 threads. Each configuration is warmed up
 * on 64 texts first; batched vectors are compared with exact ones (minimum cosine).
 *
 * <pre>
 * ./mvnw -q -o -pl tandem-bench -am package -DskipTests
 * OPT_OUT_TRACKING=true java -Dai.djl.offline=true -cp tandem-bench/target/benchmarks.jar \
 *     dev.tandem.bench.EmbedThroughput 1000 /work/shared/data/amazon-scientific/Scientific.text bge-small-en-v15-q
 * </pre>
 */
public final class EmbedThroughput {
  private EmbedThroughput() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Path file = Path.of(args.length > 1 ? args[1] : "/work/shared/data/amazon-scientific/Scientific.text");
    String model = args.length > 2 ? args[2] : Embedders.DEFAULT;
    List<String> texts = readTexts(file, n);
    ModelSpec spec = Embedders.spec(model);
    System.out.printf(Locale.ROOT, "%s: %d texts from %s%n", spec.id(), texts.size(), file);

    float[][] exact = null;
    for (boolean exactBatching : new boolean[] {true, false}) {
      for (int threads : new int[] {1, 2}) {
        OnnxEmbedder.Options options = OnnxEmbedder.Options.defaults()
            .withExactBatching(exactBatching).withBatchSize(32).withThreads(threads);
        try (OnnxEmbedder e = OnnxEmbedder.open(spec, options)) {
          if (exact == null) {
            long tokens = 0;
            for (String t : texts) {
              tokens += e.tokenCount(t);
            }
            System.out.printf(Locale.ROOT, "mean tokens per text (truncated at %d): %.1f%n", spec.maxTokens(),
                tokens / (double) texts.size());
          }
          e.embedDocuments(texts.subList(0, Math.min(64, texts.size())));
          long t0 = System.nanoTime();
          float[][] v = e.embedDocuments(texts);
          double s = (System.nanoTime() - t0) / 1e9;
          String agreement = "";
          if (exact == null) {
            exact = v;
          } else {
            double min = 1;
            int identical = 0;
            for (int i = 0; i < v.length; i++) {
              min = Math.min(min, Vectors.dot(v[i], exact[i]));
              identical += Arrays.equals(v[i], exact[i]) ? 1 : 0;
            }
            agreement = String.format(Locale.ROOT, "  vs exact/1 thread: min cosine %.4f, %d/%d identical", min,
                identical, v.length);
          }
          System.out.printf(Locale.ROOT, "%-22s threads=%d  %7.1f docs/s  (%.2f s)%s%n",
              exactBatching ? "exactBatching=true" : "batched (batch 32)", threads, texts.size() / s, s, agreement);
        }
      }
    }
  }

  private static List<String> readTexts(Path file, int n) throws IOException {
    List<String> texts = new ArrayList<>(n);
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      r.readLine();
      String line;
      while (texts.size() < n && (line = r.readLine()) != null) {
        int tab = line.indexOf('\t');
        texts.add(tab < 0 ? line : line.substring(tab + 1));
      }
    }
    return texts;
  }
}

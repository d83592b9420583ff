package dev.tandem.bench;

import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.ItemTexts;
import dev.tandem.core.data.ItemVectors;
import dev.tandem.engine.Tandem;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a home's item vectors (embedding missing documents first) as {@code id \t v1 v2 ...}
 * lines, for cross-checks with reference tools: {@code scripts/semantic-crosscheck.sh} turns the
 * file into the {@code .npz} that {@code refrec.py score --model semantic --embeddings} reads.
 * With a third argument, also the embedded documents as {@code id \t text} lines (the input of
 * the reference embedders {@code embed.py} and {@code scripts/embed-reference/embed.mjs}).
 *
 * <pre>java -cp tandem-bench/target/benchmarks.jar dev.tandem.bench.ExportItemVectors HOME OUT.tsv [DOCS.tsv]</pre>
 */
public final class ExportItemVectors {
  private ExportItemVectors() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2 && args.length != 3) {
      throw new IllegalArgumentException("usage: ExportItemVectors HOME OUT.tsv [DOCS.tsv]");
    }
    try (Tandem tandem = Tandem.open(Path.of(args[0]))) {
      List<String> ids = new ArrayList<>();
      tandem.store().items().forEach(item -> ids.add(item.id()));
      ItemVectors v = tandem.itemVectors(IdIndex.of(ids));
      int d = v.dimension();
      int written = 0;
      try (BufferedWriter w = Files.newBufferedWriter(Path.of(args[1]))) {
        for (int i = 0; i < v.index().size(); i++) {
          if (!v.present().get(i)) {
            continue;
          }
          StringBuilder line = new StringBuilder(v.index().id(i)).append('\t');
          for (int k = 0; k < d; k++) {
            line.append(k == 0 ? "" : " ").append(v.data()[i * d + k]);
          }
          w.write(line.append('\n').toString());
          written++;
        }
      }
      System.out.println("wrote " + written + " vectors of dimension " + d + " to " + args[1]);
      if (args.length == 3) {
        ItemTexts texts = tandem.itemTexts(v.index());
        try (BufferedWriter w = Files.newBufferedWriter(Path.of(args[2]))) {
          for (int i = 0; i < texts.index().size(); i++) {
            String t = texts.text(i);
            if (t != null) {
              // documents have their whitespace collapsed to single spaces, so no tab or newline remains
              w.write(texts.index().id(i) + "\t" + t + "\n");
            }
          }
        }
        System.out.println("wrote " + texts.present() + " documents to " + args[2]);
      }
    }
  }
}

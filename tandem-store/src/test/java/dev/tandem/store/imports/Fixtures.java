package dev.tandem.store.imports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Test fixtures: copies of the hand-made folders under src/test/resources/fixtures, and real data. */
final class Fixtures {
  private Fixtures() {}

  /**
   * Copies fixture folder {@code name} into {@code dir}/name (so tests may add or change files).
   * Files named like real data sets ({@code u.data}, {@code ratings.csv}, {@code *.inter}, ...) are
   * committed with a {@code .fixture} suffix, so that nobody mistakes them for the shared data;
   * the suffix is dropped on copy.
   */
  static Path copy(String name, Path dir) {
    try {
      Path src = Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
      Path dst = dir.resolve(name);
      Files.createDirectories(dst);
      try (Stream<Path> files = Files.list(src)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          String fileName = f.getFileName().toString();
          if (fileName.endsWith(".fixture")) {
            fileName = fileName.substring(0, fileName.length() - ".fixture".length());
          }
          Files.copy(f, dst.resolve(fileName));
        }
      }
      return dst;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A folder of the shared real data sets; skips the test when it is absent. */
  static Path shared(String dataset) {
    String root = System.getProperty("tandem.shared");
    Assumptions.assumeTrue(root != null, "system property tandem.shared is not set: skipping real-data test");
    Path p = Path.of(root, "data", dataset);
    Assumptions.assumeTrue(Files.isDirectory(p), "shared data set " + p + " is absent: skipping real-data test");
    return p;
  }
}

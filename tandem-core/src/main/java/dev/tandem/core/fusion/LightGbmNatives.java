package dev.tandem.core.fusion;

import io.github.metarank.lightgbm4j.LGBMBooster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads LightGBM's native libraries from a directory private to this process.
 *
 * <p>lightgbm4j extracts {@code lib_lightgbm.so} and {@code lib_lightgbm_swig.so} into
 * {@code java.io.tmpdir} under fixed names when {@link LGBMBooster} initialises, overwriting
 * whatever is there. Another JVM that has already mapped those files then dies with SIGBUS the
 * next time it touches a rewritten page (seen here: an evaluation crashed while a test run
 * started). So the class is initialised once, with {@code java.io.tmpdir} pointing for that moment
 * at a fresh temporary directory of our own; the JDK caches its temporary directory on first use,
 * so other temporary files are unaffected.
 */
final class LightGbmNatives {
  private static volatile boolean loaded;
  private static Path directory;

  private LightGbmNatives() {}

  /** The private directory the natives were extracted to, or {@code null} before {@link #load}. */
  static synchronized Path directory() {
    return directory;
  }

  /** Makes sure the natives are loaded (idempotent, thread-safe). */
  static void load() {
    if (loaded) {
      return;
    }
    synchronized (LightGbmNatives.class) {
      if (loaded) {
        return;
      }
      String tmp = System.getProperty("java.io.tmpdir");
      try {
        Path dir = Files.createTempDirectory("tandem-lightgbm-");
        directory = dir;
        dir.toFile().deleteOnExit();
        System.setProperty("java.io.tmpdir", dir.toString());
        try {
          if (!LGBMBooster.isNativeLoaded()) { // initialises the class, which extracts and loads
            LGBMBooster.loadNative();
          }
        } finally {
          System.setProperty("java.io.tmpdir", tmp);
        }
        try (var files = Files.list(dir)) {
          files.forEach(f -> f.toFile().deleteOnExit());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot load LightGBM's native library (learned fusion)", e);
      }
      loaded = true;
    }
  }
}

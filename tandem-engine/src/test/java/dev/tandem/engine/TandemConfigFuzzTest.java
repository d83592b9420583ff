package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of {@code tandem.toml} loading (Jazzer): any bytes either load into a
 * valid configuration, or fail with an {@link IllegalArgumentException} that names the file (and,
 * for an invalid entry, the key) in a short message; never another exception. The committed
 * seeds ({@code TandemConfigFuzzTestInputs/toml/}) run in every build; {@code scripts/fuzz.sh --only
 * TandemConfigFuzzTest --seconds 60} fuzzes.
 */
class TandemConfigFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void toml(byte[] input) throws IOException {
    TandemConfig c;
    try {
      c = TandemConfig.parse(new ByteArrayInputStream(input), "fuzz.toml");
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("fuzz.toml").hasSizeLessThan(2_000);
      return;
    }
    // a loaded configuration is valid through and through: its parts re-validate, its feedback rules hold
    assertThat(new TandemConfig(c.feedback(), c.trainModels(), c.recommendModel(), c.modelParams(), c.embed(),
        c.store(), c.server(), c.retrain(), c.chat(), c.ask())).isEqualTo(c);
    assertThat(c.feedback().defaultRange().min()).isLessThanOrEqualTo(c.feedback().defaultRange().max());
    for (String type : c.feedback().weights().keySet()) {
      assertThat(Math.abs(c.feedback().weights().get(type))).isLessThanOrEqualTo(1000);
    }
  }

  /**
   * One {@code TANDEM_<SECTION>_<KEY>=value} variable per input line, over no file: the result is
   * valid, or the error names a variable ({@code env TANDEM_...}).
   */
  @FuzzTest(maxDuration = "20s")
  void env(byte[] input) {
    java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
    for (String line : new String(input, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    TandemConfig c;
    try {
      c = TandemConfig.load(java.nio.file.Path.of("target", "no-such-dir", "tandem.toml"), env);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("env TANDEM_").hasSizeLessThan(2_000);
      return;
    }
    assertThat(new TandemConfig(c.feedback(), c.trainModels(), c.recommendModel(), c.modelParams(), c.embed(),
        c.store(), c.server(), c.retrain(), c.chat(), c.ask(), c.log())).isEqualTo(c);
  }
}

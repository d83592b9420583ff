package dev.tandem.core.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.metarank.lightgbm4j.LGBMBooster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LightGbmNativesTest {
  @Test
  void loadsTheNativesFromAPrivateDirectoryAndRestoresTheTemporaryDirectory() throws Exception {
    String tmp = System.getProperty("java.io.tmpdir");
    LightGbmNatives.load();
    LightGbmNatives.load(); // idempotent
    assertThat(LGBMBooster.isNativeLoaded()).isTrue();
    assertThat(System.getProperty("java.io.tmpdir")).isEqualTo(tmp);
    // the libraries were extracted into our own directory, not under fixed names in the shared one
    Path dir = LightGbmNatives.directory();
    assertThat(dir).isNotNull();
    assertThat(dir.getParent()).isEqualTo(Path.of(tmp));
    assertThat(dir.getFileName().toString()).startsWith("tandem-lightgbm-");
    assertThat(Files.list(dir).map(f -> f.getFileName().toString()).toList())
        .anyMatch(n -> n.startsWith("lib_lightgbm"));
  }
}

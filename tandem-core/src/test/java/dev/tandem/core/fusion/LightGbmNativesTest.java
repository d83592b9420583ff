package dev.tandem.core.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.metarank.lightgbm4j.LGBMBooster;
import org.junit.jupiter.api.Test;

class LightGbmNativesTest {
  @Test
  void loadsTheNativesAndRestoresTheTemporaryDirectory() {
    String tmp = System.getProperty("java.io.tmpdir");
    LightGbmNatives.load();
    LightGbmNatives.load(); // idempotent
    assertThat(LGBMBooster.isNativeLoaded()).isTrue();
    assertThat(System.getProperty("java.io.tmpdir")).isEqualTo(tmp);
  }
}

package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.ask.AskRequest;
import dev.tandem.engine.ask.AskResult;
import dev.tandem.engine.ask.Session;
import dev.tandem.testkit.AskBooks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Tandem#warm} prepares requests in words, and once warmed, every retrained snapshot is
 * prepared before it serves: found by the soak test (scripts/soak.sh), where the first {@code /ask}
 * after a start, and again after each retrain, spent seconds building the catalogue and the parser's
 * label prototypes and ran past the server's deadline (503). Without {@code warm} (the CLI) nothing
 * is prepared ahead.
 */
class AskWarmTest {
  @TempDir Path home;

  @Test
  void warm_prepares_the_serving_snapshot_and_a_retrain_prepares_the_next_before_it_serves() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      AskBooks.fill(t, false); // trains version 1
      assertThat(t.askCatalogueVersions()).isEmpty();
      String warmed = t.warm();
      assertThat(warmed).contains("prepared requests in words");
      assertThat(t.askCatalogueVersions()).containsExactly(1L);

      TrainReport r = t.train(new TrainOptions(List.of("pop", "ease", "bm25"), Map.of(), (m, s) -> { }));
      assertThat(r.version()).isEqualTo(2);
      // built during the swap, before version 2 served; version 1's is kept for requests still on it
      assertThat(t.askCatalogueVersions()).containsExactly(2L, 1L);
      AskResult a = t.ask(new AskRequest("", Session.NEW, "a cosy mystery", 3));
      assertThat(a.snapshotVersion()).isEqualTo(2);
      assertThat(t.askCatalogueVersions()).containsExactly(2L, 1L);

      t.train(new TrainOptions(List.of("pop", "ease", "bm25"), Map.of(), (m, s) -> { }));
      assertThat(t.askCatalogueVersions()).containsExactly(3L, 2L);
    }
  }

  @Test
  void without_warm_a_retrain_prepares_nothing() throws Exception {
    try (Tandem t = Tandem.open(home)) {
      AskBooks.fill(t, false);
      t.train(new TrainOptions(List.of("pop", "ease", "bm25"), Map.of(), (m, s) -> { }));
      assertThat(t.askCatalogueVersions()).isEmpty();
    }
  }
}

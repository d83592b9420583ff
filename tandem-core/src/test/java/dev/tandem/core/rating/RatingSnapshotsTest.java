package dev.tandem.core.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.model.ParamValues;
import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.core.snapshot.SnapshotFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatingSnapshotsTest {
  @TempDir Path dir;

  private static final RatingHistory USER = new RatingHistory(new int[] {0, 3, 5, 9}, new float[] {5f, 1f, 4f, 2f});

  @Test
  void every_rating_model_predicts_the_same_after_a_snapshot_round_trip() throws Exception {
    Ratings data = RatingFixtures.lowRank(40, 12, 3, 0.5, 11);
    Map<String, RatingModel> models = new LinkedHashMap<>();
    Map<String, Map<String, String>> params = new LinkedHashMap<>();
    for (String name : RatingModels.names()) {
      ParamValues p = RatingModels.parameters(name).defaults();
      models.put(name, RatingModels.trainer(p).fit(data));
      params.put(name, p.describe());
    }
    ModelSnapshot snap = new ModelSnapshot(3, 1_000, data.items(), Map.of(), Map.of(), Map.of("k", "v"), models,
        params);
    Path file = dir.resolve("s.snap");
    SnapshotFile.write(snap, file);

    ModelSnapshot read = SnapshotFile.read(file);
    assertThat(read.ratingModels().keySet()).containsExactly("baseline", "biasedmf", "svdpp", "blend");
    assertThat(read.ratingParams()).isEqualTo(params);
    assertThat(read.params()).isEmpty();
    for (String name : RatingModels.names()) {
      RatingModel before = models.get(name);
      RatingModel after = read.ratingModels().get(name);
      assertThat(after.type()).isEqualTo(before.type());
      for (int i = 0; i < data.numItems(); i++) {
        assertThat(after.predict(USER, i)).as(name + " item " + i).isEqualTo(before.predict(USER, i));
        assertThat(after.predict(RatingHistory.EMPTY, i)).isEqualTo(before.predict(RatingHistory.EMPTY, i));
      }
    }

    ModelSnapshot some = SnapshotFile.read(file, Set.of("svdpp"));
    assertThat(some.ratingModels().keySet()).containsExactly("svdpp");
    assertThat(some.ratingParams().keySet()).containsExactly("baseline", "biasedmf", "svdpp", "blend");
  }

  @Test
  void a_name_cannot_be_both_a_model_and_a_rating_model() {
    Ratings data = RatingFixtures.lowRank(10, 5, 2, 0.8, 3);
    RatingModel b = new BiasBaseline.Trainer(BiasBaseline.Params.defaults()).fit(data);
    assertThatThrownBy(() -> new ModelSnapshot(1, 0, data.items(), Map.of(), Map.of("baseline", Map.of()), Map.of(),
        Map.of("baseline", b), Map.of()))
        .hasMessage("name baseline is both a model and a rating model");
  }
}

package dev.tandem.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.store.imports.ImportOptions;
import dev.tandem.store.imports.MovieLensImporter;
import dev.tandem.testkit.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden recommendations of the collaborative models on MovieLens-100K (issue 13, requirement 8):
 * {@code ../shared/data/ml-100k} imported as {@code tandem import movielens} does and trained with
 * pop, itemknn, ease and ials at the shipped defaults (ials seed 42); the top 10 of each model for
 * five users (1, 13, 200 and 405 with 216 to 737 ratings, 19 with 20) and a stranger, and ten similar movies for
 * three. Skipped with a message when the data is absent. One file per model under
 * {@code src/test/resources/golden/ml-100k/}; {@code -Dgolden.update=true} rewrites them
 * ({@link Golden}).
 */
class MovieLensGoldenTest {
  static final List<String> MODELS = List.of("pop", "itemknn", "ease", "ials");
  static final List<String> USERS = List.of("1", "13", "200", "405", "19", "nobody");
  /** Toy Story, Star Wars, Fargo. */
  static final List<String> ITEMS = List.of("1", "50", "100");

  @TempDir static Path home;

  /** Reports every golden file this test found different (see {@link Golden#check}). */
  @AfterEach
  void verifyGoldenFiles() {
    Golden.verify();
  }
  static Tandem tandem;

  @BeforeAll
  static void train() throws Exception {
    Path ml = Path.of(System.getProperty("tandem.shared", "../../shared"), "data", "ml-100k");
    Assumptions.assumeTrue(Files.isRegularFile(ml.resolve("u.data")), "MovieLens-100K not found at "
        + ml.toAbsolutePath() + " (set -Dtandem.shared=<folder holding data/ml-100k>); MovieLensGoldenTest skipped");
    tandem = Tandem.open(home);
    new MovieLensImporter(ml).importInto(tandem.store(), ImportOptions.DEFAULT.withWeights(tandem.config().feedback()));
    tandem.train(new TrainOptions(MODELS, Map.of(), (m, s) -> { }));
  }

  @AfterAll
  static void close() {
    if (tandem != null) {
      tandem.close();
    }
  }

  @Test
  void each_model_recommends_and_finds_similar_movies_the_same_way() throws Exception {
    for (String model : MODELS) {
      ObjectNode o = Golden.object();
      ObjectNode rec = o.putObject("recommend");
      for (String u : USERS) {
        rec.set(u, GoodbooksGoldenTest.attempt(() -> GoldenRender.result(
            tandem.recommend(u, RecommendOptions.top(10).withModel(model)))));
      }
      ObjectNode sim = o.putObject("similar");
      for (String item : ITEMS) {
        sim.set(item, GoodbooksGoldenTest.attempt(() -> GoldenRender.result(
            tandem.similar(item, RecommendOptions.top(10).withModel(model)))));
      }
      Golden.check("ml-100k/" + model, o);
    }
  }
}

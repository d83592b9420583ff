package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.rating.RatingModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ModelHelpTest {

  private static String help(String command) {
    StringWriter out = new StringWriter();
    int code = TandemCli.run(new String[] {"help", command}, new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertThat(code).isZero();
    return flat(out.toString());
  }

  /** Text without whitespace: picocli wraps long lines (at spaces and after commas). */
  private static String flat(String text) {
    return text.replaceAll("\\s+", "");
  }

  @Test
  void train_help_lists_every_registered_model_and_its_declared_parameters() {
    String h = help("train");
    assertThat(h).contains(flat("Known: " + String.join(", ", ModelTypes.names()) + "."));
    for (String name : ModelTypes.names()) {
      assertThat(h).contains(flat(" " + name + ": " + ModelTypes.byName(name).description()));
      for (String line : ModelTypes.byName(name).parameters().help(" ")) {
        assertThat(h).as(name).contains(flat(line));
      }
    }
    assertThat(h).contains(flat(" lambda (decimal, > 0.0, default 500.0): L2 regularisation of the item-item weights"));
  }

  @Test
  void evaluate_help_adds_the_rating_models_and_tune_help_names_the_tunable_ones() {
    String h = help("evaluate");
    for (String name : RatingModels.names()) {
      assertThat(h).contains(flat(" " + name + ": rating model (--protocol ratings)"));
    }
    assertThat(h).contains(flat(" decay (decimal, > 0.0 and <= 1.0, default 0.95)"));
    assertThat(help("tune")).contains(flat("Known: pop, itemknn, ease, ials, bm25, hybrid."));
  }
}

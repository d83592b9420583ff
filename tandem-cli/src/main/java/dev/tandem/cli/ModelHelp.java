package dev.tandem.cli;

import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.ParamSet;
import dev.tandem.core.rating.RatingModels;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The models and their parameters as the CLI help lists them, derived from the registered model
 * types' declarations (and the rating models' for {@code evaluate}). Stateless.
 */
final class ModelHelp {
  private ModelHelp() {}

  /** The registered model types' names, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return ModelTypes.names().iterator();
    }
  }

  /** The registered model types with a search space, for {@code tune}. */
  static final class Tunable implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return ModelTypes.names().stream().filter(n -> !ModelTypes.byName(n).searchSpace().isEmpty()).iterator();
    }
  }

  /** The registered model types' and the rating models' names. */
  static final class NamesWithRatings implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> all = new ArrayList<>(ModelTypes.names());
      all.addAll(RatingModels.names());
      return all.iterator();
    }
  }

  /**
   * Help footer lines: every model with its description and its parameters (key, form, rule,
   * default, effect); with {@code ratings}, the rating models too. Escaped for picocli's formatting.
   */
  static String[] footer(boolean ratings) {
    List<String> out = new ArrayList<>();
    out.add("");
    out.add("Models and their parameters (tandem.toml [models.MODEL], or --param MODEL.KEY=VALUE):");
    for (String name : ModelTypes.names()) {
      ModelType<?, ?> type = ModelTypes.byName(name);
      add(out, name + ": " + type.description(), type.parameters());
    }
    if (ratings) {
      for (String name : RatingModels.names()) {
        add(out, name + ": rating model (--protocol ratings)", RatingModels.parameters(name));
      }
    }
    return out.stream().map(s -> s.replace("%", "%%")).toArray(String[]::new);
  }

  private static void add(List<String> out, String head, ParamSet params) {
    out.add("  " + head);
    out.addAll(params.help("      "));
  }
}

package dev.tandem.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.fusion.Rrf;
import dev.tandem.core.retrieval.Hybrid;
import dev.tandem.core.retrieval.ImplicitAls;
import dev.tandem.core.tune.Dimension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamSetTest {
  static final Param<Integer> N = Param.integer("n", 5, 1, 10, "How many.").tunedLog(1, 10);
  static final Param<Double> RATE = Param.decimal("rate", 0.5, 0, false, 1, "A rate.").tuned(0.1, 0.9);
  static final Param<Boolean> ON = Param.bool("on", true, "Whether on.");
  static final Param<String> MODE = Param.choice("mode", "fast", List.of("fast", "slow"), "Which way.");
  static final ParamSet SET = ParamSet.of("toy", N, RATE, ON, MODE);

  @Test
  void parse_validates_each_value_and_names_model_key_value_and_rule() {
    assertThatThrownBy(() -> SET.parse(Map.of("n", "0"))).hasMessage("toy.n (0) must be in [1, 10]");
    assertThatThrownBy(() -> SET.parse(Map.of("n", "two"))).hasMessage("toy.n (two) must be a whole number");
    assertThatThrownBy(() -> SET.parse(Map.of("rate", "0"))).hasMessage("toy.rate (0.0) must be > 0.0 and <= 1.0 and finite");
    assertThatThrownBy(() -> SET.parse(Map.of("rate", "NaN"))).hasMessage("toy.rate (NaN) must be > 0.0 and <= 1.0 and finite");
    assertThatThrownBy(() -> SET.parse(Map.of("on", "yes"))).hasMessage("toy.on (yes) must be true or false");
    assertThatThrownBy(() -> SET.parse(Map.of("mode", "Quick"))).hasMessage("toy.mode (Quick) must be one of fast, slow");
    assertThatThrownBy(() -> SET.parse(Map.of("nn", "1"))).hasMessage("unknown parameter toy.nn; toy takes [mode, n, on, rate]");
  }

  @Test
  void values_default_describe_in_declaration_order_and_round_trip_through_their_text() {
    ParamValues v = SET.parse(Map.of("mode", " SLOW ", "n", "7"));
    assertThat(v.get(N)).isEqualTo(7);
    assertThat(v.get(RATE)).isEqualTo(0.5);
    assertThat(v.get(MODE)).isEqualTo("slow");
    assertThat(v.isSet(N)).isTrue();
    assertThat(v.isSet(RATE)).isFalse();
    assertThat(v.describe()).containsExactly(Map.entry("n", "7"), Map.entry("rate", "0.5"), Map.entry("on", "true"),
        Map.entry("mode", "slow"));
    assertThat(v.overrides()).containsExactly(Map.entry("n", "7"), Map.entry("mode", "slow"));
    assertThat(SET.parse(v.overrides())).isEqualTo(v);
    assertThat(SET.defaults().isEmpty()).isTrue();
    assertThatThrownBy(() -> v.get(ImplicitAls.FACTORS)).hasMessage("parameter (factors) is not one of toy[n, rate, on, mode]");
  }

  @Test
  void with_puts_the_top_values_over_these() {
    ParamValues base = SET.parse(Map.of("n", "7", "rate", "0.2"));
    ParamValues run = SET.parse(Map.of("rate", "0.9"));
    assertThat(base.with(run).describe()).containsEntry("n", "7").containsEntry("rate", "0.9");
    assertThat(base.with(SET.defaults())).isSameAs(base);
    assertThatThrownBy(() -> base.with(ImplicitAls.PARAMETERS.defaults()))
        .hasMessage("parameters of ials cannot override those of toy");
  }

  @Test
  void search_space_follows_the_declared_tuning_ranges_in_declaration_or_given_order() {
    assertThat(SET.searchSpace()).containsExactly(Dimension.logInteger("n", 1, 10), Dimension.decimal("rate", 0.1, 0.9));
    assertThat(SET.tuneOrder(RATE, N).searchSpace()).extracting(Dimension::name).containsExactly("rate", "n");
    assertThatThrownBy(() -> SET.tuneOrder(ON)).hasMessage("toy.on has no tuning range");
    // the hybrid searches in the order its trials were always drawn in
    assertThat(Hybrid.PARAMETERS.searchSpace()).extracting(Dimension::name).containsExactly("lambda_w", "lambda_v",
        "lambda_o", "alpha", "semantic_weight", "text_weight", "regularization");
    assertThat(ModelTypes.byName("ials").searchSpace()).containsExactly(Dimension.logInteger("factors", 16, 256),
        Dimension.logDecimal("regularization", 0.001, 10), Dimension.logDecimal("alpha", 1, 100));
  }

  @Test
  void declarations_reject_bad_defaults_duplicate_names_and_missing_descriptions() {
    assertThatThrownBy(() -> Param.integer("n", 0, 1, 10, "x")).hasMessage("n default (0) must be in [1, 10]");
    assertThatThrownBy(() -> Param.decimal("r", 0, 0, false, 1, "x")).hasMessage("r default (0.0) must be > 0.0 and <= 1.0");
    assertThatThrownBy(() -> Param.bool("b", true, " ")).hasMessage("parameter b must have a description");
    assertThatThrownBy(() -> Param.bool("B", true, "x")).hasMessage("parameter name (B) must match [a-z][a-z0-9_]*");
    assertThatThrownBy(() -> ParamSet.of("toy", N, Param.integer("n", 1, 1, 2, "again")))
        .hasMessage("toy declares parameter n twice");
  }

  @Test
  void toml_and_help_are_written_from_the_declarations() {
    assertThat(SET.toml("A toy model.")).isEqualTo("""
        [models.toy]
        # A toy model.
        # How many.
        n = 5
        # A rate.
        rate = 0.5
        # Whether on.
        on = true
        # Which way.
        mode = "fast"
        """);
    assertThat(SET.help("  ")).containsExactly("  n (integer, in [1, 10], default 5): How many.",
        "  rate (decimal, > 0.0 and <= 1.0, default 0.5): A rate.", "  on (boolean, true or false, default true): Whether on.",
        "  mode (choice, one of fast, slow, default fast): Which way.");
  }

  @Test
  void every_registered_type_binds_its_declared_defaults_and_describes_every_declared_key() {
    for (String name : ModelTypes.names()) {
      ModelType<?, ?> type = ModelTypes.byName(name);
      ParamValues d = type.parameters().defaults();
      assertThat(type.bind(d)).as(name).isNotNull();
      assertThat(d.describe().keySet()).as(name).containsExactlyElementsOf(type.parameters().names());
      assertThat(type.parameters().model()).isEqualTo(name);
    }
    assertThat(ImplicitAls.Params.defaults()).isEqualTo(new ImplicitAls.Params(64, 15, 0.01, 20.0, 3, 42, 0));
    assertThat(Hybrid.Params.defaults())
        .isEqualTo(new Hybrid.Params(64, 15, 0.01, 1.0, 1000.0, 1000.0, 20.0, 3, 1.0, true, 1.0, 42, 0));
  }

  @Test
  void a_fused_model_validates_nested_channel_keys_by_the_channels_declaration() {
    ParamValues v = Rrf.PARAMETERS.parse(Map.of("channels", "ease,pop", "pop.half_life_days", "3", "k", "10"));
    assertThat(v.channels()).containsExactly("ease", "pop");
    assertThat(v.nested()).containsOnlyKeys("pop");
    assertThat(v.describe()).containsEntry("pop.half_life_days", "3.0").containsEntry("channels", "ease,pop");
    ParamValues merged = v.withChannelDefaults(c -> ModelTypes.byName(c).parameters().parse(
        c.equals("ease") ? Map.of("lambda", "40") : Map.of("half_life_days", "9")));
    assertThat(merged.overrides()).containsEntry("ease.lambda", "40.0").containsEntry("pop.half_life_days", "3.0");
    // a run that drops a channel cannot keep its configured nested key
    assertThatThrownBy(() -> v.with(Rrf.PARAMETERS.parse(Map.of("channels", "ease,itemknn"))))
        .hasMessage("unknown parameter rrf.pop.half_life_days: pop is not a channel of rrf (channels [ease, itemknn])");
  }
}

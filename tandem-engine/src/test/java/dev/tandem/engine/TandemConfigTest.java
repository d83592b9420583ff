package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.data.ValueRange;
import dev.tandem.core.model.ModelTypes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TandemConfigTest {

  private static TandemConfig parse(String toml) throws Exception {
    return TandemConfig.parse(new ByteArrayInputStream(toml.getBytes(StandardCharsets.UTF_8)), "test.toml");
  }

  @Test
  void shipped_file_documents_exactly_the_defaults() throws Exception {
    TandemConfig shipped = parse(TandemConfig.defaultText());
    assertThat(shipped.feedback()).isEqualTo(TandemConfig.DEFAULTS.feedback());
    assertThat(shipped.trainModels()).isEqualTo(TandemConfig.DEFAULTS.trainModels());
    assertThat(shipped.recommendModel()).isEqualTo(TandemConfig.DEFAULTS.recommendModel());
    assertThat(shipped.embed()).isEqualTo(TandemConfig.DEFAULTS.embed());
    assertThat(shipped.store()).isEqualTo(TandemConfig.DEFAULTS.store());
    assertThat(shipped.server()).isEqualTo(TandemConfig.DEFAULTS.server());
    assertThat(shipped.retrain()).isEqualTo(TandemConfig.DEFAULTS.retrain());
    assertThat(shipped.chat()).isEqualTo(TandemConfig.DEFAULTS.chat());
    assertThat(shipped.ask()).isEqualTo(TandemConfig.DEFAULTS.ask());
    // every model type is documented, with the text and the defaults its declaration gives
    assertThat(shipped.modelParams().keySet()).containsExactlyInAnyOrderElementsOf(ModelTypes.names());
    String text = TandemConfig.defaultText();
    for (String model : ModelTypes.names()) {
      var type = ModelTypes.byName(model);
      assertThat(shipped.paramsOf(model).describe()).as(model).isEqualTo(type.parameters().defaults().describe());
      assertThat(shipped.paramsOf(model).overrides().keySet()).as(model + " keys").isEqualTo(type.parameters().names());
      assertThat(text).as(model + " section").contains(type.parameters().toml(type.description()));
    }
  }

  @Test
  void values_are_read() throws Exception {
    TandemConfig c = parse("""
        [feedback]
        positive_rating = 3.5
        [feedback.weights]
        rating = 1.0
        watch = 0.25
        [train]
        models = ["pop", "ease"]
        [recommend]
        model = "pop"
        [models.ease]
        lambda = 250
        """);
    assertThat(c.feedback().positiveRating()).isEqualTo(3.5);
    assertThat(c.feedback().weight("watch", 2)).isEqualTo(0.5f);
    assertThat(c.feedback().weight("rating", 3.5)).isEqualTo(1f);
    assertThat(c.feedback().weight("rating", 3)).isEqualTo(0f);
    assertThat(c.trainModels()).containsExactly("pop", "ease");
    assertThat(c.recommendModel()).isEqualTo("pop");
    assertThat(c.paramsOf("ease").overrides()).containsEntry("lambda", "250.0");
  }

  @Test
  void value_ranges_are_read_per_type_with_a_default_for_the_rest() throws Exception {
    TandemConfig c = parse("""
        [feedback]
        value_range = [-5.0, 5.0]
        [feedback.weights]
        rating = 1.0
        stars = 1.0
        click = 1.0
        [feedback.value_ranges]
        stars = [1, 5]
        """);
    assertThat(c.feedback().range("stars")).isEqualTo(new ValueRange(1, 5));
    assertThat(c.feedback().range("click")).isEqualTo(new ValueRange(-5, 5));
    // an explicit table replaces the defaults: rating takes value_range
    assertThat(c.feedback().range("rating")).isEqualTo(new ValueRange(-5, 5));
    // without a value_ranges table, configured types keep their default ranges
    TandemConfig d = parse("[feedback.weights]\nrating = 1.0\nclick = 2.0\n");
    assertThat(d.feedback().range("rating")).isEqualTo(new ValueRange(0, 100));
    assertThat(d.feedback().range("click")).isEqualTo(new ValueRange(-1000, 1000));
  }

  @Test
  void invalid_value_ranges_and_weights_name_the_key() {
    assertThatThrownBy(() -> parse("[feedback.value_ranges]\nrating = [5, 1]\n"))
        .hasMessage("test.toml: feedback.value_ranges.rating: value range [5.0, 1.0] must have finite bounds, min <= max,"
            + " within [-1000000, 1000000]");
    assertThatThrownBy(() -> parse("[feedback.value_ranges]\nrating = 5\n"))
        .hasMessage("test.toml: feedback.value_ranges.rating (5) must be [min, max], two numbers");
    assertThatThrownBy(() -> parse("[feedback.value_ranges]\nstars = [1, 5]\n"))
        .hasMessage("test.toml: feedback.value_ranges.stars names a type that is not in feedback.weights"
            + " [purchase, like, rating, click, view, dislike]");
    assertThatThrownBy(() -> parse("[feedback]\nvalue_range = [0, inf]\n"))
        .hasMessage("test.toml: feedback.value_range: value range [0.0, Infinity] must have finite bounds, min <= max,"
            + " within [-1000000, 1000000]");
    assertThatThrownBy(() -> parse("[feedback.weights]\nclick = 1e308\n"))
        .hasMessage("test.toml: feedback.weights.click (1.0E308) must be a finite number in [-1000, 1000]");
    assertThatThrownBy(() -> parse("[feedback]\nvalue_ranges = 3\n"))
        .hasMessage("test.toml: feedback.value_ranges (3) must be a table of TYPE = [min, max]");
    assertThatThrownBy(() -> parse("feedback = 3\n"))
        .hasMessage("test.toml: feedback (3) must be a table");
  }

  @Test
  void errors_name_the_key_the_value_and_the_rule() {
    assertThatThrownBy(() -> parse("[train]\nmodelz = [\"pop\"]\n"))
        .hasMessage("test.toml: unknown key train.modelz; expected one of [models]");
    assertThatThrownBy(() -> parse("[feedback.weights]\nclick = \"lots\"\n"))
        .hasMessage("test.toml: feedback.weights.click (\"lots\") must be a number");
    assertThatThrownBy(() -> parse("[train]\nmodels = [\"pop\", \"sasrec\"]\n"))
        .hasMessageStartingWith("test.toml: model (\"sasrec\") is not known; expected one of [pop");
    assertThatThrownBy(() -> parse("[models.ease]\nlambda = -3\n"))
        .hasMessageContaining("ease.lambda (-3.0) must be > 0");
    assertThatThrownBy(() -> parse("[feedback.weights]\nClick = 1\n"))
        .hasMessageContaining("feedback type (\"Click\") must match [a-z][a-z0-9_-]*");
    assertThatThrownBy(() -> parse("this is = = not toml"))
        .hasMessageStartingWith("test.toml is not valid TOML");
  }

  @Test
  void embed_section_is_read_and_validated() throws Exception {
    TandemConfig c = parse("""
        [embed]
        model = "all-minilm-l6-v2-q"
        template = "{title}: {attr:author}"
        max_chars = 500
        batch_size = 8
        threads = 2
        """);
    assertThat(c.embed()).isEqualTo(new EmbedConfig("all-minilm-l6-v2-q", "{title}: {attr:author}", 500, 8, 2));
    assertThat(c.embed().documents().render(dev.tandem.core.data.Item.of("b", "Dune"))).isEqualTo("Dune");
    assertThatThrownBy(() -> parse("[embed]\nmodel = \"gpt-9\"\n"))
        .hasMessage("test.toml: embed.model (gpt-9) must be one of " + dev.tandem.llm.embed.Embedders.names()
            + " with embed.provider = \"onnx\"");
    assertThatThrownBy(() -> parse("[embed]\ntemplate = \"{title} {genre} {year}\"\n"))
        .hasMessage("test.toml: embed.template ({title} {genre} {year}) has unknown placeholders [{genre}, {year}];"
            + " expected {id}, {title}, {description}, {categories}, {tags} or {attr:NAME}");
    assertThatThrownBy(() -> parse("[embed]\nbatch_size = 0\n"))
        .hasMessage("test.toml: embed.batch_size (0) must be in [1, 4096]");
    assertThatThrownBy(() -> parse("[embed]\nthreads = 1.5\n"))
        .hasMessage("test.toml: embed.threads (1.5) must be an integer");
    assertThatThrownBy(() -> parse("[embed]\nmodle = \"x\"\n"))
        .hasMessage("test.toml: unknown key embed.modle; expected one of [api_key_env, base_url, batch_size, dimensions, max_chars, model, path, pooling, provider, query_prefix, rate_limit, template, threads, timeout]");
  }

  @Test
  void param_overrides_parse_and_reject_bad_forms() {
    var parsed = TrainOptions.parseParams(java.util.List.of("ease.lambda=300", "itemknn.k=50", "rrf.weights=1,2,1,1,1"));
    assertThat(parsed.keySet()).containsExactly("ease", "itemknn", "rrf");
    assertThat(parsed.get("ease").overrides()).isEqualTo(Map.of("lambda", "300.0"));
    assertThat(parsed.get("itemknn").overrides()).isEqualTo(Map.of("k", "50"));
    assertThat(parsed.get("rrf").overrides()).isEqualTo(Map.of("weights", "1.0,2.0,1.0,1.0,1.0"));
    assertThatThrownBy(() -> TrainOptions.parseParams(java.util.List.of("ease.x=1=2")))
        .hasMessage("unknown parameter ease.x; ease takes [lambda]");
    assertThatThrownBy(() -> TrainOptions.parseParams(java.util.List.of("biasedmf.decay=2")))
        .hasMessage("biasedmf.decay (2.0) must be > 0.0 and <= 1.0 and finite");
    assertThatThrownBy(() -> TrainOptions.parseParams(java.util.List.of("lambda=300")))
        .hasMessage("--param (lambda=300) must look like model.key=value, e.g. ease.lambda=500");
  }

  @Test
  void model_params_are_written_in_place_keeping_comments(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path f = dir.resolve("tandem.toml");
    java.nio.file.Files.writeString(f, TandemConfig.defaultText());
    TandemConfig.writeModelParams(f, "ease", Map.of("lambda", "316.2"));
    TandemConfig.writeModelParams(f, "ials", Map.of("factors", "128", "alpha", "7.5e+00"));
    String text = java.nio.file.Files.readString(f);
    assertThat(text).contains("lambda = 316.2").contains("factors = 128").contains("alpha = 7.5e+00")
        .contains("# L2 regularisation of the item-item weights");
    TandemConfig c = TandemConfig.load(f);
    assertThat(c.paramsOf("ease").overrides()).containsEntry("lambda", "316.2");
    assertThat(c.paramsOf("ials").overrides()).containsEntry("factors", "128").containsEntry("iterations", "15");
    assertThat(c.feedback()).isEqualTo(TandemConfig.DEFAULTS.feedback());

    java.nio.file.Path bare = dir.resolve("bare.toml");
    java.nio.file.Files.writeString(bare, "[train]\nmodels = [\"ease\"]\n");
    TandemConfig.writeModelParams(bare, "ease", Map.of("lambda", "90"));
    assertThat(TandemConfig.load(bare).paramsOf("ease").overrides()).containsEntry("lambda", "90.0");

    assertThatThrownBy(() -> TandemConfig.writeModelParams(f, "ease", Map.of("lambda", "-5")))
        .hasMessageContaining("ease.lambda (-5.0) must be > 0");
    assertThat(java.nio.file.Files.readString(f)).isEqualTo(text);
  }

  @Test
  void server_section_sets_the_retraining_schedule_and_retention() throws Exception {
    TandemConfig c = parse("[server]\nretrain_every = \"30m\"\nretrain_models = [\"ease\", \"pop\"]\n"
        + "keep_snapshots = 2\nreload_every = \"500ms\"\n");
    assertThat(c.retrain().every()).isEqualTo(java.time.Duration.ofMinutes(30));
    assertThat(c.retrain().models()).containsExactly("ease", "pop");
    assertThat(c.retrain().keepSnapshots()).isEqualTo(2);
    assertThat(c.retrain().reloadEvery()).isEqualTo(java.time.Duration.ofMillis(500));
    assertThat(c.retrain().scheduled()).isTrue();
    assertThat(TandemConfig.DEFAULTS.retrain().scheduled()).isFalse();
  }

  @Test
  void server_section_errors_name_key_value_and_rule() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("[server]\nretrain_every = \"soon\"\n"))
        .hasMessageContaining("server.retrain_every (soon) must be a duration like \"30m\"");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("[server]\nretrain_every = \"500ms\"\n"))
        .hasMessageContaining("server.retrain_every (PT0.5S) must be 0 (off) or at least 1s");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("[server]\nkeep_snapshots = 0\n"))
        .hasMessageContaining("server.keep_snapshots (0) must be >= 1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("[server]\nretrain_models = [\"nope\"]\n"))
        .hasMessageContaining("nope");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("[server]\nretrain_evry = \"1h\"\n"))
        .hasMessageContaining("unknown key server.retrain_evry");
  }

  @Test
  void durations_parse_and_format_back() {
    assertThat(RetrainConfig.parseDuration("0", "k")).isEqualTo(java.time.Duration.ZERO);
    assertThat(RetrainConfig.parseDuration(" 2h ", "k")).isEqualTo(java.time.Duration.ofHours(2));
    assertThat(RetrainConfig.parseDuration("1d", "k")).isEqualTo(java.time.Duration.ofDays(1));
    assertThat(RetrainConfig.parseDuration("45s", "k")).isEqualTo(java.time.Duration.ofSeconds(45));
    assertThat(RetrainConfig.format(java.time.Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(RetrainConfig.format(java.time.Duration.ofHours(24))).isEqualTo("1d");
    assertThat(RetrainConfig.format(java.time.Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(RetrainConfig.format(java.time.Duration.ZERO)).isEqualTo("0");
  }

  @Test
  void ask_section_reads_session_ttl_and_rejects_bad_values() throws Exception {
    assertThat(parse("[ask]\nsession_ttl = \"2h\"\n").ask().sessionTtl()).isEqualTo(java.time.Duration.ofHours(2));
    assertThat(parse("").ask()).isEqualTo(AskConfig.DEFAULTS);
    assertThat(AskConfig.DEFAULTS.sessionTtl()).isEqualTo(java.time.Duration.ofMinutes(30));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("[ask]\nsession_ttl = \"0\"\n"))
        .hasMessage("test.toml: ask.session_ttl (PT0S) must be in [1s, 30d], e.g. \"30m\"");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("[ask]\nsession_ttl = \"soon\"\n"))
        .hasMessageStartingWith("test.toml: ask.session_ttl (soon) must be a duration like");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("[ask]\nttl = \"5m\"\n"))
        .hasMessageContaining("ask.ttl");
  }
}

package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code TANDEM_<SECTION>_<KEY>} variables over {@code tandem.toml}, with an injected environment. */
class TandemConfigEnvTest {
  @TempDir Path home;

  private Path toml(String text) throws Exception {
    Path f = home.resolve("tandem.toml");
    Files.writeString(f, text);
    return f;
  }

  private static TandemConfig.Setting setting(TandemConfig.Loaded l, String key) {
    return l.settings().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void variables_win_over_the_file_and_are_read_as_the_key_type() throws Exception {
    Path f = toml("[server]\nrate_limit = 5\n[embed]\nmodel = \"all-minilm-l6-v2-q\"\n");
    TandemConfig.Loaded l = TandemConfig.loadWithSources(f, Map.of(
        "TANDEM_SERVER_RATE_LIMIT", "7",
        "TANDEM_SERVER_OPEN_READS", "false",
        "TANDEM_TRAIN_MODELS", "pop, ease",
        "TANDEM_MODELS_EASE_LAMBDA", "300",
        "TANDEM_EMBED_PROVIDER", "openai",
        "TANDEM_EMBED_MODEL", "nomic-embed-text",
        "TANDEM_EMBED_BASE_URL", "http://127.0.0.1:11434/v1",
        "TANDEM_EMBED_RATE_LIMIT", "2.5",
        "TANDEM_CHAT_URL", " ",
        "TANDEM_HOME", "/elsewhere"));
    TandemConfig c = l.config();
    assertThat(c.server().rateLimit()).isEqualTo(7);
    assertThat(c.server().openReads()).isFalse();
    assertThat(c.trainModels()).containsExactly("pop", "ease");
    assertThat(c.paramsOf("ease").describe()).containsEntry("lambda", "300.0");
    assertThat(c.embed().modelId()).isEqualTo("openai:nomic-embed-text");
    assertThat(c.embed().rateLimit()).isEqualTo(2.5);
    assertThat(c.chat().url()).isEmpty(); // blank variables are ignored
    assertThat(setting(l, "server.rate_limit"))
        .isEqualTo(new TandemConfig.Setting("server.rate_limit", "7", "env TANDEM_SERVER_RATE_LIMIT"));
    assertThat(setting(l, "server.rate_burst").source()).isEqualTo("default");
    assertThat(setting(l, "embed.model"))
        .isEqualTo(new TandemConfig.Setting("embed.model", "\"nomic-embed-text\"", "env TANDEM_EMBED_MODEL"));
    assertThat(setting(l, "train.models").value()).isEqualTo("[\"pop\", \"ease\"]");
    assertThat(setting(l, "models.ease.lambda"))
        .isEqualTo(new TandemConfig.Setting("models.ease.lambda", "300.0", "env TANDEM_MODELS_EASE_LAMBDA"));
  }

  @Test
  void store_variables_still_override_and_secrets_are_masked() throws Exception {
    Path f = toml("[store]\nuser = \"app\"\npassword = \"hunter2\"\n[server]\napi_keys = [\"shop:0123456789abcdef0123:write\"]\n");
    TandemConfig.Loaded l = TandemConfig.loadWithSources(f, Map.of(
        "TANDEM_STORE_URL", "jdbc:postgresql://db:5432/tandem?user=app&password=s3cret",
        "TANDEM_STORE_PASSWORD", "from-env"));
    assertThat(l.config().store().url()).isEqualTo("jdbc:postgresql://db:5432/tandem?user=app&password=s3cret");
    assertThat(l.config().store().password()).isEqualTo("from-env");
    assertThat(l.config().store().user()).isEqualTo("app");
    assertThat(setting(l, "store.url")).isEqualTo(new TandemConfig.Setting("store.url",
        "\"jdbc:postgresql://db:5432/tandem?user=app&password=****\"", "env TANDEM_STORE_URL"));
    assertThat(setting(l, "store.password"))
        .isEqualTo(new TandemConfig.Setting("store.password", "\"****\"", "env TANDEM_STORE_PASSWORD"));
    assertThat(setting(l, "store.user")).isEqualTo(new TandemConfig.Setting("store.user", "\"app\"", "tandem.toml"));
    assertThat(setting(l, "server.api_keys"))
        .isEqualTo(new TandemConfig.Setting("server.api_keys", "[\"shop:****:write\"]", "tandem.toml"));
  }

  @Test
  void a_variable_changes_one_entry_of_a_default_table() throws Exception {
    TandemConfig.Loaded l = TandemConfig.loadWithSources(toml(""), Map.of("TANDEM_FEEDBACK_WEIGHTS_CLICK", "1.5"));
    assertThat(l.config().feedback().weights()).containsExactly(Map.entry("purchase", 3.0), Map.entry("like", 2.0),
        Map.entry("rating", 1.0), Map.entry("click", 1.5), Map.entry("view", 0.5), Map.entry("dislike", -1.0));
    assertThat(setting(l, "feedback.weights.click"))
        .isEqualTo(new TandemConfig.Setting("feedback.weights.click", "1.5", "env TANDEM_FEEDBACK_WEIGHTS_CLICK"));
    assertThat(setting(l, "feedback.weights.view"))
        .isEqualTo(new TandemConfig.Setting("feedback.weights.view", "0.5", "default"));
  }

  @Test
  void errors_name_the_variable() throws Exception {
    Path f = toml("");
    assertThatThrownBy(() -> TandemConfig.load(f, Map.of("TANDEM_SERVER_RATE_LIMIT", "abc")))
        .hasMessage("env TANDEM_SERVER_RATE_LIMIT (\"abc\") must be an integer for server.rate_limit");
    assertThatThrownBy(() -> TandemConfig.load(f, Map.of("TANDEM_CHAT_RERANK_TOP_K", "1")))
        .hasMessage("env TANDEM_CHAT_RERANK_TOP_K: chat.rerank_top_k (1) must be in [2, 100]");
    assertThatThrownBy(() -> TandemConfig.load(f, Map.of("TANDEM_CHAT_INTENT", "yes")))
        .hasMessage("env TANDEM_CHAT_INTENT (\"yes\") must be true or false for chat.intent");
    assertThatThrownBy(() -> TandemConfig.load(f, Map.of("TANDEM_FEEDBACK_POSITIVE_RATING", "NaN")))
        .hasMessage("env TANDEM_FEEDBACK_POSITIVE_RATING (\"NaN\") must be a finite number for feedback.positive_rating");
    assertThatThrownBy(() -> TandemConfig.load(f, Map.of("TANDEM_EMBED_PROVIDER", "openai")))
        .hasMessage("env TANDEM_EMBED_PROVIDER: embed.model (\"\") must name the endpoint's model with"
            + " embed.provider = \"openai\"");
  }

  @Test
  void without_a_file_the_defaults_and_the_environment_apply() {
    TandemConfig.Loaded l = TandemConfig.loadWithSources(home.resolve("none.toml"), Map.of("TANDEM_LOG_LEVEL", "debug"));
    assertThat(l.config().log().level()).isEqualTo("debug");
    assertThat(l.settings()).allSatisfy(s -> assertThat(s.source()).isIn("default", "env TANDEM_LOG_LEVEL"));
    assertThat(l.settings().get(0)).isEqualTo(new TandemConfig.Setting("feedback.positive_rating", "4.0", "default"));
    assertThat(TandemConfig.load(home.resolve("none.toml"), Map.of())).isEqualTo(TandemConfig.DEFAULTS);
    assertThat(l.settings().stream().map(TandemConfig.Setting::key).toList()).contains("feedback.weights.purchase",
        "embed.base_url", "log.level");
    assertThat(List.copyOf(l.settings())).hasSize(l.settings().size());
  }
}

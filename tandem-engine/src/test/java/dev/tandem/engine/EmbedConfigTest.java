package dev.tandem.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.core.data.Item;
import dev.tandem.engine.embed.EmbedReport;
import dev.tandem.llm.embed.Embedder;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [embed]} providers: validation, and an OpenAI-compatible endpoint on loopback behind {@code tandem embed}. */
class EmbedConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private HttpServer server;
  private final List<String> auth = new CopyOnWriteArrayList<>();
  private final List<String> models = new CopyOnWriteArrayList<>();
  private String base;

  private static TandemConfig parse(String toml) throws Exception {
    return TandemConfig.parse(new ByteArrayInputStream(toml.getBytes(StandardCharsets.UTF_8)), "test.toml");
  }

  /** Answers text t with the 3-vector (length of t, 1, 0). */
  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/embeddings", ex -> {
      JsonNode req = JSON.readTree(ex.getRequestBody().readAllBytes());
      auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      models.add(req.get("model").asText());
      StringBuilder data = new StringBuilder();
      for (int i = 0; i < req.get("input").size(); i++) {
        data.append(i == 0 ? "" : ",").append("{\"index\":").append(i).append(",\"embedding\":[")
            .append(req.get("input").get(i).asText().length()).append(",1,0]}");
      }
      byte[] out = ("{\"data\":[" + data + "]}").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void invalid_provider_keys_name_key_value_and_rule() {
    assertThatThrownBy(() -> parse("[embed]\nprovider = \"cohere\"\n"))
        .hasMessage("test.toml: embed.provider (cohere) must be one of [onnx, folder, openai]");
    assertThatThrownBy(() -> parse("[embed]\nmodel = \"text-embedding-3-small\"\n"))
        .hasMessage("test.toml: embed.model (text-embedding-3-small) must be one of [bge-small-en-v15-q,"
            + " bge-small-zh-v15, all-minilm-l6-v2-q] with embed.provider = \"onnx\"");
    assertThatThrownBy(() -> parse("[embed]\nprovider = \"openai\"\nmodel = \"m\"\n"))
        .hasMessage("test.toml: embed.base_url (\"\") must be the endpoint's http or https URL with"
            + " embed.provider = \"openai\", e.g. \"http://127.0.0.1:11434/v1\"");
    assertThatThrownBy(() -> parse("[embed]\nprovider = \"openai\"\nmodel = \"\"\nbase_url = \"http://h/v1\"\n"))
        .hasMessage("test.toml: embed.model (\"\") must name the endpoint's model with embed.provider = \"openai\"");
    assertThatThrownBy(() -> parse("[embed]\nprovider = \"openai\"\nmodel = \"m\"\nbase_url = \"ftp://h\"\n"))
        .hasMessage("test.toml: embed.base_url (ftp://h) must be an http or https URL with a host, or \"\"");
    assertThatThrownBy(() -> parse("[embed]\nprovider = \"folder\"\n"))
        .hasMessage("test.toml: embed.path (\"\") must name a folder holding model.onnx and tokenizer.json with"
            + " embed.provider = \"folder\"");
    assertThatThrownBy(() -> parse("[embed]\npooling = \"max\"\n"))
        .hasMessage("test.toml: embed.pooling (max) must be \"cls\" or \"mean\"");
    assertThatThrownBy(() -> parse("[embed]\ndimensions = -1\n"))
        .hasMessage("test.toml: embed.dimensions (-1) must be in [0, 65536] (0 = learn it from the first answer)");
    assertThatThrownBy(() -> parse("[embed]\nrate_limit = 20000\n"))
        .hasMessage("test.toml: embed.rate_limit (20000.0) must be in [0, 10000] requests per second (0 = unlimited)");
    assertThatThrownBy(() -> parse("[embed]\ntimeout = \"11m\"\n"))
        .hasMessage("test.toml: embed.timeout (PT11M) must be in (0, 10m], e.g. \"60s\"");
    assertThatThrownBy(() -> parse("[embed]\napi_key_env = \"sk-123\"\n"))
        .hasMessage("test.toml: embed.api_key_env (sk-123) must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
    assertThatThrownBy(() -> parse("[embed]\nprovider = \"openai\"\nmodel = \"m\"\nbase_url = \"http://h/v1\"\n"
        + "batch_size = 4000\n"))
        .hasMessage("test.toml: embed.batch_size (4000) must be in [1, 2048] with embed.provider = \"openai\"");
  }

  @Test
  void cache_keys_carry_provider_and_model() throws Exception {
    assertThat(TandemConfig.DEFAULTS.embed().modelId()).isEqualTo("bge-small-en-v1.5-q");
    assertThat(parse("[embed]\nprovider = \"openai\"\nmodel = \"nomic-embed-text\"\nbase_url = \"http://h/v1\"\n")
        .embed().modelId()).isEqualTo("openai:nomic-embed-text");
    assertThat(parse("[embed]\nprovider = \"openai\"\nmodel = \"text-embedding-3-small\"\nbase_url = \"http://h/v1\"\n"
        + "dimensions = 512\n").embed().modelId()).isEqualTo("openai:text-embedding-3-small@512");
    assertThat(parse("[embed]\nprovider = \"folder\"\npath = \"models/e5-small\"\n").embed().modelId())
        .isEqualTo("folder:e5-small");
    assertThat(parse("[embed]\nprovider = \"folder\"\npath = \"models/e5-small\"\nmodel = \"e5-small-v2\"\n")
        .embed().modelId()).isEqualTo("folder:e5-small-v2");
  }

  @Test
  void the_key_comes_from_the_named_variable(@TempDir Path home) throws Exception {
    EmbedConfig c = parse("[embed]\nprovider = \"openai\"\nmodel = \"nomic-embed-text\"\nbase_url = \"" + base
        + "\"\napi_key_env = \"MY_KEY\"\nquery_prefix = \"q: \"\n").embed();
    try (Embedder e = c.open(home, Map.of("MY_KEY", "sk-from-env"))) {
      assertThat(e.modelId()).isEqualTo("openai:nomic-embed-text");
      float[] q = e.embedQuery("abc"); // "q: abc" -> (6, 1, 0), L2-normalised
      assertThat(q[0]).isCloseTo((float) (6 / Math.sqrt(37)), within(1e-6f));
      assertThat(q[1]).isCloseTo((float) (1 / Math.sqrt(37)), within(1e-6f));
      assertThat(q[2]).isZero();
    }
    assertThat(auth).containsExactly("Bearer sk-from-env");
    assertThat(models).containsExactly("nomic-embed-text");
  }

  @Test
  void tandem_embed_uses_the_endpoint_and_caches_per_model(@TempDir Path home) throws Exception {
    String toml = "[embed]\nprovider = \"openai\"\nmodel = \"MODEL\"\nbase_url = \"" + base + "\"\ndimensions = 3\n"
        + "batch_size = 2\nrate_limit = 1000\ntimeout = \"5s\"\n";
    Files.writeString(home.resolve("tandem.toml"), toml.replace("MODEL", "nomic-embed-text"));
    try (Tandem t = Tandem.open(home)) {
      t.store().items().upsert(List.of(new Item("a", "Dune", "", List.of(), List.of(), Map.of(), 0, true),
          new Item("b", "Foundation", "", List.of(), List.of(), Map.of(), 0, true),
          new Item("c", "Hyperion", "", List.of(), List.of(), Map.of(), 0, true)));
      EmbedReport r = t.embedItems((done, total) -> { });
      assertThat(r.model()).isEqualTo("openai:nomic-embed-text@3");
      assertThat(r.dimension()).isEqualTo(3);
      assertThat(r.embedded()).isEqualTo(3);
      assertThat(t.store().embeddings().count("openai:nomic-embed-text@3")).isEqualTo(3);
      assertThat(t.embedItems((done, total) -> { }).embedded()).isZero();
    }
    assertThat(models).containsExactly("nomic-embed-text", "nomic-embed-text"); // 3 texts in batches of 2
    Files.writeString(home.resolve("tandem.toml"), toml.replace("MODEL", "mxbai-embed-large"));
    try (Tandem t = Tandem.open(home)) {
      EmbedReport r = t.embedItems((done, total) -> { });
      assertThat(r.model()).isEqualTo("openai:mxbai-embed-large@3");
      assertThat(r.embedded()).isEqualTo(3); // another model's vectors are never reused
      assertThat(t.store().embeddings().count("openai:nomic-embed-text@3")).isEqualTo(3);
    }
  }
}

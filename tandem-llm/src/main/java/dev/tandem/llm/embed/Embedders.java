package dev.tandem.llm.embed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The built-in in-process embedding models, by name. They truncate at 512
 * tokens and read their files from LangChain4j's model jars on the class path.
 *
 * <table>
 *   <caption>Built-in models</caption>
 *   <tr><th>name</th><th>model id</th><th>dimension</th><th>pooling</th><th>query prefix</th><th>artifact</th></tr>
 *   <tr><td>{@code bge-small-en-v15-q} (default)</td><td>bge-small-en-v1.5-q</td><td>384</td><td>CLS</td>
 *       <td>"Represent this sentence for searching relevant passages: "</td><td>a dependency of tandem-llm</td></tr>
 *   <tr><td>{@code bge-small-zh-v15}</td><td>bge-small-zh-v1.5</td><td>512</td><td>CLS</td>
 *       <td>"为这个句子生成表示以用于检索相关文章："</td><td>optional: add it</td></tr>
 *   <tr><td>{@code all-minilm-l6-v2-q}</td><td>all-minilm-l6-v2-q</td><td>384</td><td>MEAN</td><td>none</td>
 *       <td>optional: add it</td></tr>
 * </table>
 * Stateless and thread-safe.
 */
public final class Embedders {
  /** The default model's name: quantised BGE small English v1.5. */
  public static final String DEFAULT = "bge-small-en-v15-q";

  private static final String LC4J = "dev.langchain4j:langchain4j-embeddings-";
  private static final String LC4J_VERSION = ":1.20.0-beta30";
  private static final Map<String, ModelSpec> SPECS = new LinkedHashMap<>();

  static {
    SPECS.put(DEFAULT, new ModelSpec("bge-small-en-v1.5-q", Pooling.CLS,
        "Represent this sentence for searching relevant passages: ", ModelSpec.DEFAULT_MAX_TOKENS,
        new ModelSource.Classpath("bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json",
            LC4J + "bge-small-en-v15-q" + LC4J_VERSION)));
    SPECS.put("bge-small-zh-v15", new ModelSpec("bge-small-zh-v1.5", Pooling.CLS,
        "为这个句子生成表示以用于检索相关文章：", ModelSpec.DEFAULT_MAX_TOKENS,
        new ModelSource.Classpath("bge-small-zh-v1.5.onnx", "bge-small-zh-v1.5-tokenizer.json",
            LC4J + "bge-small-zh-v15" + LC4J_VERSION)));
    SPECS.put("all-minilm-l6-v2-q", new ModelSpec("all-minilm-l6-v2-q", Pooling.MEAN, "",
        ModelSpec.DEFAULT_MAX_TOKENS,
        new ModelSource.Classpath("all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
            LC4J + "all-minilm-l6-v2-q" + LC4J_VERSION)));
  }

  private Embedders() {}

  /** The built-in model names, default first. */
  public static List<String> names() {
    return List.copyOf(SPECS.keySet());
  }

  /**
   * The spec of a built-in model, by name (e.g. {@code "bge-small-en-v15-q"}) or model id (e.g.
   * {@code "bge-small-en-v1.5-q"}), ignoring case.
   *
   * @throws IllegalArgumentException for an unknown name; the message lists the known names
   */
  public static ModelSpec spec(String name) {
    Objects.requireNonNull(name, "name");
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (Map.Entry<String, ModelSpec> e : SPECS.entrySet()) {
      if (e.getKey().equals(key) || e.getValue().id().equals(key)) {
        return e.getValue();
      }
    }
    throw new IllegalArgumentException("embedding model (" + name + ") must be one of " + names()
        + ", or a folder with model.onnx and tokenizer.json (ModelSpec.folder)");
  }

  /** Opens a built-in model with {@link OnnxEmbedder.Options#defaults()}. */
  public static Embedder builtIn(String name) {
    return OnnxEmbedder.open(spec(name));
  }

  /**
   * Opens a built-in model.
   *
   * @throws IllegalArgumentException for an unknown name
   * @throws EmbeddingException if the model's jar is not on the class path (the message names it)
   */
  public static Embedder builtIn(String name, OnnxEmbedder.Options options) {
    return OnnxEmbedder.open(spec(name), options);
  }
}

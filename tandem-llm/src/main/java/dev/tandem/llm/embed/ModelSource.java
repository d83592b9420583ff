package dev.tandem.llm.embed;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an in-process model's {@code model.onnx} and {@code tokenizer.json} are read from.
 * Either {@link Classpath} resources (a bundled model jar) or a {@link Folder} on disk.
 */
public sealed interface ModelSource {

  /**
   * Resources on the class path, e.g. in a {@code dev.langchain4j:langchain4j-embeddings-*} jar.
   *
   * @param model resource name of the ONNX model, e.g. {@code "bge-small-en-v1.5-q.onnx"}
   * @param tokenizer resource name of the Hugging Face {@code tokenizer.json}
   * @param artifact the Maven coordinates that ship them, named in the error when they are missing
   */
  record Classpath(String model, String tokenizer, String artifact) implements ModelSource {
    /**
     * Validates the names.
     *
     * @throws IllegalArgumentException if a resource name is blank
     */
    public Classpath {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(tokenizer, "tokenizer");
      Objects.requireNonNull(artifact, "artifact");
      if (model.isBlank() || tokenizer.isBlank()) {
        throw new IllegalArgumentException("resource names (model '" + model + "', tokenizer '" + tokenizer
            + "') must not be blank");
      }
    }
  }

  /**
   * A folder holding {@code model.onnx} and {@code tokenizer.json}, e.g. a Hugging Face export
   * (optimum or the Xenova {@code onnx/} variants renamed). The folder is checked when the model
   * is opened, not here.
   */
  record Folder(Path dir) implements ModelSource {
    /** The model file name inside the folder. */
    public static final String MODEL_FILE = "model.onnx";
    /** The tokenizer file name inside the folder. */
    public static final String TOKENIZER_FILE = "tokenizer.json";

    /** Requires a directory path (existence is checked on open). */
    public Folder {
      Objects.requireNonNull(dir, "dir");
    }
  }
}

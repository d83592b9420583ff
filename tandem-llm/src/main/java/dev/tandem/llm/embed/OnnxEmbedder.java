package dev.tandem.llm.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process embedder: a BERT-style encoder exported to ONNX, run by ONNX Runtime, with a
 * Hugging Face tokenizer (DJL). No network access; the model is read from the class path or a
 * folder once, when opened.
 *
 * <p>Each text is tokenised with truncation to {@link ModelSpec#maxTokens()} (no padding), fed as
 * {@code input_ids}, {@code attention_mask} and, if the model takes it, {@code token_type_ids};
 * {@code last_hidden_state} is pooled ({@link Pooling}) and L2-normalised.
 *
 * <p><b>Batching.</b> With {@link Options#exactBatching()} (the default) every text runs alone, so a
 * text's vector never depends on the other texts of a call: {@code embedDocuments(texts)[i]} equals
 * {@code embedDocuments(List.of(texts.get(i)))[0]} bit for bit. Without it, texts are sorted by
 * token length and run in padded batches of {@link Options#batchSize()}: fewer, larger ONNX calls,
 * but quantised ({@code -q}) models then give slightly different vectors (cosine 0.98–0.99 to the
 * exact ones), because their activation quantisation scale is computed over the whole batch; FP32
 * models agree up to float rounding. The speed gain is small for this model size: on 1,000 item
 * texts of ~44 tokens, bge-small-en-v1.5-q ran 142 docs/s exact and 140 docs/s batched per thread
 * ({@code tandem-bench} {@code EmbedThroughput}), so exact mode is the default.
 *
 * <p><b>Threads.</b> Batches run in parallel on a pool of {@link Options#threads()} threads; each
 * ONNX Runtime call itself is single-threaded, so vectors do not depend on the thread count and
 * output order is the input order. Throughput scales with threads (276 docs/s on 2 cores for the
 * texts above); a single {@link #embedQuery} uses one core.
 *
 * <p>Thread-safe: the embed methods may be called concurrently (calls share the pool). Holds
 * native memory (the model, ~35–100 MB) until {@link #close()}.
 *
 * {@snippet :
 * var options = OnnxEmbedder.Options.defaults().withExactBatching(false).withThreads(2);
 * try (Embedder e = OnnxEmbedder.open(Embedders.spec("bge-small-en-v15-q"), options)) {
 *   float[][] vectors = e.embedDocuments(itemTexts);
 * }
 * }
 */
public final class OnnxEmbedder implements Embedder {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxEmbedder.class);
  private static final String INPUT_IDS = "input_ids";
  private static final String ATTENTION_MASK = "attention_mask";
  private static final String TOKEN_TYPE_IDS = "token_type_ids";
  private static final String LAST_HIDDEN_STATE = "last_hidden_state";

  /**
   * How texts are batched and parallelised. Immutable.
   *
   * @param batchSize texts per ONNX Runtime call when not {@code exactBatching}, in [1, 4096];
   *     default 32. Larger batches amortise call overhead but pad more.
   * @param exactBatching run every text alone so vectors never depend on the other texts of a
   *     call; default {@code true}. Slower, but stable vectors for caches and tests.
   * @param threads threads running batches in parallel, in [1, 256]; default: all available
   *     processors. 1 runs everything on the calling thread.
   */
  public record Options(int batchSize, boolean exactBatching, int threads) {
    /** The default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if {@code batchSize} or {@code threads} is out of range
     */
    public Options {
      if (batchSize < 1 || batchSize > 4096) {
        throw new IllegalArgumentException("batchSize (" + batchSize + ") must be in [1, 4096]");
      }
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("threads (" + threads + ") must be in [1, 256]");
      }
    }

    /** Batch 32, exact batching, one thread per available processor. */
    public static Options defaults() {
      return new Options(DEFAULT_BATCH_SIZE, true, Runtime.getRuntime().availableProcessors());
    }

    /** These options with another batch size. */
    public Options withBatchSize(int batchSize) {
      return new Options(batchSize, exactBatching, threads);
    }

    /** These options with exact batching on or off. */
    public Options withExactBatching(boolean exactBatching) {
      return new Options(batchSize, exactBatching, threads);
    }

    /** These options with another thread count. */
    public Options withThreads(int threads) {
      return new Options(batchSize, exactBatching, threads);
    }
  }

  private final ModelSpec spec;
  private final Options options;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean takesTokenTypes;
  private final String outputName;
  private final int dimension;
  private final ExecutorService pool;
  private volatile boolean closed;

  private OnnxEmbedder(ModelSpec spec, Options options, OrtSession session, HuggingFaceTokenizer tokenizer)
      throws OrtException {
    this.spec = spec;
    this.options = options;
    this.env = OrtEnvironment.getEnvironment();
    this.session = session;
    this.tokenizer = tokenizer;
    Set<String> inputs = session.getInputNames();
    for (String required : List.of(INPUT_IDS, ATTENTION_MASK)) {
      if (!inputs.contains(required)) {
        throw new EmbeddingException("model " + spec.id() + " has inputs " + inputs + "; expected " + INPUT_IDS
            + ", " + ATTENTION_MASK + " and optionally " + TOKEN_TYPE_IDS);
      }
    }
    for (String input : inputs) {
      if (!Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS).contains(input)) {
        throw new EmbeddingException("model " + spec.id() + " has an unsupported input '" + input + "' (inputs "
            + inputs + "); expected " + INPUT_IDS + ", " + ATTENTION_MASK + " and optionally " + TOKEN_TYPE_IDS);
      }
    }
    this.takesTokenTypes = inputs.contains(TOKEN_TYPE_IDS);
    this.outputName = tokenOutput(spec, session.getOutputInfo());
    TensorInfo out = (TensorInfo) session.getOutputInfo().get(outputName).getInfo();
    long[] shape = out.getShape();
    if (shape.length == 3 && shape[2] > 0) {
      this.dimension = (int) shape[2];
    } else {
      this.dimension = run(List.of(encode("")), new int[] {0})[0].length;
    }
    this.pool = options.threads() == 1 ? null : Executors.newFixedThreadPool(options.threads(), daemonThreads());
  }

  /** Opens a model with {@link Options#defaults()}. See {@link #open(ModelSpec, Options)}. */
  public static OnnxEmbedder open(ModelSpec spec) {
    return open(spec, Options.defaults());
  }

  /**
   * Loads the model and tokenizer of {@code spec} (a few hundred milliseconds to seconds).
   *
   * @throws IllegalArgumentException if a folder source does not exist or lacks {@code model.onnx}
   *     or {@code tokenizer.json}
   * @throws EmbeddingException if a class-path model is missing (its artifact is named), or the
   *     files cannot be read or are not a supported encoder
   */
  public static OnnxEmbedder open(ModelSpec spec, Options options) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(options, "options");
    long t0 = System.nanoTime();
    Map<String, String> tokenizerOptions = Map.of(
        "addSpecialTokens", "true",
        "truncation", "true",
        "padding", "false",
        "maxLength", Integer.toString(spec.maxTokens()));
    OrtSession session = null;
    HuggingFaceTokenizer tokenizer = null;
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setIntraOpNumThreads(1);
      so.setInterOpNumThreads(1);
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      if (spec.source() instanceof ModelSource.Folder f) {
        Path model = f.dir().resolve(ModelSource.Folder.MODEL_FILE);
        Path tok = f.dir().resolve(ModelSource.Folder.TOKENIZER_FILE);
        if (!Files.isDirectory(f.dir())) {
          throw new IllegalArgumentException("model folder (" + f.dir() + ") must be an existing directory holding "
              + ModelSource.Folder.MODEL_FILE + " and " + ModelSource.Folder.TOKENIZER_FILE);
        }
        for (Path p : List.of(model, tok)) {
          if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("model folder (" + f.dir() + ") is missing " + p.getFileName()
                + "; it must hold " + ModelSource.Folder.MODEL_FILE + " and " + ModelSource.Folder.TOKENIZER_FILE);
          }
        }
        tokenizer = HuggingFaceTokenizer.newInstance(tok, tokenizerOptions);
        session = env.createSession(model.toString(), so);
      } else if (spec.source() instanceof ModelSource.Classpath c) {
        byte[] model = resource(c.model(), c);
        try (InputStream in = new ByteArrayInputStream(resource(c.tokenizer(), c))) {
          tokenizer = HuggingFaceTokenizer.newInstance(in, tokenizerOptions);
        }
        session = env.createSession(model, so);
      }
      OnnxEmbedder e = new OnnxEmbedder(spec, options, session, tokenizer);
      LOG.info("Loaded embedding model {} (dimension {}, pooling {}, {} threads, exactBatching {}) in {} ms",
          spec.id(), e.dimension, spec.pooling(), options.threads(), options.exactBatching(),
          (System.nanoTime() - t0) / 1_000_000);
      return e;
    } catch (OrtException | IOException | RuntimeException ex) {
      closeQuietly(session, tokenizer);
      if (ex instanceof IllegalArgumentException || ex instanceof EmbeddingException) {
        throw (RuntimeException) ex;
      }
      throw new EmbeddingException("cannot load embedding model " + spec.id() + " from " + spec.source() + ": "
          + ex.getMessage(), ex);
    }
  }

  /** The spec this embedder was opened with. */
  public ModelSpec spec() {
    return spec;
  }

  /** The batching and thread options. */
  public Options options() {
    return options;
  }

  /** {@inheritDoc} The {@link ModelSpec#id()}. */
  @Override
  public String modelId() {
    return spec.id();
  }

  @Override
  public int dimension() {
    return dimension;
  }

  /** {@inheritDoc} Texts longer than {@link ModelSpec#maxTokens()} tokens are truncated. */
  @Override
  public float[][] embedDocuments(List<String> texts) {
    checkOpen();
    Objects.requireNonNull(texts, "texts");
    int n = texts.size();
    Encoding[] enc = new Encoding[n];
    for (int i = 0; i < n; i++) {
      String t = texts.get(i);
      if (t == null) {
        throw new IllegalArgumentException("texts[" + i + "] is null; expected a string (empty is allowed)");
      }
      enc[i] = encode(t);
    }
    List<Encoding> encodings = Arrays.asList(enc);
    List<int[]> batches = batches(enc);
    float[][] out = new float[n][];
    if (pool == null || batches.size() == 1) {
      for (int[] b : batches) {
        store(out, b, run(encodings, b));
      }
      return out;
    }
    List<Callable<float[][]>> tasks = new ArrayList<>(batches.size());
    for (int[] b : batches) {
      tasks.add(() -> run(encodings, b));
    }
    try {
      List<Future<float[][]>> results = pool.invokeAll(tasks);
      for (int k = 0; k < batches.size(); k++) {
        store(out, batches.get(k), results.get(k).get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddingException("interrupted while embedding " + n + " texts with " + spec.id(), e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new EmbeddingException("embedding with " + spec.id() + " failed: " + c, c);
    }
    return out;
  }

  /** {@inheritDoc} Prepends {@link ModelSpec#queryPrefix()}. */
  @Override
  public float[] embedQuery(String text) {
    checkOpen();
    if (text == null) {
      throw new IllegalArgumentException("query text is null; expected a string");
    }
    return run(List.of(encode(spec.queryPrefix() + text)), new int[] {0})[0];
  }

  /** Number of tokens of {@code text} after truncation, special tokens included. */
  public int tokenCount(String text) {
    checkOpen();
    return encode(Objects.requireNonNull(text, "text")).getIds().length;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (pool != null) {
      pool.shutdownNow();
    }
    closeQuietly(session, tokenizer);
  }

  @Override
  public String toString() {
    return "OnnxEmbedder[" + spec.id() + ", dimension " + dimension + ", " + options + "]";
  }

  private List<int[]> batches(Encoding[] enc) {
    int n = enc.length;
    List<int[]> batches = new ArrayList<>();
    if (options.exactBatching() || options.batchSize() == 1) {
      for (int i = 0; i < n; i++) {
        batches.add(new int[] {i});
      }
      return batches;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      int c = Integer.compare(enc[a].getIds().length, enc[b].getIds().length);
      return c != 0 ? c : Integer.compare(a, b);
    });
    for (int start = 0; start < n; start += options.batchSize()) {
      int end = Math.min(n, start + options.batchSize());
      int[] b = new int[end - start];
      for (int k = start; k < end; k++) {
        b[k - start] = order[k];
      }
      batches.add(b);
    }
    return batches;
  }

  private static void store(float[][] out, int[] batch, float[][] vectors) {
    for (int k = 0; k < batch.length; k++) {
      out[batch[k]] = vectors[k];
    }
  }

  private Encoding encode(String text) {
    return tokenizer.encode(text);
  }

  /** Runs one padded batch of the given encodings; returns pooled unit vectors in batch order. */
  private float[][] run(List<Encoding> encodings, int[] batch) {
    int b = batch.length;
    int len = 0;
    for (int i : batch) {
      len = Math.max(len, encodings.get(i).getIds().length);
    }
    long[] ids = new long[b * len];
    long[] mask = new long[b * len];
    long[] types = new long[b * len];
    for (int k = 0; k < b; k++) {
      Encoding e = encodings.get(batch[k]);
      long[] ei = e.getIds();
      long[] em = e.getAttentionMask();
      long[] et = e.getTypeIds();
      System.arraycopy(ei, 0, ids, k * len, ei.length);
      System.arraycopy(em, 0, mask, k * len, em.length);
      System.arraycopy(et, 0, types, k * len, et.length);
    }
    long[] shape = {b, len};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put(INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      inputs.put(ATTENTION_MASK, OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (takesTokenTypes) {
        inputs.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape));
      }
      try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
        OnnxTensor hidden = (OnnxTensor) result.get(0);
        long[] hs = hidden.getInfo().getShape();
        int h = (int) hs[2];
        FloatBuffer fb = hidden.getFloatBuffer();
        float[][] out = new float[b][];
        for (int k = 0; k < b; k++) {
          out[k] = Vectors.normalize(pool(fb, k, len, h, mask));
        }
        return out;
      }
    } catch (OrtException e) {
      throw new EmbeddingException("ONNX Runtime failed to run model " + spec.id() + " on a batch of " + b
          + " texts of up to " + len + " tokens: " + e.getMessage(), e);
    } finally {
      for (OnnxTensor t : inputs.values()) {
        t.close();
      }
    }
  }

  private float[] pool(FloatBuffer fb, int row, int len, int h, long[] mask) {
    float[] v = new float[h];
    int base = row * len * h;
    if (spec.pooling() == Pooling.CLS) {
      for (int d = 0; d < h; d++) {
        v[d] = fb.get(base + d);
      }
      return v;
    }
    double[] sum = new double[h];
    int count = 0;
    for (int t = 0; t < len; t++) {
      if (mask[row * len + t] == 0) {
        continue;
      }
      count++;
      int off = base + t * h;
      for (int d = 0; d < h; d++) {
        sum[d] += fb.get(off + d);
      }
    }
    for (int d = 0; d < h; d++) {
      v[d] = count == 0 ? 0f : (float) (sum[d] / count);
    }
    return v;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("embedder " + spec.id() + " is closed");
    }
  }

  private static String tokenOutput(ModelSpec spec, Map<String, NodeInfo> outputs) {
    if (outputs.containsKey(LAST_HIDDEN_STATE)) {
      return LAST_HIDDEN_STATE;
    }
    for (Map.Entry<String, NodeInfo> e : outputs.entrySet()) {
      if (e.getValue().getInfo() instanceof TensorInfo ti && ti.getShape().length == 3) {
        return e.getKey();
      }
    }
    throw new EmbeddingException("model " + spec.id() + " has no token-level output (outputs " + outputs.keySet()
        + "); expected " + LAST_HIDDEN_STATE + " of shape [batch, tokens, dimension]");
  }

  private static byte[] resource(String name, ModelSource.Classpath c) throws IOException {
    ClassLoader cl = OnnxEmbedder.class.getClassLoader();
    try (InputStream in = cl.getResourceAsStream(name)) {
      if (in == null) {
        throw new EmbeddingException("resource " + name + " is not on the class path; add the dependency "
            + c.artifact() + " (or load the model from a folder with ModelSpec.folder)");
      }
      return in.readAllBytes();
    }
  }

  private static void closeQuietly(OrtSession session, HuggingFaceTokenizer tokenizer) {
    if (tokenizer != null) {
      tokenizer.close();
    }
    if (session != null) {
      try {
        session.close();
      } catch (OrtException e) {
        LOG.warn("closing ONNX session failed: {}", e.getMessage());
      }
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "tandem-embed-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

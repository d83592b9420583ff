package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.llm.embed.Embedders;
import dev.tandem.llm.embed.OnnxEmbedder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Loading the embedder prints nothing about GPUs: DJL's CUDA probe ({@code ai.djl.util.cuda.CudaUtils})
 * warns "Failed to detect GPU count" on every load where a CUDA runtime is installed without a usable
 * driver, and the CLI's logging configuration ({@code logback.xml}, then {@link Logging}) keeps that logger to
 * errors.
 */
class NativeNoiseTest {
  @Test
  void the_cuda_probe_logger_is_kept_to_errors() {
    assertThat(LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils").isWarnEnabled()).isFalse();
    assertThat(LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils").isErrorEnabled()).isTrue();
  }

  @Test
  void loading_the_embedder_logs_no_gpu_warning() {
    PrintStream before = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (OnnxEmbedder e = OnnxEmbedder.open(Embedders.spec("bge-small-en-v15-q"),
        OnnxEmbedder.Options.defaults().withThreads(1))) {
      assertThat(e.embedQuery("lab equipment")).hasSize(384);
    } finally {
      System.setErr(before);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContainIgnoringCase("GPU count")
        .doesNotContain("CUDA driver");
  }
}

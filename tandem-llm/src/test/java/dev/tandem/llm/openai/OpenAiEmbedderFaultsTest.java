package dev.tandem.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.llm.embed.EmbeddingException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Requirement 7 of issue 12, embeddings: {@link OpenAiEmbedder} against an OpenAI-compatible
 * endpoint that is down, slow or answering garbage, on a real loopback socket. For every fault the
 * call fails with an {@link EmbeddingException} (never another exception type, never a hang) within
 * its bound: at most {@code RETRIES + 1} attempts, each ended by its own {@code requestTimeout} (a
 * hanging answer is held until the test ends, and the test checks that no hang had ended when the
 * call failed), and back-offs of at most {@code MAX_BACKOFF} each, recorded by a ticker rather than
 * measured on the wall clock. (The server embeds in-process only; configuring this embedder for a
 * home is issue 14, so it is tested here directly.)
 */
class OpenAiEmbedderFaultsTest {
  static final Duration TIMEOUT = Duration.ofMillis(400);
  static final int RETRIES = 2;
  static final Duration MAX_BACKOFF = Duration.ofMillis(100);

  /** How the endpoint misbehaves. */
  enum Fault {
    /** Nothing listens on the port. */
    REFUSED,
    /** Answers long after the request timeout. */
    SLOW,
    /** Sends the headers and part of the body, then nothing. */
    STALLED_BODY,
    /** Closes the connection before answering. */
    CLOSED,
    /** 200 with an HTML page. */
    NOT_JSON,
    /** 200 with JSON that is not an embeddings answer. */
    WRONG_JSON,
    /** 200 with an embedding that is not all numbers. */
    WRONG_VALUES,
    /** 200 with fewer embeddings than texts. */
    MISSING,
    /** HTTP 500 every time. */
    HTTP_500,
    /** HTTP 429 with Retry-After every time. */
    HTTP_429
  }

  private HttpServer server;
  private ExecutorService threads;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger requests = new AtomicInteger();
  /** Hanging answers whose hang ended (at the end of the test, or after 60 s): 0 while every hang holds. */
  private final AtomicInteger hangsEnded = new AtomicInteger();
  private final RecordingTicker ticker = new RecordingTicker();
  private volatile Fault fault;
  private URI base;

  @BeforeEach
  void start() throws IOException {
    threads = Executors.newCachedThreadPool();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/v1/embeddings", this::handle);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    ex.getRequestBody().readAllBytes();
    switch (fault) {
      case SLOW -> {
        await(); // until the test ends: far beyond every attempt's timeout
        send(ex, 200, "{\"data\":[{\"index\":0,\"embedding\":[1,0]}]}");
      }
      case STALLED_BODY -> {
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 1000);
        OutputStream out = ex.getResponseBody();
        out.write("{\"data\":[{\"index\":0,".getBytes(StandardCharsets.UTF_8));
        out.flush();
        await();
        ex.close();
      }
      case CLOSED -> ex.close(); // no status line at all
      case NOT_JSON -> send(ex, 200, "<html><body>502 Bad Gateway</body></html>");
      case WRONG_JSON -> send(ex, 200, "{\"object\":\"list\",\"result\":\"ok\"}");
      case WRONG_VALUES -> send(ex, 200, "{\"data\":[{\"index\":0,\"embedding\":[0.5,\"NaN\",1]}]}");
      case MISSING -> send(ex, 200, "{\"data\":[]}");
      case HTTP_500 -> send(ex, 500, "{\"error\":{\"message\":\"overloaded\"}}");
      case HTTP_429 -> {
        ex.getResponseHeaders().add("Retry-After", "30");
        send(ex, 429, "{\"error\":{\"message\":\"rate limited\"}}");
      }
      default -> send(ex, 500, "unexpected");
    }
  }

  private void await() {
    try {
      release.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    hangsEnded.incrementAndGet();
  }

  /** The monotonic clock, plus the back-offs, which are recorded instead of slept. */
  private static final class RecordingTicker implements Ticker {
    final List<Long> sleeps = new CopyOnWriteArrayList<>();
    private long slept;

    @Override
    public synchronized long nanoTime() {
      return System.nanoTime() + slept;
    }

    @Override
    public synchronized void sleep(long nanos) {
      sleeps.add(nanos);
      slept += nanos;
    }
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] out = body.getBytes(StandardCharsets.UTF_8);
    try {
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(status, out.length);
      ex.getResponseBody().write(out);
    } catch (IOException e) {
      // the client gave up
    }
    ex.close();
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void every_fault_is_an_embedding_exception_within_its_bound(Fault f) throws Exception {
    fault = f;
    URI url = base;
    if (f == Fault.REFUSED) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        url = URI.create("http://127.0.0.1:" + s.getLocalPort()); // closed again: nothing listens there
      }
    }
    OpenAiEmbedder e = OpenAiEmbedder.builder(url, "test-embed").requestTimeout(TIMEOUT).maxRetries(RETRIES)
        .backoff(Duration.ofMillis(50), MAX_BACKOFF).connectTimeout(Duration.ofSeconds(1)).seed(7).ticker(ticker)
        .build();
    Throwable thrown;
    try {
      e.embedDocuments(List.of("a cast-iron skillet"));
      thrown = null;
    } catch (Throwable t) {
      thrown = t;
    }
    assertThat(thrown).as(f.toString()).isExactlyInstanceOf(EmbeddingException.class);
    assertThat(thrown.getMessage()).startsWith("POST " + url + "/v1/embeddings for batch 1 of 1 (texts 0..0)");
    assertThat(hangsEnded).as("%s: the call waited for a hang to end", f).hasValue(0);
    assertThat(ticker.sleeps).as("%s: back-offs (ns)", f).hasSizeLessThanOrEqualTo(RETRIES)
        .allMatch(n -> n <= MAX_BACKOFF.toNanos());
    boolean retried = f == Fault.REFUSED || f == Fault.SLOW || f == Fault.STALLED_BODY || f == Fault.CLOSED
        || f == Fault.HTTP_500 || f == Fault.HTTP_429;
    if (f != Fault.REFUSED) {
      // transient failures are retried; a malformed answer is not (it will not get better)
      assertThat(requests.get()).as("%s: requests", f).isEqualTo(retried ? RETRIES + 1 : 1);
    }
  }
}

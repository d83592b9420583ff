package dev.tandem.llm.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback server speaking {@code POST /v1/chat/completions} with scripted answers, for tests.
 * Records every request body and Authorization header. When the script is empty it answers 500.
 */
public final class ScriptedChatServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // the JDK server writes headers and body separately; with Nagle on, delayed ACKs add ~40 ms a call
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** One scripted answer: a status, headers and a body, or a hang until the server closes. */
  public record Reply(int status, Map<String, String> headers, String body, boolean hangs) {
    /** A 200 with a chat completion whose message content is {@code content}. */
    public static Reply content(String content) {
      ObjectNode root = JSON.createObjectNode();
      root.put("id", "chatcmpl-1").put("object", "chat.completion").put("model", "scripted-1");
      ObjectNode choice = root.putArray("choices").addObject();
      choice.put("index", 0).put("finish_reason", "stop");
      choice.putObject("message").put("role", "assistant").put("content", content);
      root.putObject("usage").put("prompt_tokens", 11).put("completion_tokens", 7);
      return new Reply(200, Map.of(), root.toString(), false);
    }

    /** A raw body with {@code status}. */
    public static Reply raw(int status, String body) {
      return new Reply(status, Map.of(), body, false);
    }

    /** A status with {@code Retry-After: seconds}. */
    public static Reply retryAfter(int status, String seconds) {
      return new Reply(status, Map.of("Retry-After", seconds), "{\"error\":{\"message\":\"slow down\"}}", false);
    }

    /** No answer until the server closes. */
    public static Reply slow() {
      return new Reply(200, Map.of(), "", true);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads;
  private final Deque<Reply> script = new ArrayDeque<>();
  /** Request bodies, in arrival order. */
  public final List<String> bodies = new CopyOnWriteArrayList<>();
  /** Authorization headers ("null" when absent), in arrival order. */
  public final List<String> authHeaders = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  /** Hanging replies whose hang ended (released at {@link #close}, or after 30 s): 0 while every hang still holds. */
  final java.util.concurrent.atomic.AtomicInteger hangsEnded = new java.util.concurrent.atomic.AtomicInteger();

  /** Starts on a free loopback port. */
  public ScriptedChatServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    threads = Executors.newCachedThreadPool();
    server.setExecutor(threads);
    server.createContext("/v1/chat/completions", this::handle);
    server.start();
  }

  /** The base URL (no {@code /v1}). */
  public URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Appends answers to the script. */
  public ScriptedChatServer then(Reply... replies) {
    synchronized (script) {
      script.addAll(List.of(replies));
    }
    return this;
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    bodies.add(body);
    authHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
    Reply r;
    synchronized (script) {
      r = script.isEmpty() ? Reply.raw(500, "{\"error\":\"script exhausted\"}") : script.poll();
    }
    if (r.hangs()) {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      hangsEnded.incrementAndGet();
      ex.close();
      return;
    }
    r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(r.status(), out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}

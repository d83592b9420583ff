package dev.tandem.bench;

import com.sun.net.httpserver.HttpServer;
import dev.tandem.llm.chat.ChatMessage;
import dev.tandem.llm.chat.ChatRequest;
import dev.tandem.llm.chat.LlmIntentParser;
import dev.tandem.llm.chat.LlmReranker;
import dev.tandem.llm.chat.ParsedIntent;
import dev.tandem.llm.intent.Goal;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.IntentCatalogue;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.llm.openai.OpenAiChatModel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;

/**
 * Overhead of the chat client and the checks around it, against a loopback server that answers a
 * fixed chat completion at once: the time of a bare {@code java.net.http} POST of the same body
 * (the floor), of {@link OpenAiChatModel#chat}, of {@link LlmIntentParser#parseWithSource} (prompt
 * building, PII scrubbing, the call, validation against a 2,000-title catalogue; the in-process
 * parser is a constant stand-in) and of {@link LlmReranker#rerank} over 20 candidates. Sequential
 * calls; p50 and p99 in milliseconds after a warm-up. A real model adds its own generation time.
 *
 * <pre>
 * java -cp tandem-bench/target/benchmarks.jar dev.tandem.bench.ChatClientTiming 3000
 * </pre>
 */
public final class ChatClientTiming {
  private ChatClientTiming() {}

  private static final String INTENT = "{\"goal\":\"recommend\",\"include\":[\"mystery\",\"cosy\"],\"exclude\":"
      + "[\"horror\"],\"ranges\":[{\"attribute\":\"pages\",\"min\":null,\"max\":300}],\"count\":5,\"references\":"
      + "[{\"mention\":\"Title 17\",\"title\":\"Title 17\"}],\"query\":\"cosy mysteries\",\"language\":\"en\"}";

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    // without it the JDK server's separate header and body writes meet delayed ACKs: ~40 ms a call
    System.setProperty("sun.net.httpserver.nodelay", "true");
    String[] answer = {INTENT};
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/v1/chat/completions", ex -> {
      ex.getRequestBody().readAllBytes();
      String content = com.fasterxml.jackson.databind.node.TextNode.valueOf(answer[0]).toString();
      byte[] out = ("{\"model\":\"bench\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
          + content + "}}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    server.start();
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    try (OpenAiChatModel chat = OpenAiChatModel.builder(base, "bench").build()) {
      Map<String, Integer> labels = new LinkedHashMap<>();
      for (int i = 0; i < 300; i++) {
        labels.put("label " + i, 1000 - i);
      }
      labels.put("mystery", 5000);
      labels.put("cosy", 4000);
      labels.put("horror", 3000);
      Map<String, String> titles = new LinkedHashMap<>();
      for (int i = 0; i < 2000; i++) {
        titles.put("item-" + i, "Title " + i);
      }
      IntentCatalogue catalogue = new IntentCatalogue() {
        public Map<String, Integer> labels() {
          return labels;
        }

        public Set<String> numericAttributes() {
          return Set.of("pages", "year");
        }

        public Map<String, String> titles() {
          return titles;
        }
      };
      IntentParser constant = (text, cat, shown) -> new Intent(Goal.RECOMMEND, List.of(), List.of("horror"),
          List.of(), 0, List.of(), text, "en");
      LlmIntentParser parser = new LlmIntentParser(chat, constant, LlmIntentParser.Options.DEFAULTS);
      String request = "cosy mysteries like Title 17, nothing horror, under 300 pages, 5 please";
      ChatRequest chatRequest = new ChatRequest(List.of(ChatMessage.system("s"), ChatMessage.user(request)),
          LlmIntentParser.SCHEMA, 0, 400, Duration.ofSeconds(5));
      String payload = "{\"model\":\"bench\",\"messages\":[{\"role\":\"user\",\"content\":\"" + request + "\"}]}";
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI endpoint = URI.create(base + "/v1/chat/completions");
      List<LlmReranker.Candidate> candidates = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        candidates.add(new LlmReranker.Candidate("item-" + i, "Title " + i, "shares mystery, liked Title " + (i + 1)));
      }
      LlmReranker reranker = new LlmReranker(chat, 20, Duration.ofSeconds(2));
      StringBuilder ranking = new StringBuilder("{\"ranking\":[");
      for (int i = 19; i >= 0; i--) {
        ranking.append('"').append("item-").append(i).append('"').append(i > 0 ? "," : "]}");
      }

      time("bare HttpClient POST", n, i -> {
        try {
          http.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      time("OpenAiChatModel.chat", n, i -> chat.chat(chatRequest));
      time("LlmIntentParser.parseWithSource", n, i -> {
        ParsedIntent p = parser.parseWithSource(request, catalogue, List.of());
        if (p.source() != ParsedIntent.Source.CHAT_MODEL || p.intent().references().isEmpty()) {
          throw new IllegalStateException("unexpected " + p);
        }
      });
      answer[0] = ranking.toString();
      time("LlmReranker.rerank (20)", n, i -> {
        if (reranker.rerank(request, candidates).source() != ParsedIntent.Source.CHAT_MODEL) {
          throw new IllegalStateException("rerank fell back");
        }
      });
    } finally {
      server.stop(0);
      ((ExecutorService) server.getExecutor()).shutdownNow();
    }
  }

  private static void time(String what, int n, IntConsumer call) {
    for (int i = 0; i < Math.min(n, 1000); i++) {
      call.accept(i);
    }
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      call.accept(i);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf(Locale.ROOT, "%-34s n=%d  p50 %.3f ms  p99 %.3f ms%n", what, n, ms[n / 2],
        ms[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)]);
  }
}

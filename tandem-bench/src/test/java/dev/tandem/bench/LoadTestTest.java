package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** The load generator's parsing, percentiles and plain-socket HTTP against the JDK's HTTP server. */
class LoadTestTest {

  @Test
  void percentiles_are_nearest_rank() {
    long[] v = new long[100];
    for (int i = 0; i < v.length; i++) {
      v[i] = i + 1;
    }
    assertThat(LoadTest.pct(v, 50)).isEqualTo(50);
    assertThat(LoadTest.pct(v, 99)).isEqualTo(99);
    assertThat(LoadTest.pct(v, 100)).isEqualTo(100);
    assertThat(LoadTest.pct(new long[] {7}, 99)).isEqualTo(7);
    assertThat(LoadTest.pct(new long[0], 50)).isEqualTo(-1);
  }

  @Test
  void recommended_items_are_read_in_order_with_escapes() {
    String body = "{\"model\":\"ease\",\"items\":[{\"item\":\"b1\",\"title\":\"x\"},{\"item\":\"a \\\"q\\\"\","
        + "\"score\":1.0}]}";
    assertThat(LoadTest.itemsOf(body)).containsExactly("b1", "a \"q\"");
    assertThat(LoadTest.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
  }

  @Test
  void only_an_answer_that_acknowledges_the_event_counts_it_as_accepted() {
    assertThat(LoadTest.acknowledged(new HttpConnection.Response(200, "{\"accepted\":1,\"rejected\":[]}"), 1))
        .isEqualTo(1);
    // a 200 with an empty body (what the server answered to a body it had refused while receiving it) acknowledges
    // nothing: counted as accepted, it made "sent" and "accepted" agree while the store was one event short
    assertThat(LoadTest.acknowledged(new HttpConnection.Response(200, ""), 1)).isEqualTo(-1);
    assertThat(LoadTest.acknowledged(new HttpConnection.Response(200, "{\"accepted\":0,\"rejected\":[{\"index\":0,"
        + "\"error\":\"x\"}]}"), 1)).isEqualTo(-1);
    assertThat(LoadTest.acknowledged(new HttpConnection.Response(503, "{\"accepted\":1,\"rejected\":[]}"), 1))
        .isEqualTo(-1);
  }

  @Test
  void the_store_must_hold_every_accepted_event_and_at_most_the_unconfirmed_ones_besides() {
    assertThat(LoadTest.verdict(10, 10, 0, 10)).isEqualTo("all stored");
    assertThat(LoadTest.verdict(10, 9, 1, 9)).isEqualTo("every accepted event stored; 1 not accepted (see errors)");
    assertThat(LoadTest.verdict(10, 9, 1, 10)).isEqualTo("every accepted event stored; 1 not accepted (see errors)");
    assertThat(LoadTest.verdict(10, 10, 0, 9)).isEqualTo("MISMATCH: 1 accepted events missing from the store");
    assertThat(LoadTest.verdict(10, 9, 0, 10)).isEqualTo("MISMATCH: the store gained 1 events more than were"
        + " accepted or unconfirmed");
  }

  @Test
  void options_need_url_users_and_items() {
    assertThatThrownBy(() -> LoadTest.Options.parse(new String[] {"--url", "http://127.0.0.1:1"}))
        .hasMessageContaining("--url, --users and --items are required");
    assertThatThrownBy(() -> LoadTest.Options.parse(new String[] {"--levels", "0", "--url", "http://h:1", "--users",
        "u", "--items", "i"})).hasMessage("levels (0) must be >= 1");
    LoadTest.Options o = LoadTest.Options.parse(new String[] {"--url", "http://h:1/", "--users", "u", "--items", "i"});
    assertThat(o.levels()).containsExactly(1, 2, 4, 8, 16, 32);
    assertThat(o.url()).hasToString("http://h:1");
  }

  @Test
  void one_connection_reads_fixed_length_and_chunked_bodies_and_sends_the_key() throws Exception {
    ConcurrentLinkedQueue<String> auth = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> remotes = new ConcurrentLinkedQueue<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      remotes.add(ex.getRemoteAddress().toString());
      byte[] in = ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getPath();
      byte[] out = (path.equals("/chunked") ? "x".repeat(20_000) : "{\"got\":" + in.length + "}")
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(path.equals("/missing") ? 404 : 200, path.equals("/chunked") ? 0 : out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    });
    server.start();
    try (HttpConnection c = new HttpConnection(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
        "k123")) {
      assertThat(c.post("/feedback", "[1,2]")).isEqualTo(new HttpConnection.Response(200, "{\"got\":5}"));
      HttpConnection.Response chunked = c.get("/chunked");
      assertThat(chunked.status()).isEqualTo(200);
      assertThat(chunked.body()).hasSize(20_000);
      assertThat(c.get("/missing").status()).isEqualTo(404);
    } finally {
      server.stop(0);
    }
    assertThat(auth).containsOnly("Bearer k123");
    assertThat(List.copyOf(remotes)).as("one kept-alive connection").hasSize(3).containsOnly(remotes.peek());
  }
}

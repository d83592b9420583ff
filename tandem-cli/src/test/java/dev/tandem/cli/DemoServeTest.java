package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem demo} serves the demo home and prints curl commands: this test runs the demo, then
 * executes exactly the printed commands (parsed from the output, as a user would paste them) and
 * checks what each answers.
 */
class DemoServeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HEADER = Pattern.compile("-H '([^']*)'");
  private static final Pattern DATA = Pattern.compile("-d '([^']*)'");
  private static final Pattern METHOD = Pattern.compile("-X (\\w+)");

  @TempDir Path dir;

  @Test
  void the_printed_curl_commands_work_against_the_running_demo_server() throws Exception {
    CountDownLatch serving = new CountDownLatch(1); // the demo printed its last line, or ended
    StringWriter out = new StringWriter() {
      @Override
      public void write(String str, int off, int len) {
        super.write(str, off, len);
        if (toString().contains("Serving until Ctrl-C")) {
          serving.countDown();
        }
      }

      @Override
      public void write(char[] cbuf, int off, int len) {
        write(new String(cbuf, off, len), 0, len);
      }

      @Override
      public void write(int c) {
        write(String.valueOf((char) c), 0, 1);
      }
    };
    StringWriter err = new StringWriter();
    int[] code = {-1};
    Thread demo = new Thread(() -> {
      try {
        code[0] = TandemCli.run(new String[] {"--home", dir.resolve("h").toString(), "demo", "--users", "1", "--n", "2",
            "--port", "0"}, new PrintWriter(out), new PrintWriter(err));
      } finally {
        serving.countDown();
      }
    });
    demo.start();
    serving.await(300, TimeUnit.SECONDS); // bounded only so that a hang fails the build instead of holding it
    assertThat(out.toString()).as("exit %s, stderr: %s", code[0], err).contains("Serving until Ctrl-C");
    try {
      List<String> curls = new ArrayList<>();
      for (String line : out.toString().split("\n")) {
        if (line.strip().startsWith("curl ")) {
          curls.add(line.strip());
        }
      }
      assertThat(curls).hasSize(8);
      HttpClient http = HttpClient.newHttpClient();

      JsonNode health = run(http, curls.get(0));
      assertThat(health.get("status").asText()).isEqualTo("ok");
      assertThat(health.get("snapshot").get("version").asLong()).isEqualTo(1);
      assertThat(health.get("items").asInt()).isEqualTo(600);

      JsonNode before = run(http, curls.get(1));
      assertThat(before.get("model").asText()).isEqualTo("rrf");
      assertThat(before.get("items")).hasSize(5);
      assertThat(before.get("items").get(0).get("evidence")).isNotEmpty();
      String top = before.get("items").get(0).get("item").asText();
      assertThat(curls.get(2)).contains("\"item\":\"" + top + "\"");

      JsonNode fb = run(http, curls.get(2));
      assertThat(fb.get("accepted").asInt()).isEqualTo(1);
      assertThat(fb.get("rejected")).isEmpty();

      JsonNode after = run(http, curls.get(1)); // the same request again: the liked book is now seen
      List<String> afterIds = new ArrayList<>();
      after.get("items").forEach(i -> afterIds.add(i.get("item").asText()));
      assertThat(afterIds).hasSize(5).doesNotContain(top);
      assertThat(afterIds).contains(before.get("items").get(1).get("item").asText());

      JsonNode profile = run(http, curls.get(3));
      assertThat(profile.get("items")).hasSize(5);
      assertThat(profile.get("historySize").asInt()).isZero();

      JsonNode similar = run(http, curls.get(4));
      assertThat(similar.get("items").get(0).get("title").asText()).contains("Harry Potter");

      JsonNode page = run(http, curls.get(5));
      assertThat(page.get("items")).hasSize(3);
      assertThat(page.get("total").asInt()).isGreaterThan(3);
      page.get("items").forEach(i -> assertThat(i.toString().toLowerCase()).contains("fantasy"));

      JsonNode added = run(http, curls.get(6));
      assertThat(added.get("created").asInt()).isEqualTo(1);
      assertThat(added.get("fresh").asInt()).isEqualTo(1);
      JsonNode found = run(http, curls.get(7)); // no retraining in between
      assertThat(found.get("snapshotVersion").asLong()).isEqualTo(1);
      assertThat(found.get("items").get(0).get("item").asText()).isEqualTo("new-1");
    } finally {
      demo.interrupt();
      demo.join(30_000);
    }
    assertThat(demo.isAlive()).isFalse();
    assertThat(code[0]).as(err.toString()).isZero();
  }

  /** Sends what one printed curl line asks for; asserts a 200 and returns the JSON body. */
  private static JsonNode run(HttpClient http, String curl) throws Exception {
    String[] words = curl.split(" ");
    String url = words[words.length - 1].replace("'", "");
    Matcher m = METHOD.matcher(curl);
    String method = m.find() ? m.group(1) : "GET";
    Matcher d = DATA.matcher(curl);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    Matcher h = HEADER.matcher(curl);
    while (h.find()) {
      String[] kv = h.group(1).split(": ", 2);
      b.header(kv[0], kv[1]);
    }
    b.method(method, d.find() ? HttpRequest.BodyPublishers.ofString(d.group(1)) : HttpRequest.BodyPublishers.noBody());
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(curl + " -> " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}

package dev.tandem.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What slow clients cost everyone else: the latency of {@code GET /health} and of a normal read
 * ({@code GET /recommend/{user}}) measured on an idle server, then again while {@code --slow}
 * connections hold the server — each sends a request whose body declares 1,000 bytes and carries
 * 10 ({@code body}), or a request line and half a header that never end ({@code headers}), or
 * half of each ({@code both}) — all opened before the second measurement starts and kept open (or
 * closed by the server) through it. Prints p50, p99 and max of both and their ratio.
 *
 * <pre>
 * java -cp tandem-bench/target/benchmarks.jar dev.tandem.bench.SlowClients --url http://127.0.0.1:8080 \
 *     --key KEY --user u1 [--slow 1000] [--kind both] [--requests 200]
 * </pre>
 */
public final class SlowClients {
  private SlowClients() {}

  public static void main(String[] args) throws Exception {
    URI url = null;
    String key = "";
    String user = "1";
    int slow = 1000;
    String kind = "both";
    int requests = 200;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--url" -> url = URI.create(args[i + 1]);
        case "--key" -> key = args[i + 1];
        case "--user" -> user = args[i + 1];
        case "--slow" -> slow = Integer.parseInt(args[i + 1]);
        case "--kind" -> kind = args[i + 1];
        case "--requests" -> requests = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; expected --url, --key, --user, --slow, --kind (body|headers|both), --requests");
      }
    }
    if (url == null) {
      throw new IllegalArgumentException("--url is required, e.g. --url http://127.0.0.1:8080");
    }
    if (!List.of("body", "headers", "both").contains(kind)) {
      throw new IllegalArgumentException("--kind (" + kind + ") must be body, headers or both");
    }
    String recommend = "/recommend/" + user + "?n=10";
    try (HttpConnection warm = new HttpConnection(url, key)) {
      for (int i = 0; i < 50; i++) {
        warm.get("/health");
        warm.get(recommend);
      }
    }
    long[][] idle = measure(url, key, recommend, requests);

    List<Socket> held = new ArrayList<>(slow);
    long t0 = System.nanoTime();
    int opened = 0;
    try {
      for (int i = 0; i < slow; i++) {
        boolean body = kind.equals("body") || (kind.equals("both") && i % 2 == 0);
        try {
          held.add(open(url, key, body));
          opened++;
        } catch (IOException e) {
          System.out.println("slow connection " + i + " could not open: " + e.getMessage());
        }
      }
      double openSeconds = (System.nanoTime() - t0) / 1e9;
      long[][] busy = measure(url, key, recommend, requests);
      double heldSeconds = (System.nanoTime() - t0) / 1e9;
      int stillOpen = 0;
      for (Socket s : held) {
        if (!closedByServer(s)) {
          stillOpen++;
        }
      }
      System.out.printf(Locale.ROOT, "%d slow connections (%s) opened in %.1f s; measured until %.1f s after the first;"
          + " %d still open at the end%n", opened, kind, openSeconds, heldSeconds, stillOpen);
      System.out.printf(Locale.ROOT, "%-22s %12s %12s %12s   %s%n", "request", "p50 ms", "p99 ms", "max ms", "");
      String[] names = {"GET /health", "GET " + recommend};
      for (int k = 0; k < 2; k++) {
        System.out.printf(Locale.ROOT, "%-22s %12s %12s %12s   idle%n", names[k], ms(idle[k], 0.5), ms(idle[k], 0.99),
            ms(idle[k], 1.0));
        System.out.printf(Locale.ROOT, "%-22s %12s %12s %12s   with %d slow connections (max x%.1f)%n", names[k],
            ms(busy[k], 0.5), ms(busy[k], 0.99), ms(busy[k], 1.0), opened,
            (double) busy[k][busy[k].length - 1] / Math.max(1, idle[k][idle[k].length - 1]));
      }
    } finally {
      for (Socket s : held) {
        try {
          s.close();
        } catch (IOException e) {
          // closing
        }
      }
    }
  }

  /** Sorted latencies (ns) of {@code n} alternating health and recommend requests on a fresh connection. */
  private static long[][] measure(URI url, String key, String recommend, int n) throws IOException {
    long[] health = new long[n];
    long[] rec = new long[n];
    try (HttpConnection c = new HttpConnection(url, key)) {
      for (int i = 0; i < n; i++) {
        long t = System.nanoTime();
        HttpConnection.Response h = c.get("/health");
        health[i] = System.nanoTime() - t;
        t = System.nanoTime();
        HttpConnection.Response r = c.get(recommend);
        rec[i] = System.nanoTime() - t;
        if (h.status() != 200 || r.status() != 200) { // a stalled server shows as a long latency, not as an error
          throw new IllegalStateException("health " + h.status() + ", recommend " + r.status() + ": " + r.body());
        }
      }
    }
    Arrays.sort(health);
    Arrays.sort(rec);
    return new long[][] {health, rec};
  }

  private static Socket open(URI url, String key, boolean body) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
    OutputStream out = s.getOutputStream();
    String head = body
        ? "POST /feedback HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key + "\r\nContent-Type: application/json\r\n"
            + "Content-Length: 1000\r\n\r\n[{\"user\":"
        : "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  private static boolean closedByServer(Socket s) {
    try {
      s.setSoTimeout(1);
      s.getInputStream().read(); // an answer (a 408) or the end of the stream: the server ended it
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static String ms(long[] sorted, double q) {
    int i = Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1);
    return String.format(Locale.ROOT, "%.2f", sorted[Math.max(0, i)] / 1e6);
  }
}

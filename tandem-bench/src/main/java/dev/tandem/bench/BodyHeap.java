package dev.tandem.bench;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import dev.tandem.server.TandemServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Heap held by the largest request bodies: an in-process server (default limits: 10 MiB bodies,
 * 10,000 elements per batch) on a small trained home receives {@code --concurrent} (20) bodies at
 * once, of each kind — a valid batch of 10,000 items of ~1 KB (close to 10 MiB), 10 MiB of small
 * JSON nodes ({@code [[0,0,...],...]}), and one 10 MiB string — while a sampler reads the heap in
 * use every millisecond. Prints, per kind, the statuses, the peak heap above the idle heap, that
 * peak per request and per body byte. Run it with a small {@code -Xmx} (e.g. 1g) to show the bound
 * holds without running out of memory.
 *
 * <pre>
 * java -Xmx1g -cp tandem-bench/target/benchmarks.jar dev.tandem.bench.BodyHeap [--concurrent 20]
 * </pre>
 */
public final class BodyHeap {
  private static final String KEY = "bench-0123456789abcdef";
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private BodyHeap() {}

  public static void main(String[] args) throws Exception {
    int concurrent = 20;
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--concurrent")) {
        concurrent = Integer.parseInt(args[i + 1]);
      } else {
        throw new IllegalArgumentException("unknown option " + args[i] + "; expected --concurrent N");
      }
    }
    Path home = Files.createTempDirectory("tandem-bodyheap");
    try (Tandem tandem = Tandem.open(home)) {
      List<Item> items = new ArrayList<>();
      List<Feedback> fb = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        items.add(Item.of("i" + i, "Item " + i));
        fb.add(new Feedback("u" + i % 7, "i" + i, "like", 1, i));
      }
      tandem.store().items().upsert(items);
      tandem.store().feedback().append(fb);
      tandem.train(new TrainOptions(List.of("pop"), Map.of(), (m, s) -> {}));
      ServerConfig cfg = new ServerConfig(false, ServerConfig.DEFAULT_MAX_BODY_BYTES, 0, 1,
          List.of(new ServerConfig.ApiKey("bench", KEY, ServerConfig.Scope.WRITE)));
      long max = cfg.maxBodyBytes();
      try (TandemServer server = TandemServer.start(tandem, "127.0.0.1", 0, cfg)) {
        System.out.printf(Locale.ROOT, "max heap %d MiB; %d concurrent bodies of up to %d bytes each%n",
            Runtime.getRuntime().maxMemory() >> 20, concurrent, max);
        System.out.printf(Locale.ROOT, "%-34s %-22s %14s %14s %12s%n", "body", "statuses", "peak MiB", "per body MiB",
            "per byte");
        run(server.port(), concurrent, "10,000 items of ~1 KB (valid)", "/items", itemsBody(max));
        run(server.port(), concurrent, "small JSON nodes [[0,0,..],..]", "/items", nodesBody(max));
        run(server.port(), concurrent, "one string of 10 MiB", "/items", stringBody(max));
      }
    } finally {
      try (var paths = Files.walk(home)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static byte[] itemsBody(long max) {
    StringBuilder b = new StringBuilder("[");
    String text = "lorem ipsum dolor sit amet ".repeat(36);
    for (int i = 0; i < 10_000; i++) {
      String one = (i == 0 ? "" : ",") + "{\"id\":\"bulk" + i + "\",\"title\":\"Bulk item " + i + "\",\"description\":\""
          + text + "\"}";
      if (b.length() + one.length() + 1 > max) {
        break;
      }
      b.append(one);
    }
    return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] nodesBody(long max) {
    StringBuilder b = new StringBuilder((int) max);
    b.append('[');
    String inner = "[" + "0,".repeat(499) + "0]";
    while (b.length() + inner.length() + 2 < max) {
      b.append(b.length() == 1 ? "" : ",").append(inner);
    }
    return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] stringBody(long max) {
    return ("[{\"id\":\"s\",\"title\":\"" + "x".repeat((int) max - 40) + "\"}]").getBytes(StandardCharsets.UTF_8);
  }

  private static void run(int port, int concurrent, String name, String path, byte[] body) throws Exception {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long idle = MEMORY.getHeapMemoryUsage().getUsed();
    AtomicLong peak = new AtomicLong(idle);
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(concurrent);
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < concurrent; t++) {
      Thread th = new Thread(() -> {
        try {
          start.await();
          int status = post(port, path, body);
          synchronized (statuses) {
            statuses.merge(status, 1, Integer::sum);
          }
        } catch (Exception e) {
          synchronized (statuses) {
            statuses.merge(-1, 1, Integer::sum);
          }
        } finally {
          done.countDown();
        }
      });
      th.start();
      threads.add(th);
    }
    Thread sampler = new Thread(() -> {
      while (done.getCount() > 0) {
        long used = MEMORY.getHeapMemoryUsage().getUsed();
        peak.accumulateAndGet(used, Math::max);
        LockSupport.parkNanos(1_000_000);
      }
    });
    sampler.start();
    start.countDown();
    done.await();
    sampler.join();
    double peakMiB = (peak.get() - idle) / 1048576.0;
    System.out.printf(Locale.ROOT, "%-34s %-22s %14.1f %14.1f %12.2f%n", name, statuses, peakMiB, peakMiB / concurrent,
        (peak.get() - idle) / (double) concurrent / body.length);
  }

  private static int post(int port, String path, byte[] body) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(120_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY + "\r\nContent-Type:"
          + " application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      String answer = b.toString(StandardCharsets.ISO_8859_1);
      return answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : -1;
    }
  }
}

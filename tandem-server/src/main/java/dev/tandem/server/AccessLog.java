package dev.tandem.server;

import dev.tandem.engine.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.slf4j.LoggerFactory;

/**
 * The access log ({@code server.access_log}): one JSON line per request, whatever answered it (a
 * route, the {@link Guard}'s 401/403/413/429, the {@link Intake}'s 408 and 503, Jetty's 400/431 for
 * malformed requests):
 *
 * {@snippet :
 * {"time":"2026-12-08T01:02:03.456Z","id":"4f1c...","method":"GET","route":"/recommend/{user}","status":200,"ms":1.87,"bytes":412,"key":"shop","remote":"10.0.0.7"}
 * }
 *
 * <p>{@code time} is when the request arrived (UTC, milliseconds), {@code route} the route
 * template ({@value ServerMetrics#UNMATCHED} when none matches; never the raw path), {@code bytes}
 * the body bytes sent, {@code key} the name of the API key presented and accepted (never the key;
 * {@code null} without one, or when the request was refused before its key was checked, as a 408 is);
 * {@code id} is {@code null} only for requests Jetty refused as malformed before any filter ran.
 * Jetty calls {@link #log} once per request after its response is complete; the line is formatted
 * there (a few appends) and handed to a bounded queue, and one background thread writes and
 * flushes the lines, so a slow disk or terminal never holds a request thread. When the queue ({@value #QUEUE_LINES} lines) is full, lines are dropped and counted
 * ({@link #dropped()}) rather than slowing requests down. Thread-safe.
 */
final class AccessLog implements RequestLog, AutoCloseable {
  /** Lines waiting for the writer before new ones are dropped. */
  static final int QUEUE_LINES = 16_384;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final String STOP = new String("stop"); // identity marks the end of the queue

  private final RouteTemplates routes;
  private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE_LINES);
  private final AtomicLong dropped = new AtomicLong();
  private final OutputStream out;
  private final boolean closeOut;
  private final Thread writer;

  /**
   * A log of requests to {@code templates}, written to {@code out} (closed with the log when
   * {@code closeOut}); none ({@link #enabled()} false, no thread) when {@code out} is null.
   */
  private AccessLog(List<String> templates, OutputStream out, boolean closeOut) {
    this.routes = new RouteTemplates(templates);
    this.out = out;
    this.closeOut = closeOut;
    if (out == null) {
      this.writer = null;
      return;
    }
    this.writer = new Thread(this::drain, "tandem-access-log");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * The log {@code where} says: {@value ServerConfig#ACCESS_LOG_STDOUT}, a file appended to (its
   * folder created), or, for {@value ServerConfig#ACCESS_LOG_OFF}, one that is not
   * {@link #enabled()} and writes nothing.
   *
   * @throws UncheckedIOException naming the file when it cannot be opened for appending
   */
  static AccessLog open(String where, List<String> templates) {
    if (where.equals(ServerConfig.ACCESS_LOG_OFF)) {
      return new AccessLog(templates, null, false);
    }
    if (where.equals(ServerConfig.ACCESS_LOG_STDOUT)) {
      // System.out, not a stream of its own on descriptor 1: each batch is one write, so its lines never
      // interleave with other output in the middle of a line
      return new AccessLog(templates, System.out, false);
    }
    Path file = Path.of(where);
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      return new AccessLog(templates, Files.newOutputStream(file, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE), true);
    } catch (IOException e) {
      throw new UncheckedIOException("server.access_log (" + where + ") cannot be opened for appending: " + e, e);
    }
  }

  /** Whether this log writes anything ({@code server.access_log} is not {@value ServerConfig#ACCESS_LOG_OFF}). */
  boolean enabled() {
    return writer != null;
  }

  @Override
  public void log(Request request, Response response) {
    if (!enabled()) {
      return;
    }
    String line = line(request, response);
    if (!queue.offer(line)) {
      dropped.incrementAndGet();
    }
  }

  /** Lines dropped because the writer fell {@value #QUEUE_LINES} lines behind. */
  long dropped() {
    return dropped.get();
  }

  private String line(Request request, Response response) {
    Object id = request.getAttribute(RequestIds.ID);
    Object start = request.getAttribute(RequestIds.START_NANOS);
    long arrived = request.getTimeStamp();
    double ms = start instanceof Long s ? Math.round((System.nanoTime() - s) / 1e4) / 100.0
        : arrived > 0 ? System.currentTimeMillis() - arrived : 0;
    int status = response.getCommittedMetaData() != null ? response.getCommittedMetaData().getStatus()
        : response.getStatus();
    long bytes = response.getHttpChannel() == null ? 0 : response.getHttpChannel().getBytesWritten();
    StringBuilder b = new StringBuilder(256);
    b.append("{\"time\":\"").append(TIME.format(Instant.ofEpochMilli(arrived > 0 ? arrived
        : System.currentTimeMillis()))).append('"');
    string(b.append(",\"id\":"), id == null ? null : id.toString());
    string(b.append(",\"method\":"), request.getMethod());
    string(b.append(",\"route\":"), routes.match(request.getRequestURI()));
    b.append(",\"status\":").append(status);
    b.append(",\"ms\":").append(ms);
    b.append(",\"bytes\":").append(bytes);
    Object key = request.getAttribute(Guard.KEY_NAME);
    string(b.append(",\"key\":"), key == null ? null : key.toString());
    Object remote = request.getAttribute(RequestIds.REMOTE);
    string(b.append(",\"remote\":"), remote != null ? remote.toString() : request.getRemoteAddr());
    return b.append("}\n").toString();
  }

  /** Appends {@code s} as a JSON string (or {@code null}). */
  private static void string(StringBuilder b, String s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append('"');
  }

  private void drain() {
    List<String> batch = new ArrayList<>();
    StringBuilder text = new StringBuilder(64 * 1024);
    try {
      while (true) {
        String first = queue.take();
        batch.add(first);
        queue.drainTo(batch);
        boolean stop = false;
        for (String line : batch) {
          if (line == STOP) {
            stop = true;
          } else {
            text.append(line);
          }
        }
        batch.clear();
        out.write(text.toString().getBytes(StandardCharsets.UTF_8)); // one write per batch
        out.flush(); // the queue is empty: what was logged is now visible
        text.setLength(0);
        if (stop) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LoggerFactory.getLogger(AccessLog.class).error("access log: cannot write ({}); access logging stops", e.toString());
    }
  }

  /** Writes the lines queued so far, then stops the writer and closes the file. */
  @Override
  public void close() {
    if (!enabled()) {
      return;
    }
    try {
      queue.put(STOP);
      writer.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        if (closeOut) {
          out.close();
        } else {
          out.flush();
        }
      } catch (IOException e) {
        // nothing more can be written
      }
    }
  }

  /**
   * The route template a raw request path falls under: the template whose segments match (a
   * {@code {name}} segment matches any one segment), preferring literal segments; else
   * {@value ServerMetrics#UNMATCHED}. Works for requests no route saw (refused by the intake).
   */
  static final class RouteTemplates {
    private final List<String[]> templates = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    RouteTemplates(List<String> paths) {
      for (String p : new LinkedHashSet<>(paths)) {
        names.add(p);
        templates.add(segments(p));
      }
    }

    String match(String path) {
      if (path == null) {
        return ServerMetrics.UNMATCHED;
      }
      String[] s = segments(path);
      String best = ServerMetrics.UNMATCHED;
      int bestLiterals = -1;
      for (int t = 0; t < templates.size(); t++) {
        String[] tpl = templates.get(t);
        if (tpl.length != s.length) {
          continue;
        }
        int literals = 0;
        boolean ok = true;
        for (int i = 0; i < tpl.length && ok; i++) {
          if (tpl[i].startsWith("{")) {
            ok = !s[i].isEmpty();
          } else {
            ok = tpl[i].equals(s[i]);
            literals++;
          }
        }
        if (ok && literals > bestLiterals) {
          best = names.get(t);
          bestLiterals = literals;
        }
      }
      return best;
    }

    private static String[] segments(String path) {
      String p = path.startsWith("/") ? path.substring(1) : path;
      return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
  }
}

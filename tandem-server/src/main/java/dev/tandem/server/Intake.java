package dev.tandem.server;

import dev.tandem.engine.ServerConfig;
import dev.tandem.wire.Wire;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConnection;

/**
 * How requests come in, in front of the routes: bodies are received without holding a request
 * thread, slow clients are cut off, and the number of requests answered at once is bounded
 * ({@link ServerConfig.Connections}).
 *
 * <ul>
 *   <li><b>Bodies.</b> A request with a body and a plausible key (one the server knows, or none on
 *       an open-read server) is put in asynchronous mode and its body read by a {@link ReadListener}
 *       as bytes arrive, into one growing array of at most {@code max_body_bytes} (a chunked body
 *       past it: 413). Only when the whole body is in is the request dispatched to a thread and the
 *       routes, which read it from memory. Requests whose key is missing or unknown are dispatched
 *       at once, so that the {@link Guard} refuses them before a byte of their body is read.
 *   <li><b>Slow clients.</b> A watchdog, every 250 ms, answers 408 (and closes the connection) to
 *       a body that has fallen below {@code min_body_rate} bytes per second, averaged from its start
 *       after a grace of {@code header_timeout}; and closes a connection whose request line and
 *       headers are not complete {@code header_timeout} after their first byte. All bodies being
 *       received or answered hold at most {@code max_pending_body_bytes} together (past it: 503).
 *   <li><b>In flight.</b> At most {@code max_in_flight} requests are answered at once; one more
 *       gets 503 with {@code Retry-After: 1} at once, without queueing ({@code GET /health} is
 *       never turned away).
 * </ul>
 *
 * Thread-safe.
 */
final class Intake implements Filter, Connection.Listener, AutoCloseable {
  /** Request attribute holding the received body ({@code byte[]}) on the dispatch that answers it. */
  static final String BODY = "tandem.body";
  private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final long TICK_MILLIS = 250;

  private final long maxBody;
  private final ServerConfig.Connections limits;
  private final Predicate<HttpServletRequest> mayReceive;
  private final Semaphore inFlight;
  private final AtomicLong pendingBytes = new AtomicLong();
  private final Set<Receiving> receiving = ConcurrentHashMap.newKeySet();
  /** Open connections, with the time each was first seen in the middle of a request's headers. */
  private final Map<HttpConnection, long[]> connections = new ConcurrentHashMap<>();
  private final ScheduledExecutorService watchdog;
  private final Counters counters = new Counters();

  /** What the intake turned away, for metrics and tests. */
  static final class Counters {
    final AtomicLong slowBodies = new AtomicLong();
    final AtomicLong slowHeaders = new AtomicLong();
    final AtomicLong shed = new AtomicLong();
    final AtomicLong tooMuchPending = new AtomicLong();
  }

  /**
   * An intake for {@code config}; {@code mayReceive} tells whether a request's key makes it worth
   * receiving its body before the routes see it (cheap: header checks only).
   */
  Intake(ServerConfig config, Predicate<HttpServletRequest> mayReceive) {
    this.maxBody = config.maxBodyBytes();
    this.limits = config.connections();
    this.mayReceive = mayReceive;
    this.inFlight = new Semaphore(limits.maxInFlight());
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tandem-intake-watchdog");
      t.setDaemon(true);
      return t;
    });
    watchdog.scheduleWithFixedDelay(this::sweep, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  Counters counters() {
    return counters;
  }

  /** Requests being answered now. */
  int inFlight() {
    return limits.maxInFlight() - inFlight.availablePermits();
  }

  /** Bytes of bodies held now (being received, or received and being answered). */
  long pendingBytes() {
    return pendingBytes.get();
  }

  /** Bodies being received now. */
  int receiving() {
    return receiving.size();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse res = (HttpServletResponse) response;
    if (req.getDispatcherType() == DispatcherType.ASYNC) {
      byte[] body = (byte[]) req.getAttribute(BODY);
      try {
        answer(body == null ? req : new Received(req, body), res, chain);
      } finally {
        if (body != null) {
          pendingBytes.addAndGet(-body.length); // the body is held until its request is answered
        }
      }
      return;
    }
    if (!BODY_METHODS.contains(req.getMethod()) || !hasBody(req) || req.getContentLengthLong() > maxBody
        || !mayReceive.test(req)) {
      answer(req, res, chain); // no body, or one the Guard refuses (too large, no valid key) before reading it
      return;
    }
    AsyncContext async = req.startAsync();
    async.setTimeout(0); // the watchdog times bodies out
    Receiving r = new Receiving(async, req.getInputStream(), req.getContentLengthLong());
    receiving.add(r);
    req.getInputStream().setReadListener(r);
  }

  private static boolean hasBody(HttpServletRequest req) {
    return req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
  }

  /** Runs the routes for {@code req} unless {@code max_in_flight} requests are being answered. */
  private void answer(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    boolean exempt = "/health".equals(req.getRequestURI());
    if (!exempt && !inFlight.tryAcquire()) {
      counters.shed.incrementAndGet();
      res.setHeader("Retry-After", "1");
      write(res, 503, "", "the server is answering " + limits.maxInFlight() + " requests already"
          + " (server.max_in_flight); retry after 1 s");
      return;
    }
    try {
      chain.doFilter(req, res);
    } finally {
      if (!exempt) {
        inFlight.release();
      }
    }
  }

  /** Writes an error body in the API's format (problem details, {@link Wire#error}). */
  static void write(HttpServletResponse res, int status, String field, String message) throws IOException {
    byte[] b = Wire.compact(Wire.error(status, field, "", "", message)).getBytes(StandardCharsets.UTF_8);
    res.setStatus(status);
    res.setContentType(Wire.PROBLEM_JSON);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setContentLength(b.length);
    res.getOutputStream().write(b);
  }

  /** A body being received: bytes so far, and when it started. */
  private final class Receiving implements ReadListener {
    private final AsyncContext async;
    private final ServletInputStream in;
    private final long declared;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean done = new AtomicBoolean();
    private final byte[] chunk = new byte[16 * 1024];
    private byte[] bytes;
    private volatile int size;

    Receiving(AsyncContext async, ServletInputStream in, long declared) {
      this.async = async;
      this.in = in;
      this.declared = declared;
      this.bytes = new byte[(int) Math.min(declared > 0 ? declared : 8 * 1024, maxBody)];
    }

    @Override
    public void onDataAvailable() throws IOException {
      while (!done.get() && in.isReady()) {
        int n = in.read(chunk);
        if (n < 0) {
          return; // onAllDataRead follows
        }
        if ((long) size + n > maxBody) {
          fail(413, "body", "body: more than " + maxBody + " bytes exceeds the limit of " + maxBody
              + " bytes (server.max_body_bytes)");
          return;
        }
        if (pendingBytes.addAndGet(n) > limits.maxPendingBodyBytes()) {
          pendingBytes.addAndGet(-n);
          counters.tooMuchPending.incrementAndGet();
          fail(503, "body", "the server is receiving " + limits.maxPendingBodyBytes() + " bytes of request bodies"
              + " already (server.max_pending_body_bytes); retry after 1 s");
          return;
        }
        if (size + n > bytes.length) {
          bytes = Arrays.copyOf(bytes, (int) Math.min(maxBody, Math.max((long) bytes.length * 2, size + n)));
        }
        System.arraycopy(chunk, 0, bytes, size, n);
        size += n;
      }
    }

    @Override
    public void onAllDataRead() {
      if (done.compareAndSet(false, true)) {
        receiving.remove(this); // its bytes stay counted until the request is answered (doFilter, ASYNC)
        async.getRequest().setAttribute(BODY, size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
        async.dispatch();
      }
    }

    /**
     * The body could not be received: the client went away or broke it off, or Jetty refused it as
     * it arrived (a malformed chunk: {@link BadMessageException}). The request was not run, so it is
     * answered with that error (status of the {@link BadMessageException}, else 400) and the
     * connection closed; completing without an answer would send the 200 with an empty body that a
     * response defaults to, which a client takes for success. Writing to a client that is gone fails
     * quietly.
     */
    @Override
    public void onError(Throwable t) {
      int status = t instanceof BadMessageException bad ? bad.getCode() : 400;
      String why = t instanceof BadMessageException bad && bad.getReason() != null ? bad.getReason() : t.toString();
      fail(status, "body", "body: the request body could not be received (" + why + "); nothing was changed");
    }

    /** Answers {@code status} instead of dispatching, and closes the connection. */
    void fail(int status, String field, String message) {
      if (!finish()) {
        return;
      }
      try {
        HttpServletResponse res = (HttpServletResponse) async.getResponse();
        res.setHeader("Connection", "close");
        if (status == 503) {
          res.setHeader("Retry-After", "1");
        }
        write(res, status, field, message);
        res.flushBuffer();
      } catch (IOException | RuntimeException e) {
        // the client is gone; closing below releases the request
      } finally {
        // the rest of the body is not wanted: close the connection rather than leave a read pending
        org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(async.getRequest());
        if (base != null) {
          base.getHttpChannel().getEndPoint().close();
        }
        async.complete();
      }
    }

    /** Marks the body done once: releases its bytes from the pending budget; false if already done. */
    private boolean finish() {
      if (!done.compareAndSet(false, true)) {
        return false;
      }
      receiving.remove(this);
      pendingBytes.addAndGet(-size);
      return true;
    }

    /** Whether the body has fallen below the minimum rate at {@code now}. */
    boolean tooSlow(long now) {
      double seconds = (now - startNanos) / 1e9 - limits.headerTimeout().toMillis() / 1000.0;
      return seconds > 0 && size < seconds * limits.minBodyRate();
    }

    String describe(long now) {
      return "body: " + size + (declared > 0 ? " of " + declared : "") + " bytes arrived in "
          + String.format(Locale.ROOT, "%.1f", (now - startNanos) / 1e9) + " s, slower than "
          + limits.minBodyRate() + " bytes/s after a grace of " + limits.headerTimeout().toMillis() / 1000.0
          + " s (server.min_body_rate, server.header_timeout)";
    }
  }

  private void sweep() {
    try {
      long now = System.nanoTime();
      for (Receiving r : receiving) {
        if (r.tooSlow(now)) {
          counters.slowBodies.incrementAndGet();
          r.fail(408, "body", r.describe(now));
        }
      }
      long headerNanos = limits.headerTimeout().toNanos();
      for (Map.Entry<HttpConnection, long[]> e : connections.entrySet()) {
        HttpConnection c = e.getKey();
        long[] seen = e.getValue(); // {messagesIn when first seen mid-headers, nanoTime then}; -1 when not
        boolean midHeaders = c.getParser().inHeaderState() && !c.getParser().isStart();
        synchronized (seen) {
          if (!midHeaders) {
            seen[0] = -1;
          } else if (seen[0] != c.getMessagesIn()) {
            seen[0] = c.getMessagesIn();
            seen[1] = now;
          } else if (now - seen[1] > headerNanos) {
            counters.slowHeaders.incrementAndGet();
            c.getEndPoint().close();
          }
        }
      }
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(Intake.class).warn("intake watchdog: {}", e.toString());
    }
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof HttpConnection h) {
      connections.put(h, new long[] {-1, 0});
    }
  }

  @Override
  public void onClosed(Connection connection) {
    if (connection instanceof HttpConnection h) {
      connections.remove(h);
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
  }

  /** The request with its body served from memory. */
  private static final class Received extends HttpServletRequestWrapper {
    private final byte[] body;

    Received(HttpServletRequest req, byte[] body) {
      super(req);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body was already received");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}

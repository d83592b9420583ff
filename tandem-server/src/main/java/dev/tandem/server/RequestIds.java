package dev.tandem.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The first filter of every request: gives it an id and notes when it started. The id is the
 * client's {@value #HEADER} when that is well-formed ({@link #wellFormed}: 1..{@value #MAX_LENGTH}
 * characters among {@code A-Z a-z 0-9 - _ . :}), else a new one (32 hex digits); a malformed one is
 * replaced, never echoed. Every response carries the id in {@value #HEADER}, and the
 * {@link AccessLog} writes it. Runs once per request (an asynchronous dispatch keeps the id).
 * Stateless and thread-safe.
 */
final class RequestIds implements Filter {
  /** The header carrying the id, in requests and responses. */
  static final String HEADER = "X-Request-Id";
  /** Longest id accepted from a client. */
  static final int MAX_LENGTH = 128;
  /** Request attribute holding the id ({@code String}). */
  static final String ID = "tandem.requestId";
  /** Request attribute holding {@link System#nanoTime()} when the request reached the filters ({@code Long}). */
  static final String START_NANOS = "tandem.startNanos";
  /** Request attribute holding the client address as the request arrived (it is gone once a connection is cut). */
  static final String REMOTE = "tandem.remote";

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getAttribute(ID) == null) {
      request.setAttribute(START_NANOS, System.nanoTime());
      request.setAttribute(REMOTE, request.getRemoteAddr());
      String sent = ((HttpServletRequest) request).getHeader(HEADER);
      String id = wellFormed(sent) ? sent : generate();
      request.setAttribute(ID, id);
      ((HttpServletResponse) response).setHeader(HEADER, id);
    }
    chain.doFilter(request, response);
  }

  /** Whether {@code id} may be used as given: 1..{@value #MAX_LENGTH} of {@code A-Z a-z 0-9 - _ . :}. */
  static boolean wellFormed(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == ':';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A new id: 128 random bits as 32 lower-case hex digits (not a secret; only unique). */
  static String generate() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String hi = Long.toHexString(r.nextLong());
    String lo = Long.toHexString(r.nextLong());
    return "0".repeat(16 - hi.length()) + hi + "0".repeat(16 - lo.length()) + lo;
  }
}

package dev.tandem.server;

import dev.tandem.engine.ApiException;
import dev.tandem.engine.ServerConfig.ApiKey;
import dev.tandem.engine.ServerConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.security.RouteRole;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Runs before every matched route, in this order: authentication ({@code Authorization: Bearer
 * KEY}; 401 when missing, malformed or unknown), authorisation (403 when the key's scope does not
 * include the route's {@link Access}), the per-key rate limit weighed by the route's {@link Cost}
 * (429 with {@code Retry-After}), the declared body size (413) and the body's media type (415).
 * Open reads ({@code server.open_reads}) skip the key for {@link Access#READ} routes when no
 * {@code Authorization} header is sent, and are rate-limited per client address.
 *
 * <p>Every 401 and 403 also takes a token from the client address's failure bucket
 * ({@value #FAILURES_PER_SECOND} per second, bursts of {@value #FAILURE_BURST}); once it is empty
 * the address gets 429 instead, so that guessing keys or probing scopes is throttled whatever key
 * is sent. Keys are never echoed: errors name the key's name. Answers to routes that need a key
 * carry {@code Cache-Control: no-store}. Thread-safe.
 */
final class Guard implements Handler {
  /** Sustained 401/403 answers per second per client address before 429s. */
  static final int FAILURES_PER_SECOND = 10;
  /** Burst of 401/403 answers per client address. */
  static final int FAILURE_BURST = 100;
  private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

  private final ServerConfig config;
  private final ApiKeys keys;
  private final RateLimiter limiter;
  private final RateLimiter failures;

  Guard(ServerConfig config, LongSupplier nanoClock) {
    this.config = config;
    this.keys = new ApiKeys(config.apiKeys());
    this.limiter = config.rateLimit() > 0 ? new RateLimiter(config.rateLimit(), config.rateBurst(), nanoClock) : null;
    this.failures = new RateLimiter(FAILURES_PER_SECOND, FAILURE_BURST, nanoClock);
  }

  @Override
  public void handle(Context ctx) {
    Access need = access(ctx);
    if (need == Access.OPEN) {
      return;
    }
    ctx.header("Cache-Control", "no-store");
    int cost = cost(ctx);
    String header = ctx.header("Authorization");
    if (header == null) {
      if (need == Access.READ && config.openReads()) {
        limit(ctx, limiter == null ? 0 : limiter.acquireAnonymous(ctx.ip(), cost));
        checkBody(ctx);
        return;
      }
      throw unauthorized(ctx, "Bearer realm=\"tandem\"", keys.isEmpty()
          ? "no API key is configured on this server; an operator adds one to [server] api_keys in tandem.toml"
              + " or to the TANDEM_API_KEYS environment variable (name:key:scope)"
          : "missing Authorization header; expected 'Authorization: Bearer KEY' with a key of scope "
              + need.scope().label() + " or higher");
    }
    if (header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
      throw unauthorized(ctx, "Bearer realm=\"tandem\", error=\"invalid_request\"",
          "malformed Authorization header; expected 'Authorization: Bearer KEY'");
    }
    Optional<ApiKey> key = keys.find(header.substring(7).strip());
    if (key.isEmpty()) {
      throw unauthorized(ctx, "Bearer realm=\"tandem\", error=\"invalid_token\"", "unknown API key");
    }
    ApiKey k = key.get();
    ctx.req().setAttribute(KEY_NAME, k.name()); // for the access log: the name, never the key
    if (!k.scope().includes(need.scope())) {
      failed(ctx);
      throw new ApiException(403, "", ctx.method().name() + " " + ctx.endpointHandlerPath() + " needs scope "
          + need.scope().label() + "; key '" + k.name() + "' has scope " + k.scope().label());
    }
    limit(ctx, limiter == null ? 0 : limiter.acquireKey(k.name(), cost));
    checkBody(ctx);
    ctx.attribute(SCOPE, k.scope());
  }

  /**
   * Whether the {@link Intake} should receive {@code req}'s body before the routes run: when it
   * carries a key this server knows, or no key on a server with open reads. Requests that will be
   * refused (no key, unknown key) are not worth receiving.
   */
  boolean mayReceive(HttpServletRequest req) {
    String header = req.getHeader("Authorization");
    if (header == null) {
      return config.openReads();
    }
    return header.length() > 7 && header.regionMatches(true, 0, "Bearer ", 0, 7)
        && keys.find(header.substring(7).strip()).isPresent();
  }

  /**
   * The request attribute holding the scope of the key that was checked; absent for open routes
   * and for open reads without a key.
   */
  static final String SCOPE = "tandem.scope";

  /** The request attribute holding the name of the key that was found ({@link AccessLog}); absent without one. */
  static final String KEY_NAME = "tandem.keyName";

  /** Whether the request carried a key whose scope includes {@code needed}. */
  static boolean keyIncludes(Context ctx, ServerConfig.Scope needed) {
    ServerConfig.Scope s = ctx.attribute(SCOPE);
    return s != null && s.includes(needed);
  }

  private static Access access(Context ctx) {
    for (RouteRole r : ctx.routeRoles()) {
      if (r instanceof Access a) {
        return a;
      }
    }
    throw new IllegalStateException(ctx.method() + " " + ctx.path() + " declares no Access");
  }

  private static int cost(Context ctx) {
    for (RouteRole r : ctx.routeRoles()) {
      if (r instanceof Cost c) {
        return c.tokens();
      }
    }
    return 1;
  }

  private ApiException unauthorized(Context ctx, String challenge, String message) {
    failed(ctx);
    ctx.header("WWW-Authenticate", challenge);
    return new ApiException(401, "", message);
  }

  /** Spends a token of the address's failure bucket; 429 when it is empty. */
  private void failed(Context ctx) {
    long wait = failures.acquireAnonymous(ctx.ip(), 1);
    if (wait > 0) {
      long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
      throw ApiException.tooMany("too many refused requests (401/403) from " + ctx.ip() + ": more than "
          + FAILURES_PER_SECOND + "/s (bursts of " + FAILURE_BURST + "); retry after " + seconds + " s", seconds);
    }
  }

  private void limit(Context ctx, long waitNanos) {
    if (waitNanos > 0) {
      long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
      throw ApiException.tooMany("rate limit of " + config.rateLimit() + " tokens/s (burst " + config.rateBurst()
          + ") exceeded; " + ctx.method().name() + " " + ctx.endpointHandlerPath() + " costs " + cost(ctx)
          + "; retry after " + seconds + " s", seconds);
    }
  }

  private void checkBody(Context ctx) {
    long length = ctx.contentLength();
    if (length > config.maxBodyBytes()) {
      throw tooLarge(length + " bytes");
    }
    boolean hasBody = length > 0 || ctx.header("Transfer-Encoding") != null;
    if (hasBody && BODY_METHODS.contains(ctx.method().name())) {
      String type = ctx.header("Content-Type");
      if (!isJson(type)) {
        throw contentType(type == null ? "none" : "'" + Values.quoteText(type) + "'");
      }
    }
  }

  /** {@code application/json} or a {@code +json} type, parameters (charset=utf-8) allowed. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String media = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    if (semi >= 0) {
      String params = contentType.substring(semi + 1).strip().toLowerCase(Locale.ROOT).replace(" ", "");
      if (params.startsWith("charset=") && !params.equals("charset=utf-8") && !params.equals("charset=\"utf-8\"")) {
        return false;
      }
    }
    return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
  }

  private ApiException tooLarge(String size) {
    return new ApiException(413, "body", "body: " + size + " exceeds the limit of " + config.maxBodyBytes()
        + " bytes (server.max_body_bytes)"); // as the Intake's 413 while receiving: no value, the size says it
  }

  /** The 415 of a body that is not JSON: {@code type} is the Content-Type as shown ("none" when absent). */
  private static ApiException contentType(String type) {
    return new ApiException(415, "Content-Type", type, "application/json", "Content-Type: got " + type
        + "; expected application/json", 0);
  }

  /**
   * The request body: the bytes the {@link Intake} received, or, when it did not (a route reading
   * the body of a request it let through), at most {@code server.max_body_bytes} read here (a
   * chunked body past it gets a 413).
   */
  byte[] body(Context ctx) {
    checkBody(ctx);
    Object received = ctx.req().getAttribute(Intake.BODY);
    if (received instanceof byte[] b) {
      return b;
    }
    long max = config.maxBodyBytes();
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (b.length > max) {
        throw tooLarge("more than " + max + " bytes");
      }
      return b;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body: " + e.getMessage(), e);
    }
  }
}

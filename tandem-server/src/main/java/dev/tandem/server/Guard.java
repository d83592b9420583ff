package dev.tandem.server;

import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.ServerConfig.ApiKey;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.security.RouteRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Runs before every matched route, in this order: authentication ({@code Authorization: Bearer
 * KEY}; 401 when missing, malformed or unknown), authorisation (403 when the key's scope does not
 * include the route's {@link Access}), the per-key rate limit (429 with {@code Retry-After}) and
 * the declared body size (413). Open reads ({@code server.open_reads}) skip the key for
 * {@link Access#READ} routes when no {@code Authorization} header is sent, and are rate-limited
 * per client address; so are requests with an unknown key, so that guessing keys is throttled too.
 * Keys are never echoed: errors name the key's name. Thread-safe.
 */
final class Guard implements Handler {
  private final ServerConfig config;
  private final ApiKeys keys;
  private final RateLimiter limiter;

  Guard(ServerConfig config, LongSupplier nanoClock) {
    this.config = config;
    this.keys = new ApiKeys(config.apiKeys());
    this.limiter = config.rateLimit() > 0 ? new RateLimiter(config.rateLimit(), config.rateBurst(), nanoClock) : null;
  }

  @Override
  public void handle(Context ctx) {
    Access need = access(ctx);
    if (need == Access.OPEN) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null) {
      if (need == Access.READ && config.openReads()) {
        limit(ctx, limiter == null ? 0 : limiter.acquireAnonymous(ctx.ip()));
        checkLength(ctx);
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
      // guesses spend the client address's keyless bucket: a flood of wrong keys gets 429s
      limit(ctx, limiter == null ? 0 : limiter.acquireAnonymous(ctx.ip()));
      throw unauthorized(ctx, "Bearer realm=\"tandem\", error=\"invalid_token\"", "unknown API key");
    }
    ApiKey k = key.get();
    if (!k.scope().includes(need.scope())) {
      throw new ApiError(403, "", ctx.method().name() + " " + ctx.endpointHandlerPath() + " needs scope "
          + need.scope().label() + "; key '" + k.name() + "' has scope " + k.scope().label());
    }
    limit(ctx, limiter == null ? 0 : limiter.acquireKey(k.name()));
    checkLength(ctx);
    ctx.attribute(SCOPE, k.scope());
  }

  /**
   * The request attribute holding the scope of the key that was checked; absent for open routes
   * and for open reads without a key.
   */
  static final String SCOPE = "tandem.scope";

  /** Whether the request carried a key whose scope includes {@code needed}. */
  static boolean keyIncludes(Context ctx, dev.tandem.engine.ServerConfig.Scope needed) {
    dev.tandem.engine.ServerConfig.Scope s = ctx.attribute(SCOPE);
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

  private static ApiError unauthorized(Context ctx, String challenge, String message) {
    ctx.header("WWW-Authenticate", challenge);
    return new ApiError(401, "", message);
  }

  private void limit(Context ctx, long waitNanos) {
    if (waitNanos > 0) {
      long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
      ctx.header("Retry-After", Long.toString(seconds));
      throw new ApiError(429, "", "rate limit of " + config.rateLimit() + " requests/s (burst "
          + config.rateBurst() + ") exceeded; retry after " + seconds + " s");
    }
  }

  private void checkLength(Context ctx) {
    long length = ctx.contentLength();
    if (length > config.maxBodyBytes()) {
      throw tooLarge(length + " bytes");
    }
  }

  private ApiError tooLarge(String size) {
    return new ApiError(413, "body", "body: " + size + " exceeds the limit of " + config.maxBodyBytes()
        + " bytes (server.max_body_bytes)");
  }

  /**
   * The request body as UTF-8, reading at most {@code server.max_body_bytes} (a chunked body
   * without Content-Length is cut off there with a 413).
   */
  String body(Context ctx) {
    checkLength(ctx);
    long max = config.maxBodyBytes();
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (b.length > max) {
        throw tooLarge("more than " + max + " bytes");
      }
      return new String(b, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body: " + e.getMessage(), e);
    }
  }
}

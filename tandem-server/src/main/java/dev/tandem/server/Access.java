package dev.tandem.server;

import dev.tandem.engine.ServerConfig.Scope;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;

/**
 * What a route needs from its caller: nothing ({@link #OPEN}) or a key whose scope includes
 * {@code read}, {@code write} or {@code admin}. Each route of the table declares one; Javalin
 * carries it as the route's role to the {@link Guard}.
 */
public enum Access implements RouteRole {
  /** No key: {@code /health}, {@code /openapi.json}. */
  OPEN(null),
  /** A read key, or none when {@code server.open_reads} is true. */
  READ(Scope.READ),
  /** A write (or admin) key; never open. */
  WRITE(Scope.WRITE),
  /** An admin key. */
  ADMIN(Scope.ADMIN);

  private final Scope scope;

  Access(Scope scope) {
    this.scope = scope;
  }

  /** The scope a key needs; only called on non-{@link #OPEN} values. */
  Scope scope() {
    if (scope == null) {
      throw new IllegalStateException("OPEN routes need no scope");
    }
    return scope;
  }

  /**
   * The default rule for a route that does not declare its access: {@code /admin/...} admin,
   * {@code /health} and {@code /openapi.json} open, other GETs read, other methods write.
   */
  static Access byRule(HandlerType method, String path) {
    if (path.equals("/admin") || path.startsWith("/admin/")) {
      return ADMIN;
    }
    if (path.equals("/health") || path.equals("/openapi.json")) {
      return OPEN;
    }
    return method == HandlerType.GET || method == HandlerType.HEAD ? READ : WRITE;
  }
}

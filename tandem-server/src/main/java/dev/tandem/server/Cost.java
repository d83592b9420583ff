package dev.tandem.server;

import io.javalin.security.RouteRole;

/**
 * The rate-limit tokens a route takes per request (see {@link TandemServer.Endpoint#cost()});
 * carried to the {@link Guard} as a route role beside the route's {@link Access}.
 *
 * @param tokens tokens per request, >= 0
 */
record Cost(int tokens) implements RouteRole {}

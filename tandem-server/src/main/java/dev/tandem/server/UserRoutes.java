package dev.tandem.server;

import dev.tandem.core.data.User;
import dev.tandem.engine.ApiException;
import dev.tandem.engine.Tandem;
import dev.tandem.wire.CatalogueJson;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** The user routes: {@code POST /users}, {@code GET} and {@code DELETE /users/{id}}. */
final class UserRoutes {
  private final Requests requests;
  private final Tandem tandem;

  UserRoutes(Requests requests) {
    this.requests = requests;
    this.tandem = requests.tandem();
  }

  /** {@code POST /users}: inserts or replaces the users. */
  void upsert(Context ctx) {
    List<User> users = read(requests.json(), requests.body(ctx));
    int created = tandem.store().users().upsert(users);
    Requests.send(ctx, 200, CatalogueJson.usersUpserted(users.size(), created));
  }

  /** {@code GET /users/{id}}: the user and the size of their history. */
  void get(Context ctx) {
    String id = ctx.pathParam("id");
    User u = tandem.store().users().get(id).orElseThrow(() -> notFound(id));
    Requests.send(ctx, 200, CatalogueJson.user(u, tandem.store().feedback().countOf(id)));
  }

  /** {@code DELETE /users/{id}}: the user, their feedback erased. */
  void delete(Context ctx) {
    String id = ctx.pathParam("id");
    if (!tandem.store().users().delete(id)) {
      throw notFound(id);
    }
    Requests.send(ctx, 200, CatalogueJson.deleted(id));
  }

  /** The 404 of an unknown user id. */
  static ApiException notFound(String id) {
    return ApiException.notFound("user", Values.quoteText(id));
  }

  /** A {@code POST /users} body as users; a 400 naming the element and field on the first bad one. */
  static List<User> read(JsonBody json, byte[] body) {
    List<User> users = new ArrayList<>();
    json.array(body, (i, n) -> users.add(JsonFields.element(i, () -> JsonFields.user(n, "[" + i + "]"))));
    return users;
  }
}

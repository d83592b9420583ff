package dev.tandem.server;

import dev.tandem.core.data.Item;
import dev.tandem.engine.ApiException;
import dev.tandem.engine.Tandem;
import dev.tandem.wire.CatalogueJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The item routes: {@code POST /items}, {@code GET /items}, {@code GET} and {@code DELETE /items/{id}}. */
final class ItemRoutes {
  private final Requests requests;
  private final Tandem tandem;

  ItemRoutes(Requests requests) {
    this.requests = requests;
    this.tandem = requests.tandem();
  }

  /** {@code POST /items}: inserts or replaces the items, then adds them to the serving overlay. */
  void upsert(Context ctx) {
    List<Item> items = read(requests.json(), requests.body(ctx));
    int created = tandem.store().items().upsert(items);
    int fresh;
    String freshError = null;
    try { // committed above: a failing overlay update must not turn the acknowledged write into an error
      fresh = tandem.itemsUpserted(items);
    } catch (RuntimeException | IOException e) {
      fresh = 0;
      freshError = e.getMessage();
    }
    Requests.send(ctx, 200, CatalogueJson.itemsUpserted(items.size(), created, fresh, freshError));
  }

  /** {@code GET /items}: a page (offset, limit) of all items, or of those with a category or tag. */
  void list(Context ctx) {
    int offset = QueryParam.OFFSET.intOf(ctx);
    int limit = QueryParam.LIMIT.intOf(ctx);
    String category = QueryParams.category(ctx.queryParam(QueryParam.CATEGORY.name()));
    List<Item> page = new ArrayList<>();
    int total;
    if (category.isEmpty()) {
      page.addAll(tandem.store().items().list(offset, limit));
      total = tandem.store().items().count();
    } else {
      int[] seen = {0};
      tandem.store().items().forEach(it -> {
        if (inCategory(it, category)) {
          if (seen[0] >= offset && page.size() < limit) {
            page.add(it);
          }
          seen[0]++;
        }
      });
      total = seen[0];
    }
    Requests.send(ctx, 200, CatalogueJson.page(offset, limit, total, page));
  }

  private static boolean inCategory(Item it, String category) {
    for (String c : it.categories()) {
      if (c.equalsIgnoreCase(category)) {
        return true;
      }
    }
    for (String t : it.tags()) {
      if (t.equalsIgnoreCase(category)) {
        return true;
      }
    }
    return false;
  }

  /** {@code GET /items/{id}}. */
  void get(Context ctx) {
    String id = ctx.pathParam("id");
    Item it = tandem.store().items().get(id).orElseThrow(() -> notFound(id));
    Requests.send(ctx, 200, CatalogueJson.item(it));
  }

  /** {@code DELETE /items/{id}}: the item and its feedback. */
  void delete(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    if (!tandem.store().items().delete(id)) {
      throw notFound(id);
    }
    tandem.itemsDeleted(List.of(id));
    Requests.send(ctx, 200, CatalogueJson.deleted(id));
  }

  /** The 404 of an unknown item id. */
  static ApiException notFound(String id) {
    return ApiException.notFound("item", Values.quoteText(id));
  }

  /** A {@code POST /items} body as items; a 400 naming the element and field on the first bad one. */
  static List<Item> read(JsonBody json, byte[] body) {
    List<Item> items = new ArrayList<>();
    json.array(body, (i, n) -> items.add(JsonFields.element(i, () -> JsonFields.item(n, "[" + i + "]"))));
    return items;
  }
}

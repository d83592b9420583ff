package dev.tandem.wire;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The catalogue and its writes as JSON: items, users, pages, write and feedback acknowledgements. */
public final class CatalogueJson {
  private CatalogueJson() {}

  /** An item: id, title, description, categories, tags, attributes, createdAt, available. */
  public static Map<String, Object> item(Item it) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", it.id());
    m.put("title", it.title());
    m.put("description", it.description());
    m.put("categories", it.categories());
    m.put("tags", it.tags());
    m.put("attributes", attributes(it.attributes()));
    m.put("createdAt", it.createdAt());
    m.put("available", it.available());
    return m;
  }

  /** Attributes as a JSON object of numbers and strings, in their order. */
  public static Map<String, Object> attributes(Map<String, Attribute> attrs) {
    Map<String, Object> m = new LinkedHashMap<>();
    attrs.forEach((k, v) -> m.put(k, v instanceof Attribute.Number num ? (Object) num.value()
        : ((Attribute.Text) v).value()));
    return m;
  }

  /** A page of items: offset, limit, total (matching items in all pages) and the items. */
  public static Map<String, Object> page(int offset, int limit, int total, List<Item> items) {
    List<Map<String, Object>> page = new ArrayList<>();
    for (Item it : items) {
      page.add(item(it));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("offset", offset);
    out.put("limit", limit);
    out.put("total", total);
    out.put("items", page);
    return out;
  }

  /** A user with the number of their feedback events: id, attributes, profile, feedbackEvents. */
  public static Map<String, Object> user(User u, long feedbackEvents) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", u.id());
    out.put("attributes", attributes(u.attributes()));
    out.put("profile", u.profile());
    out.put("feedbackEvents", feedbackEvents);
    return out;
  }

  /**
   * The answer to an item upsert: upserted, created, fresh (items added to the serving overlay),
   * and freshError when updating the overlay failed (null: it did not).
   */
  public static Map<String, Object> itemsUpserted(int upserted, int created, int fresh, String freshError) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("upserted", upserted);
    out.put("created", created);
    out.put("fresh", fresh);
    if (freshError != null) {
      out.put("freshError", freshError);
    }
    return out;
  }

  /** The answer to a user upsert: {upserted, created}. */
  public static Map<String, Object> usersUpserted(int upserted, int created) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("upserted", upserted);
    out.put("created", created);
    return out;
  }

  /** The answer to a delete: {deleted: id}. */
  public static Map<String, Object> deleted(String id) {
    return Map.of("deleted", id);
  }

  /** One refused event of a feedback batch: {index, error}. */
  public static Map<String, Object> rejected(int index, String error) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("index", index);
    r.put("error", error);
    return r;
  }

  /** The answer to a feedback batch: accepted (count) and rejected ({index, error} each). */
  public static Map<String, Object> feedbackAnswer(int accepted, List<Map<String, Object>> rejected) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accepted", accepted);
    out.put("rejected", rejected);
    return out;
  }
}

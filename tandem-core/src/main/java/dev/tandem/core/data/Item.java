package dev.tandem.core.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A catalogue item. Immutable; collections are copied and never null.
 *
 * @param id external id (non-empty)
 * @param title display title ("" when unknown)
 * @param description free text ("" when none)
 * @param categories category names, in the order given
 * @param tags tag names, in the order given (most relevant first where the source ranks them)
 * @param attributes named text or number attributes, in insertion order
 * @param createdAt epoch seconds the item appeared, 0 when unknown
 * @param available whether the item may be recommended (false: kept for history, never returned)
 */
public record Item(String id, String title, String description, List<String> categories, List<String> tags,
    Map<String, Attribute> attributes, long createdAt, boolean available) {

  public Item {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("item id must be non-empty");
    }
    title = title == null ? "" : title;
    description = description == null ? "" : description;
    categories = List.copyOf(categories);
    tags = List.copyOf(tags);
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** An available item with only an id and a title. */
  public static Item of(String id, String title) {
    return new Item(id, title, "", List.of(), List.of(), Map.of(), 0, true);
  }
}

package dev.tandem.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A catalogue item as the API reads and writes it. Immutable; the compact constructor validates
 * and copies (null text becomes "", null lists and maps become empty).
 *
 * @param id the item's external id (non-blank)
 * @param title display title ("" when none)
 * @param description free text used by semantic recall ("" when none)
 * @param categories categories, in order
 * @param tags tags, in order
 * @param attributes attribute values, each a {@link String} or a finite {@link Number}, in order
 * @param createdAt epoch seconds the item appeared, 0 when unknown
 * @param available whether the item may be recommended
 */
public record Item(String id, String title, String description, List<String> categories, List<String> tags,
    Map<String, Object> attributes, long createdAt, boolean available) {

  /** @throws IllegalArgumentException if the id is blank or an attribute is neither text nor a finite number */
  public Item {
    id = Checks.nonBlank("id", id);
    title = title == null ? "" : title;
    description = description == null ? "" : description;
    categories = categories == null ? List.of() : List.copyOf(categories);
    tags = tags == null ? List.of() : List.copyOf(tags);
    attributes = Checks.attributes(attributes);
  }

  /** An available item with a title and nothing else. */
  public static Item of(String id, String title) {
    return new Item(id, title, "", List.of(), List.of(), Map.of(), 0, true);
  }

  /** This item with {@code description}. */
  public Item withDescription(String description) {
    return new Item(id, title, description, categories, tags, attributes, createdAt, available);
  }

  /** This item with these categories (replacing the current ones). */
  public Item withCategories(String... categories) {
    return new Item(id, title, description, List.of(categories), tags, attributes, createdAt, available);
  }

  /** This item with these tags (replacing the current ones). */
  public Item withTags(String... tags) {
    return new Item(id, title, description, categories, List.of(tags), attributes, createdAt, available);
  }

  /** This item with one more attribute ({@code value} a String or a finite Number), replacing one of the same key. */
  public Item withAttribute(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>(attributes);
    m.put(key, value);
    return new Item(id, title, description, categories, tags, Collections.unmodifiableMap(m), createdAt, available);
  }

  /** This item with {@code createdAt} epoch seconds. */
  public Item withCreatedAt(long createdAt) {
    return new Item(id, title, description, categories, tags, attributes, createdAt, available);
  }

  /** This item marked available or not. */
  public Item withAvailable(boolean available) {
    return new Item(id, title, description, categories, tags, attributes, createdAt, available);
  }
}

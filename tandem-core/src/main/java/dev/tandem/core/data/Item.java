package dev.tandem.core.data;

import java.util.List;
import java.util.Map;

/**
 * A catalogue item. Immutable; collections are copied and never null. Every field is bounded
 * ({@link Limits}); the id follows the {@link Ids} policy.
 *
 * @param id external id (the {@link Ids} policy: 1..256 Unicode scalar values, no control
 *     characters, no leading or trailing whitespace; compared exactly)
 * @param title display title ("" when unknown), at most {@value Limits#MAX_TITLE} characters
 * @param description free text ("" when none), at most {@value Limits#MAX_DESCRIPTION} characters
 * @param categories category names, in the order given: at most {@value Limits#MAX_LABELS}, each at
 *     most {@value Limits#MAX_LABEL} characters
 * @param tags tag names, in the order given (most relevant first where the source ranks them); as
 *     many and as long as categories
 * @param attributes named text or number attributes, in insertion order: at most
 *     {@value Limits#MAX_ATTRIBUTES}, names of 1..{@value Limits#MAX_ATTRIBUTE_NAME} characters under
 *     the id character rules, text values of at most {@value Limits#MAX_ATTRIBUTE_TEXT} characters
 * @param createdAt epoch seconds the item appeared, 0 when unknown; in [{@value Limits#MIN_CREATED_AT},
 *     {@value Limits#MAX_TIMESTAMP}] (years -9999 to 9999)
 * @param available whether the item may be recommended (false: kept for history, never returned)
 */
public record Item(String id, String title, String description, List<String> categories, List<String> tags,
    Map<String, Attribute> attributes, long createdAt, boolean available) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException naming the field, its (quoted) value and the rule or limit
   */
  public Item {
    Ids.check("item id", id);
    title = Limits.text("item title", title, Limits.MAX_TITLE);
    description = Limits.text("item description", description, Limits.MAX_DESCRIPTION);
    categories = Limits.labels("item categories", categories);
    tags = Limits.labels("item tags", tags);
    attributes = Limits.attributes("item attributes", attributes);
    Limits.createdAt("item createdAt", createdAt);
  }

  /** An available item with only an id and a title. */
  public static Item of(String id, String title) {
    return new Item(id, title, "", List.of(), List.of(), Map.of(), 0, true);
  }
}

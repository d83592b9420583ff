package dev.tandem.llm.intent;

/**
 * A catalogue item the request refers to ("like Harry Potter", "the second one"), resolved.
 *
 * @param mention the words of the request that name it
 * @param itemId the catalogue item id it was resolved to
 */
public record Reference(String mention, String itemId) {
  /** Validates. */
  public Reference {
    if (itemId == null || itemId.isBlank()) {
      throw new IllegalArgumentException("reference '" + mention + "' must be resolved to an item id");
    }
  }
}

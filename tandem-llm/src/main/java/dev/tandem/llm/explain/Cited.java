package dev.tandem.llm.explain;

/**
 * A history item cited as a reason, with its share of the evidence. Immutable.
 *
 * @param itemId external item id
 * @param title its title ("" when the catalogue has none)
 * @param share its share of the positive evidence, in (0, 1]
 */
public record Cited(String itemId, String title, double share) {
  /** Validates. */
  public Cited {
    if (itemId == null || itemId.isEmpty()) {
      throw new IllegalArgumentException("itemId must be non-empty");
    }
    title = title == null ? "" : title.strip();
    if (!(share > 0 && share <= 1 + 1e-9)) {
      throw new IllegalArgumentException("share (" + share + ") must be in (0, 1]");
    }
  }

  /** The title, or the id when there is no title. */
  public String name() {
    return title.isEmpty() ? itemId : title;
  }

  /** The share in whole percent, as the prompt and the checker see it. */
  public int percent() {
    return (int) Math.round(share * 100);
  }
}

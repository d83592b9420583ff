package dev.tandem.engine;

/**
 * One recommended item.
 *
 * @param itemId external item id
 * @param title the item's title ("" when the catalogue has none)
 * @param score the model's score (higher is better; comparable only within one list)
 */
public record Recommendation(String itemId, String title, double score) {}

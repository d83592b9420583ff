package dev.tandem.llm.intent;

/**
 * An {@link IntentCatalogue} that also knows items' numeric attribute values, so a parser can turn
 * a relative request ("like Dune but shorter") into a range below the referenced item's value.
 * Parsers check for it with {@code instanceof}; without it relative words are left out of the
 * intent.
 */
public interface AttributeCatalogue extends IntentCatalogue {
  /**
   * The value of {@code attribute} (one of {@link #numericAttributes()}) for {@code itemId}, or
   * {@link Double#NaN} when the item or its value is unknown.
   */
  double attribute(String itemId, String attribute);
}

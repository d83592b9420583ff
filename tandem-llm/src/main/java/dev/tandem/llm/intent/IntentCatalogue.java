package dev.tandem.llm.intent;

import java.util.Map;
import java.util.Set;

/**
 * What a parser may know of the catalogue: the labels it can constrain on, the numeric
 * attributes it can put ranges on, and the item titles it can resolve references to. Everything a
 * parser returns must come from here (or be a plain term of the request).
 */
public interface IntentCatalogue {
  /** Category and tag labels, lower-case, with the number of items carrying each. */
  Map<String, Integer> labels();

  /** Names of numeric item attributes (lower-case), e.g. {@code pages}, {@code year}, {@code price}. */
  Set<String> numericAttributes();

  /** Item id to title, for every item that has a title. */
  Map<String, String> titles();
}

package dev.tandem.llm.intent;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The catalogue's names for the attribute concepts the rules know (pages, price, year, rating). */
final class AttributeNames {
  private AttributeNames() {}

  /**
   * The catalogue's name for an attribute concept (pages, price, year, rating): the concept itself
   * when the catalogue has it, else the shortest attribute whose name contains it or a known
   * variant and is not a count ({@code average_rating} for rating, never {@code ratings_count};
   * {@code num_pages}, {@code original_publication_year}); null when there is none.
   */
  static String resolve(String concept, Set<String> attrs) {
    if (attrs.contains(concept)) {
      return concept;
    }
    List<String> variants = switch (concept) {
      case "pages" -> List.of("pages", "page");
      case "price" -> List.of("price", "cost");
      case "rating" -> List.of("rating", "stars", "score");
      default -> List.of(concept);
    };
    String best = null;
    for (String a : new TreeSet<>(attrs)) {
      String l = a.toLowerCase(Locale.ROOT);
      if (l.contains("count") || l.contains("number_of") || l.startsWith("n_")) {
        continue;
      }
      for (String v : variants) {
        if (l.contains(v) && (best == null || a.length() < best.length())) {
          best = a;
        }
      }
    }
    return best;
  }
}

package dev.tandem.llm.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The keyword parser: {@link IntentParsers#inProcess} when the rule parser is absent. */
class KeywordIntentParserTest {
  private static final IntentCatalogue CATALOGUE = new IntentCatalogue() {
    @Override
    public Map<String, Integer> labels() {
      return Map.of("mystery", 5, "cosy", 2, "dark", 1, "science-fiction", 4, "科幻", 3, "恐怖", 2);
    }

    @Override
    public Set<String> numericAttributes() {
      return Set.of("pages", "year");
    }

    @Override
    public Map<String, String> titles() {
      return Map.of("b7", "The Hound of the Baskervilles", "b8", "Dune");
    }
  };
  private final IntentParser parser = IntentParsers.keywords();

  @Test
  void english_labels_negations_ranges_and_counts() {
    Intent i = parser.parse("3 cosy mysteries, nothing too dark, under 300 pages", CATALOGUE, List.of());
    assertThat(i.goal()).isEqualTo(Goal.RECOMMEND);
    assertThat(i.include()).containsExactlyInAnyOrder("cosy", "mystery");
    assertThat(i.exclude()).containsExactly("dark");
    assertThat(i.ranges()).containsExactly(new Range("pages", Double.NEGATIVE_INFINITY, 300));
    assertThat(i.count()).isEqualTo(3);
    assertThat(i.language()).isEqualTo("en");
    assertThat(i.query()).isEmpty();

    Intent words = parser.parse("science fiction about deserts, no vampires, between 1960 and 1990 year", CATALOGUE,
        List.of());
    assertThat(words.include()).containsExactly("science-fiction");
    assertThat(words.exclude()).containsExactly("vampires");
    assertThat(words.ranges()).containsExactly(new Range("year", 1960, 1990));
    assertThat(words.query()).isEqualTo("deserts");
  }

  @Test
  void references_by_ordinal_and_by_title() {
    List<String> shown = List.of("b1", "b2", "b3");
    Intent more = parser.parse("more like the second one", CATALOGUE, shown);
    assertThat(more.goal()).isEqualTo(Goal.SIMILAR_TO);
    assertThat(more.references()).containsExactly(new Reference("the second one", "b2"));
    assertThat(more.exclude()).isEmpty();

    Intent not = parser.parse("not the first one", CATALOGUE, shown);
    assertThat(not.references()).extracting(Reference::itemId).containsExactly("b1");
    assertThat(not.exclude()).containsExactly("b1"); // how an unwanted item is marked

    Intent title = parser.parse("something like Dune", CATALOGUE, List.of());
    assertThat(title.goal()).isEqualTo(Goal.SIMILAR_TO);
    assertThat(title.references()).containsExactly(new Reference("Dune", "b8"));
  }

  @Test
  void chinese_labels_negations_counts_and_ordinals() {
    Intent i = parser.parse("推荐3本科幻小说，不要恐怖的", CATALOGUE, List.of());
    assertThat(i.language()).isEqualTo("zh");
    assertThat(i.include()).containsExactly("科幻");
    assertThat(i.exclude()).containsExactly("恐怖");
    assertThat(i.count()).isEqualTo(3);

    Intent no = parser.parse("不要第一本", CATALOGUE, List.of("b1", "b2"));
    assertThat(no.references()).extracting(Reference::itemId).containsExactly("b1");
    assertThat(no.exclude()).containsExactly("b1");
  }

  @Test
  void blank_text_is_rejected() {
    assertThatThrownBy(() -> parser.parse(" ", CATALOGUE, List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text must not be blank");
  }
}

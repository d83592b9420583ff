package dev.tandem.llm.intent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the text, the parser returns an intent whose labels, attributes and references come
 * from the catalogue or {@code shown}: it never throws on odd input (digits, units, cues and
 * punctuation mixed at random, English and Chinese).
 */
class RuleIntentParserPropertiesTest {
  private static final IntentFixtures.Catalogue CAT = IntentFixtures.catalogue();
  private static final List<String> SHOWN = List.of("b05", "b06", "b38");
  private final RuleIntentParser parser = new RuleIntentParser();

  @Provide
  Arbitrary<String> requests() {
    Arbitrary<String> piece = Arbitraries.of("no", "not", "under", "over", "between", "and", "to", "after",
        "before", "since", "the 80s", "$", "€", "300", "2015", "4.5", "pages", "stars", "first", "last", "one",
        "like", "Dune", "harry potter", "about", "salt", "history", "cozy", "mystery", "sci-fi", ",", ".", "?", "+",
        "-", "不要", "没有", "有没有", "第二本", "最后一本", "三百页", "以内", "以上", "之间", "到", "元", "年", "《", "》",
        "《沙丘》", "关于", "科幻", "恐怖", "的", "几本", "十", "a few", "top", "shorter", "更短", "'", " ");
    return piece.list().ofMinSize(1).ofMaxSize(14).map(l -> String.join(" ", l))
        .filter(s -> !s.isBlank());
  }

  @Property(tries = 400, seed = "42")
  void intents_only_name_catalogue_things(@ForAll("requests") String text) {
    Intent i = parser.parse(text, CAT, SHOWN);
    assertThat(CAT.labels().keySet()).containsAll(i.include()).containsAll(i.prefer());
    java.util.Set<String> refIds = new java.util.HashSet<>();
    i.references().forEach(r -> refIds.add(r.itemId()));
    for (String e : i.exclude()) {
      // an excluded label, or a referenced item the request turns down
      assertThat(CAT.labels().containsKey(e) || refIds.contains(e)).as(e).isTrue();
    }
    for (Range r : i.ranges()) {
      assertThat(CAT.numericAttributes()).contains(r.attribute());
    }
    for (Reference r : i.references()) {
      assertThat(CAT.titles()).containsKey(r.itemId());
    }
    assertThat(i.language()).isIn("en", "zh");
    assertThat(i.count()).isBetween(0, 100);
  }

  @Property(tries = 200, seed = "7")
  void parsing_is_deterministic(@ForAll("requests") String text) {
    assertThat(parser.parse(text, CAT, SHOWN)).isEqualTo(new RuleIntentParser().parse(text, CAT, SHOWN));
  }
}

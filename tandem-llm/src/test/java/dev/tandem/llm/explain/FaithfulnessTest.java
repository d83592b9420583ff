package dev.tandem.llm.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.explain.SharedLabel;
import dev.tandem.core.fusion.Contribution;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaithfulnessTest {
  static final Faithfulness F = new Faithfulness(
      List.of("Dune", "Dune Messiah", "Children of Dune", "Hyperion", "It", "Neuromancer", "三体", "沙丘", "海伯利安",
          "沙丘之子", "1984"),
      List.of("science fiction", "fantasy", "horror", "科幻", "奇幻", "恐怖", "classics"));

  static final Grounds EN = ExplanationsTest.dune(List.of());
  static final Grounds ZH = ExplanationsTest.duneZh();

  static Faithfulness.Reason check(String answer, Grounds g, Language lang) {
    return F.check(answer, g, lang).reason();
  }

  @Test
  void faithful_answers_pass_in_any_case_and_with_evidence_numbers() {
    assertThat(check("Because you liked Dune and Hyperion, both science fiction, ease ranked it #1.", EN, Language.EN))
        .isEqualTo(Faithfulness.Reason.OK);
    assertThat(check("Fans of DUNE will enjoy Children of Dune: it shares science fiction with 5 things you liked.",
        EN, Language.EN)).isEqualTo(Faithfulness.Reason.OK);
    assertThat(check("Dune accounts for 60% of this pick. It is classic science fiction!", EN, Language.EN))
        .isEqualTo(Faithfulness.Reason.OK);
    assertThat(check("你喜欢《沙丘》和《海伯利安》，所以推荐这部科幻作品《沙丘之子》。", ZH, Language.ZH))
        .isEqualTo(Faithfulness.Reason.OK);
    // a short title inside a word, or a 2-letter title, is not a mention
    assertThat(check("Because you liked Dune; it fits your taste.", EN, Language.EN)).isEqualTo(Faithfulness.Reason.OK);
  }

  @Test
  void a_catalogue_title_or_label_outside_the_evidence_is_caught_latin_and_cjk() {
    assertThat(F.check("Like Neuromancer, this is science fiction.", EN, Language.EN))
        .isEqualTo(new Faithfulness.Verdict(Faithfulness.Reason.UNKNOWN_TITLE, "neuromancer"));
    // "Dune" is allowed, "Dune Messiah" extends it and is not
    assertThat(F.check("Because you liked Dune Messiah.", EN, Language.EN))
        .isEqualTo(new Faithfulness.Verdict(Faithfulness.Reason.UNKNOWN_TITLE, "dune messiah"));
    assertThat(F.check("A fantasy pick, like Dune.", EN, Language.EN))
        .isEqualTo(new Faithfulness.Verdict(Faithfulness.Reason.UNKNOWN_LABEL, "fantasy"));
    // CJK has no word boundaries: 三体 inside a sentence
    assertThat(F.check("因为你喜欢三体和《沙丘》，推荐这部科幻作品。", ZH, Language.ZH))
        .isEqualTo(new Faithfulness.Verdict(Faithfulness.Reason.UNKNOWN_TITLE, "三体"));
    assertThat(F.check("这是一部恐怖小说，和《沙丘》一样。", ZH, Language.ZH))
        .isEqualTo(new Faithfulness.Verdict(Faithfulness.Reason.UNKNOWN_LABEL, "恐怖"));
  }

  @Test
  void an_invented_quoted_title_is_caught_and_quoted_evidence_passes() {
    // found by ChatFaultsTest: a chat model inventing a title that no catalogue holds
    assertThat(F.check("Because you loved \u201cThe Invisible Atlas\u201d by Nobody.", EN, Language.EN))
        .isEqualTo(new Faithfulness.Verdict(Faithfulness.Reason.UNKNOWN_TITLE, "the invisible atlas"));
    assertThat(F.check("Because you liked \"Moon Harvest\", try this.", EN, Language.EN))
        .isEqualTo(new Faithfulness.Verdict(Faithfulness.Reason.UNKNOWN_TITLE, "moon harvest"));
    assertThat(F.check("你喜欢《看不见的地图》，所以推荐这部科幻作品。", ZH, Language.ZH))
        .isEqualTo(new Faithfulness.Verdict(Faithfulness.Reason.UNKNOWN_TITLE, "看不见的地图"));
    // quoting evidence, or the start of a long evidence title, is fine; an unmatched quote is no quote
    assertThat(check("Because you liked \u201cDune\u201d and \u201cHyperion\u201d.", EN, Language.EN))
        .isEqualTo(Faithfulness.Reason.OK);
    assertThat(check("你喜欢《沙丘》和《海伯利安》，所以推荐这部科幻作品《沙丘之子》。", ZH, Language.ZH))
        .isEqualTo(Faithfulness.Reason.OK);
    assertThat(check("Because you liked Dune, a 5\" paperback.", EN, Language.EN)).isNotEqualTo(
        Faithfulness.Reason.UNKNOWN_TITLE);
    Faithfulness f = new Faithfulness(List.of("The Lion, the Witch, and the Wardrobe (Chronicles of Narnia, #2)"),
        List.of("fantasy"));
    Grounds g = new Grounds("x", "Dune", "ease", Grounds.Basis.HISTORY,
        List.of(new Cited("a", "The Lion, the Witch, and the Wardrobe (Chronicles of Narnia, #2)", 1)), List.of(),
        List.of(), List.of());
    assertThat(f.check("Because you liked \u201cThe Lion\u201d, try Dune.", g, Language.EN).ok()).isTrue();
    assertThat(f.check("Because you liked \u201cThe Lio\u201d, try Dune.", g, Language.EN))
        .isEqualTo(new Faithfulness.Verdict(Faithfulness.Reason.UNKNOWN_TITLE, "the lio"));
  }

  @Test
  void a_shortened_long_title_counts_as_the_title() {
    Faithfulness f = new Faithfulness(List.of("The Lion, the Witch, and the Wardrobe (Chronicles of Narnia, #2)",
        "Hyperion"), List.of("witch", "fantasy"));
    Grounds g = new Grounds("x", "Dune", "ease", Grounds.Basis.HISTORY,
        List.of(new Cited("a", "The Lion, the Witch, and the Wardrobe (Chronicles of Narnia, #2)", 1)), List.of(),
        List.of(), List.of());
    assertThat(f.check("Because you liked The Lion, the Witch, and the Wardrobe…, try Dune.", g, Language.EN).ok())
        .isTrue();
    // too short a prefix is no quote of the title: "witch" is then a label outside the evidence
    assertThat(f.check("Because you liked The Lion, the Witch and Dune.", g, Language.EN))
        .isEqualTo(new Faithfulness.Verdict(Faithfulness.Reason.UNKNOWN_LABEL, "witch"));
  }

  @Test
  void names_with_leading_punctuation_are_looked_for_without_it() {
    Faithfulness f = new Faithfulness(List.of("'Tis", "Dune"), List.of("_kindle", "sf"));
    Grounds g = new Grounds("x", "Dune", "ease", Grounds.Basis.HISTORY, List.of(), List.of(), List.of(), List.of());
    assertThat(f.check("Like Tis, Dune is a memoir-free read.", g, Language.EN))
        .isEqualTo(new Faithfulness.Verdict(Faithfulness.Reason.UNKNOWN_TITLE, "tis"));
    assertThat(f.check("Dune is on Kindle.", g, Language.EN))
        .isEqualTo(new Faithfulness.Verdict(Faithfulness.Reason.UNKNOWN_LABEL, "kindle"));
    assertThat(Faithfulness.trimPunctuation("\"'tis!\"")).isEqualTo("tis");
  }

  @Test
  void numbers_must_come_from_the_evidence() {
    assertThat(F.check("Rated 4.5 stars by readers who liked Dune.", EN, Language.EN))
        .isEqualTo(new Faithfulness.Verdict(Faithfulness.Reason.NUMBER, "4"));
    assertThat(F.check("因为你喜欢《沙丘》，评分９分的科幻。", ZH, Language.ZH))
        .isEqualTo(new Faithfulness.Verdict(Faithfulness.Reason.NUMBER, "9"));
    // itemknn #3 and 5 liked items are evidence; the year in an allowed title is masked
    Grounds withYear = new Grounds("x", "X", "ease", Grounds.Basis.HISTORY, List.of(new Cited("a", "1984", 1)),
        List.of(), List.of(), List.of());
    assertThat(check("Because you liked 1984.", withYear, Language.EN)).isEqualTo(Faithfulness.Reason.OK);
    assertThat(check("itemknn ranks it #3, and 5 of your items are science fiction.", EN, Language.EN))
        .isEqualTo(Faithfulness.Reason.OK);
    // a shortened title keeps its numbers
    Grounds product = new Grounds("p9", "Nozzle", "itemknn", Grounds.Basis.HISTORY,
        List.of(new Cited("p1", "eSUN PETG Filament 1.75mm 1kg, White", 1)), List.of(), List.of(), List.of());
    assertThat(check("You bought the eSUN PETG Filament 1.75mm, so try this nozzle.", product, Language.EN))
        .isEqualTo(Faithfulness.Reason.OK);
    assertThat(check("You bought the eSUN PETG Filament 2.85mm, so try this nozzle.", product, Language.EN))
        .isEqualTo(Faithfulness.Reason.NUMBER);
  }

  @Test
  void length_sentences_format_and_language() {
    assertThat(check("  ", EN, Language.EN)).isEqualTo(Faithfulness.Reason.EMPTY);
    assertThat(check("*Dune*, *Hyperion*!", EN, Language.EN)).isEqualTo(Faithfulness.Reason.EMPTY);
    assertThat(check("Because you liked Dune and you will like it. ".repeat(10), EN, Language.EN))
        .isEqualTo(Faithfulness.Reason.TOO_LONG);
    // long evidence titles do not count against the bound
    String longTitle = "Filament " + "x".repeat(400);
    Grounds g = new Grounds("p9", "Nozzle", "itemknn", Grounds.Basis.HISTORY, List.of(new Cited("p1", longTitle, 1)),
        List.of(), List.of(), List.of());
    assertThat(check("Because you bought " + longTitle + ", try this nozzle.", g, Language.EN))
        .isEqualTo(Faithfulness.Reason.OK);
    assertThat(check("You liked Dune. You liked Hyperion. So here it is.", EN, Language.EN))
        .isEqualTo(Faithfulness.Reason.SENTENCES);
    assertThat(check("You liked Dune. So here it is!", EN, Language.EN)).isEqualTo(Faithfulness.Reason.OK);
    assertThat(check("{\"sentence\": \"You liked Dune.\"}", EN, Language.EN)).isEqualTo(Faithfulness.Reason.FORMAT);
    assertThat(check("You liked Dune.\nSystem prompt: ...", EN, Language.EN)).isEqualTo(Faithfulness.Reason.FORMAT);
    assertThat(check("Because you liked 沙丘, we recommend it.", ZH, Language.ZH)).isEqualTo(Faithfulness.Reason.LANGUAGE);
    assertThat(check("因为你喜欢Dune，所以推荐。", EN, Language.EN)).isEqualTo(Faithfulness.Reason.LANGUAGE);
    // Latin titles inside a Chinese answer do not count against it
    assertThat(check("因为你喜欢《Dune》和《Hyperion》，ease 排第1。", EN, Language.ZH)).isEqualTo(Faithfulness.Reason.OK);
  }

  @Test
  void sentence_count_ignores_dots_inside_words() {
    assertThat(Faithfulness.sentences("e.g. this one. and that")).isEqualTo(3);
    assertThat(Faithfulness.sentences("version 2.5 is here.")).isEqualTo(1);
    assertThat(Faithfulness.sentences("你好。再见！")).isEqualTo(2);
    assertThat(Faithfulness.sentences("")).isZero();
  }

  @Test
  void allowed_numbers_are_ranks_counts_and_percents() {
    Grounds g = new Grounds("x", "X", "rrf", Grounds.Basis.HISTORY, List.of(new Cited("a", "A", 0.625)),
        List.of(new SharedLabel("sf", 1, 7)), List.of(new Contribution("ease", 12, 1f, 0.1)), List.of());
    assertThat(Faithfulness.allowedNumbers(g)).containsExactlyInAnyOrder("12", "1", "7", "63");
  }
}

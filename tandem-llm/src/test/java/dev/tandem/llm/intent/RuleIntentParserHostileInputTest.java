package dev.tandem.llm.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 12, "Hostile input": whatever the text (long, repetitive, every cue word the parser knows
 * in English and Chinese, unbalanced quotes, digit runs, controls, lone surrogates, U+0000), the
 * in-process parser returns an intent made of catalogue things, on a thread stack smaller than a
 * server worker's, or throws the documented IllegalArgumentException for a blank text. Lone
 * surrogates and controls are tolerated: they are text like any other, never a label or a title.
 * jqwik prints each property's seed; a failure is replayed with the seed in the annotation.
 */
class RuleIntentParserHostileInputTest {
  private static IntentFixtures.Catalogue big;
  private static final IntentFixtures.Catalogue CAT = IntentFixtures.catalogue();
  private static final List<String> SHOWN = List.of("b05", "b06", "b38");
  private static final RuleIntentParser RULES = new RuleIntentParser();
  /** The prototype path (phrases collected, embedded once each, capped) with a cheap stand-in encoder. */
  private static final HostileInput.StandInEncoder ENCODER = new HostileInput.StandInEncoder();
  private static final RuleIntentParser PROTOTYPES = new RuleIntentParser(ENCODER, 0.5, ENCODER, 0.5);

  @BeforeContainer
  static void catalogue() {
    big = HostileInput.bigCatalogue();
  }

  @Provide
  Arbitrary<String> hostile() {
    List<String> pieces = HostileInput.allPieces();
    Arbitrary<String> piece = Arbitraries.of(pieces);
    Arbitrary<String> separator = Arbitraries.of(" ", "", ",", "，", " , ", "  ", "\n", "-", "'");
    // one cue repeated (up to ~20 KB), as the filler and cue floods of the issue
    Arbitrary<String> flood = piece.flatMap(p -> separator.flatMap(
        sep -> Arbitraries.integers().between(1, 2_000).map(n -> (p + sep).repeat(n))));
    // a random mix of cues, digits and odd characters
    Arbitrary<String> mix = Arbitraries.oneOf(piece, Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(40),
        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(5)).list().ofMinSize(1).ofMaxSize(60)
        .flatMap(l -> separator.map(sep -> String.join(sep, l)));
    // any chars at all, lone surrogates and U+0000 included
    Arbitrary<String> noise = Arbitraries.strings().all().ofMaxLength(300);
    Arbitrary<String> edges = Arbitraries.of("", " ", "\t\n", "\u0000", "\uD800", "\uDC00", "a\uD800b", "\uFEFF",
        "《", "》", "《《《", "》》》", "《》", "\"\"\"", "'''", "第", "最后", "1e999", "9".repeat(40), "9".repeat(40) + "本",
        "第" + "9".repeat(40) + "本", "top " + "9".repeat(30), "İ".repeat(50) + " cozy mystery",
        "e" + "\u0301".repeat(5_000) + " no horror", "between " + "9".repeat(400) + " and 1 pages");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, edges), net.jqwik.api.Tuple.of(3, flood), net.jqwik.api.Tuple.of(4, mix),
        net.jqwik.api.Tuple.of(2, noise));
  }

  @Property(tries = 300, seed = "20261207")
  void hostile_text_gives_a_catalogue_intent_or_the_blank_error(@ForAll("hostile") String text) {
    for (RuleIntentParser parser : List.of(RULES, PROTOTYPES)) {
      if (text.isBlank()) {
        assertThatThrownBy(() -> parser.parse(text, big, SHOWN)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("must be a non-blank request");
        continue;
      }
      Intent i = HostileInput.onSmallStack(() -> parser.parse(text, big, SHOWN));
      HostileInput.assertCatalogueIntent(i, big, SHOWN);
    }
  }

  @Property(tries = 60, seed = "4711")
  void every_cue_repeated_ten_thousand_chars(@ForAll("cues") String cue) {
    String text = HostileInput.repeat(cue + " ", 10_000);
    Intent i = HostileInput.onSmallStack(() -> RULES.parse(text, big, SHOWN));
    HostileInput.assertCatalogueIntent(i, big, SHOWN);
  }

  @Provide
  Arbitrary<String> cues() {
    List<String> all = new ArrayList<>(HostileInput.CUES_EN);
    all.addAll(HostileInput.CUES_ZH);
    return Arbitraries.of(all);
  }

  @Example
  void a_pasted_essay_embeds_at_most_max_phrases_distinct_phrases() {
    StringBuilder essay = new StringBuilder();
    for (int k = 0; k < 5_000; k++) {
      essay.append("word").append(Integer.toString(k, 26).replaceAll("[0-9]", "x")).append(k % 4 == 3 ? ", " : " ");
    }
    PROTOTYPES.parse("warm up", big, SHOWN); // the label prototypes are embedded once per catalogue
    int before = ENCODER.texts;
    Intent i = PROTOTYPES.parse(essay.toString(), big, SHOWN);
    HostileInput.assertCatalogueIntent(i, big, SHOWN);
    assertThat(ENCODER.texts - before).isEqualTo(RuleIntentParser.MAX_PHRASES);
  }

  @Example
  void the_same_phrase_many_times_is_embedded_once() {
    PROTOTYPES.parse("warm up", big, SHOWN); // the label prototypes are embedded once per catalogue
    int before = ENCODER.texts;
    PROTOTYPES.parse(HostileInput.repeat("vampires, ", 20_000), big, SHOWN);
    assertThat(ENCODER.texts - before).isEqualTo(1);
  }

  @Example
  void numbers_too_long_for_an_int_are_no_count_and_no_ordinal() {
    Intent zh = RULES.parse("第" + "9".repeat(30) + "本 " + "9".repeat(30) + "本科幻", big, SHOWN);
    assertThat(zh.references()).isEmpty();
    assertThat(zh.count()).isZero();
    Intent en = RULES.parse("top " + "9".repeat(30) + " mysteries", big, SHOWN);
    assertThat(en.count()).isZero();
    assertThat(RuleIntentParser.digits("2147483647")).isEqualTo(Integer.MAX_VALUE);
    assertThat(RuleIntentParser.digits("2147483648")).isEqualTo(Integer.MAX_VALUE);
    assertThat(RuleIntentParser.digits("0000000000012")).isEqualTo(12);
  }

  @Example
  void a_dotted_capital_i_does_not_shift_positions() {
    // "İ".toLowerCase() is two chars; positions found in the lower-case copy must still index the text
    Intent i = RULES.parse("İ".repeat(40) + " cozy mysteries, nothing too dark, under 300 pages", CAT, SHOWN);
    assertThat(i.include()).contains("cozy", "mystery");
    assertThat(i.exclude()).containsExactly("dark");
    assertThat(i.ranges()).containsExactly(new Range("pages", Double.NEGATIVE_INFINITY, 300));
  }

  @Example
  void long_runs_of_combining_marks_are_cut_to_the_stream_safe_limit() {
    String marks = "\u0301".repeat(1_000);
    assertThat(RuleIntentParser.capMarks("x" + marks + "y")).isEqualTo("x" + "\u0301".repeat(30) + "y");
    assertThat(RuleIntentParser.capMarks("café")).isEqualTo("café");
    Intent i = RULES.parse("x" + marks + " no horror", CAT, SHOWN);
    assertThat(i.exclude()).containsExactly("horror");
  }

  @Example
  void lone_surrogates_and_controls_are_tolerated() {
    Intent i = RULES.parse("\uD800cozy\u0000 mysteries\uDC00, nothing too dark\u0007", CAT, SHOWN);
    // a lone surrogate or a control char is neither a letter nor a digit: words next to it are words
    assertThat(i.include()).containsExactly("mystery", "cozy");
    assertThat(i.exclude()).containsExactly("dark");
    assertThat(i.language()).isEqualTo("en");
    assertThat(i.query()).isEqualTo("\uD800 \u0000 \uDC00");
  }
}

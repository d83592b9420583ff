package dev.tandem.llm.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One test per rule family, rules and synonyms only (no encoder), on the fixture catalogue. */
class RuleIntentParserTest {
  private static final IntentFixtures.Catalogue CAT = IntentFixtures.catalogue();
  private static final List<String> SHOWN = List.of("b05", "b06", "b38", "b19", "b21");
  private final RuleIntentParser parser = new RuleIntentParser();

  private Intent parse(String text) {
    return parser.parse(text, CAT, SHOWN);
  }

  private static final double INF = Double.POSITIVE_INFINITY;

  @Test
  void blank_text_is_rejected_with_its_value() {
    assertThatThrownBy(() -> parse("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text ('  ') must be a non-blank request");
    assertThatThrownBy(() -> parse(null)).hasMessage("text (null) must be a non-blank request");
  }

  @Test
  void thresholds_outside_zero_one_are_rejected() {
    assertThatThrownBy(() -> new RuleIntentParser(null, 1.5, null, 0.5))
        .hasMessage("threshold (1.5) must be in (0, 1]");
    assertThatThrownBy(() -> new RuleIntentParser(null, 0.5, null, 0))
        .hasMessage("zhThreshold (0.0) must be in (0, 1]");
  }

  @Test
  void language_is_zh_when_cjk_characters_outnumber_latin_words() {
    assertThat(parse("no horror please").language()).isEqualTo("en");
    assertThat(parse("推荐几本像Project Hail Mary的书").language()).isEqualTo("zh"); // 8 CJK vs 3 words
    assertThat(parse("books like 三体 and Dune and Foundation please").language()).isEqualTo("en"); // 2 vs 7
  }

  @Test
  void english_ranges_take_unit_cue_and_strictness_on_years() {
    assertThat(parse("under 300 pages").ranges()).containsExactly(new Range("pages", -INF, 300));
    assertThat(parse("at least 600 pages").ranges()).containsExactly(new Range("pages", 600, INF));
    assertThat(parse("between $10 and $20").ranges()).containsExactly(new Range("price", 10, 20));
    assertThat(parse("between 200 and 350 pages").ranges()).containsExactly(new Range("pages", 200, 350));
    assertThat(parse("after 2015").ranges()).containsExactly(new Range("year", 2016, INF));
    assertThat(parse("before 1980").ranges()).containsExactly(new Range("year", -INF, 1979));
    assertThat(parse("since 2010").ranges()).containsExactly(new Range("year", 2010, INF));
    assertThat(parse("older than 1970").ranges()).containsExactly(new Range("year", -INF, 1969));
    assertThat(parse("from the 1970s").ranges()).containsExactly(new Range("year", 1970, 1979));
    assertThat(parse("fantasy from the 80s").ranges()).containsExactly(new Range("year", 1980, 1989));
    assertThat(parse("a 4+ star cookbook").ranges()).containsExactly(new Range("rating", 4, INF));
    assertThat(parse("with a rating above 4.2").ranges()).containsExactly(new Range("rating", 4.2, INF));
    assertThat(parse("under £8").ranges()).containsExactly(new Range("price", -INF, 8));
    assertThat(parse("nothing over 400 pages").ranges()).containsExactly(new Range("pages", -INF, 400));
    assertThat(parse("more than 4 stars and less than $10").ranges())
        .containsExactly(new Range("rating", 4, INF), new Range("price", -INF, 10));
  }

  @Test
  void story_settings_and_reader_ages_are_not_ranges_or_counts() {
    Intent set = parse("murder mysteries set in the 1920s");
    assertThat(set.ranges()).isEmpty();
    assertThat(set.include()).containsExactly("mystery");
    Intent age = parse("good books for a 10 year old");
    assertThat(age.count()).isZero();
    assertThat(age.include()).containsExactly("children");
    assertThat(parse("fantasy for a 15-year-old").include()).containsExactlyInAnyOrder("fantasy", "young adult");
  }

  @Test
  void chinese_ranges_are_inclusive_and_read_chinese_numerals() {
    assertThat(parse("300页以内的推理小说").ranges()).containsExactly(new Range("pages", -INF, 300));
    assertThat(parse("三百页以内的科幻小说").ranges()).containsExactly(new Range("pages", -INF, 300));
    assertThat(parse("超过600页的奇幻").ranges()).containsExactly(new Range("pages", 600, INF));
    assertThat(parse("2010年以后的奇幻小说").ranges()).containsExactly(new Range("year", 2010, INF));
    assertThat(parse("2000年以前出版的经典小说").ranges()).containsExactly(new Range("year", -INF, 2000));
    assertThat(parse("10到20元之间的推理小说").ranges()).containsExactly(new Range("price", 10, 20));
    assertThat(parse("价格不超过15元的推理小说").ranges()).containsExactly(new Range("price", -INF, 15));
    assertThat(parse("评分4.5以上的书").ranges()).containsExactly(new Range("rating", 4.5, INF));
  }

  @Test
  void ranges_on_attributes_the_catalogue_lacks_are_dropped() {
    IntentCatalogue noPrice = new IntentFixtures.Catalogue(CAT.labels(), Set.of("pages"), CAT.titles(), Map.of());
    Intent i = parser.parse("mysteries under $10 and under 300 pages", noPrice, List.of());
    assertThat(i.ranges()).containsExactly(new Range("pages", -INF, 300));
  }

  @Test
  void attribute_concepts_resolve_to_the_catalogue_names() {
    Set<String> goodbooks = Set.of("average_rating", "ratings_count", "year");
    assertThat(RuleIntentParser.attributeName("rating", goodbooks)).isEqualTo("average_rating");
    assertThat(RuleIntentParser.attributeName("year", goodbooks)).isEqualTo("year");
    assertThat(RuleIntentParser.attributeName("pages", goodbooks)).isNull();
    assertThat(RuleIntentParser.attributeName("pages", Set.of("num_pages", "page_count"))).isEqualTo("num_pages");
    assertThat(RuleIntentParser.attributeName("year", Set.of("original_publication_year"))).isEqualTo(
        "original_publication_year");
    IntentCatalogue gb = new IntentFixtures.Catalogue(CAT.labels(), goodbooks, Map.of(), Map.of());
    assertThat(parser.parse("rated at least 4 stars, under 300 pages", gb, List.of()).ranges())
        .containsExactly(new Range("average_rating", 4, INF));
  }

  @Test
  void chinese_numbers() {
    assertThat(RuleIntentParser.chineseNumber("三")).isEqualTo(3);
    assertThat(RuleIntentParser.chineseNumber("十")).isEqualTo(10);
    assertThat(RuleIntentParser.chineseNumber("十二")).isEqualTo(12);
    assertThat(RuleIntentParser.chineseNumber("三百")).isEqualTo(300);
    assertThat(RuleIntentParser.chineseNumber("两千零五")).isEqualTo(2005);
    assertThat(RuleIntentParser.chineseNumber("三百五十")).isEqualTo(350);
  }

  @Test
  void counts_from_digits_words_and_measure_words() {
    assertThat(parse("5 sci-fi novels after 2015").count()).isEqualTo(5);
    assertThat(parse("give me ten science fiction books").count()).isEqualTo(10);
    assertThat(parse("one good thriller for the plane").count()).isEqualTo(1);
    assertThat(parse("more like the second one").count()).isZero();
    assertThat(parse("a few romance novels").count()).isZero();
    assertThat(parse("a couple of cookbooks").count()).isEqualTo(2);
    assertThat(parse("a dozen classics").count()).isEqualTo(12);
    assertThat(parse("top 10 fantasy books").count()).isEqualTo(10);
    assertThat(parse("三本2010年以后的奇幻小说").count()).isEqualTo(3);
    assertThat(parse("十本经典名著").count()).isEqualTo(10);
    assertThat(parse("推荐几本菜谱").count()).isZero();
    assertThat(parse("第二本那样的再来几本").count()).isZero();
    assertThat(parse("more than 4 stars").count()).isZero();
  }

  @Test
  void negation_scope_ends_at_punctuation_or_contrast() {
    Intent i = parse("no romance, no horror, just a good mystery");
    assertThat(i.exclude()).containsExactlyInAnyOrder("romance", "horror");
    assertThat(i.include()).containsExactly("mystery");
    assertThat(parse("fantasy but not young adult").exclude()).containsExactly("young adult");
    assertThat(parse("fantasy but not young adult").include()).containsExactly("fantasy");
    assertThat(parse("I don't want horror or thrillers").exclude()).containsExactlyInAnyOrder("horror", "thriller");
    assertThat(parse("books for kids that aren't scary").exclude()).containsExactly("horror");
    assertThat(parse("similar to A Game of Thrones, but less dark").exclude()).containsExactly("dark");
    assertThat(parse("anything except romance").exclude()).containsExactly("romance");
  }

  @Test
  void chinese_negation_scope_ends_at_de_or_punctuation() {
    Intent i = parse("推荐几本轻松的科幻小说，不要恐怖的");
    assertThat(i.include()).containsExactlyInAnyOrder("lighthearted", "science fiction");
    assertThat(i.exclude()).containsExactly("horror");
    Intent j = parse("没有爱情线的奇幻小说");
    assertThat(j.exclude()).containsExactly("romance");
    assertThat(j.include()).containsExactly("fantasy");
    assertThat(parse("除了科幻，什么都行").exclude()).containsExactly("science fiction");
    assertThat(parse("别推荐言情小说").exclude()).containsExactly("romance");
    assertThat(parse("有没有不那么黑暗的奇幻").exclude()).containsExactly("dark");
    assertThat(parse("有没有推理小说").include()).containsExactly("mystery"); // 有没有 asks, it does not negate
    assertThat(parse("有没有推理小说").exclude()).isEmpty();
  }

  @Test
  void titles_match_fuzzily_but_need_a_run_from_the_title_start() {
    assertThat(refs("books like harry poter")).containsExactly("b02"); // typo, 2 of 4 tokens from the start
    assertThat(refs("like three body problem")).containsExactly("b21");
    assertThat(refs("psychological thrillers like The Silent Patient")).containsExactly("b41"); // not b56
    assertThat(refs("books about the history of salt")).isEmpty(); // "Salt: A World History" out of order
    assertThat(refs("a book about a cat who solves crimes")).isEmpty(); // one word of a long title
    assertThat(refs("science fiction for children")).isEmpty(); // not "Children of Time"
    assertThat(refs("similar to Salt Fat Acid Heat")).containsExactly("b15"); // longest match wins
    assertThat(refs("something like Dune but shorter")).containsExactly("b01"); // one word after a cue
    assertThat(refs("like Mistborn, but shorter")).containsExactly("b24"); // colon head
  }

  @Test
  void partial_title_matches_need_two_distinctive_words_and_full_titles_beat_colon_heads() {
    IntentCatalogue titles = new IntentFixtures.Catalogue(Map.of(), Set.of(), Map.of(
        "1", "Something Like Fate", "2", "Twilight: The Complete Illustrated Movie Companion", "3",
        "Twilight (Twilight, #1)", "4", "Dune"), Map.of());
    assertThat(parser.parse("something like Dune", titles, List.of()).references())
        .extracting(Reference::itemId).containsExactly("4"); // "something like" is 2 of 3 words, both common
    assertThat(parser.parse("like Twilight but no romance", titles, List.of()).references())
        .extracting(Reference::itemId).containsExactly("3");
    assertThat(parser.parse("something like fate", titles, List.of()).references())
        .extracting(Reference::itemId).containsExactly("1"); // the whole title still matches
  }

  @Test
  void chinese_titles_in_quotes_or_text() {
    assertThat(refs("类似《沙丘》的书")).containsExactly("b01"); // translation in parentheses
    assertThat(refs("像《Dune》那样的书")).containsExactly("b01");
    assertThat(refs("我喜欢白夜行")).containsExactly("b57");
    assertThat(refs("类似《不存在的书》")).isEmpty();
  }

  @Test
  void ordinals_resolve_against_shown_items() {
    assertThat(refs("more like the second one")).containsExactly("b06");
    assertThat(refs("more like the last one")).containsExactly("b21");
    assertThat(refs("more like the 2nd one")).containsExactly("b06");
    assertThat(refs("第三本那样的")).containsExactly("b38");
    assertThat(refs("第二个不错")).containsExactly("b06");
    assertThat(refs("最后一本那样的")).containsExactly("b21");
    assertThat(parser.parse("more like the second one", CAT, List.of()).references()).isEmpty();
    assertThat(refs("the ninth one")).isEmpty(); // only 5 shown
  }

  @Test
  void relative_words_bound_the_reference_value_strictly() {
    // Dune: 688 pages, 1965; The Name of the Wind: 2007
    assertThat(parse("something like Dune but shorter").ranges()).containsExactly(new Range("pages", -INF, 687));
    assertThat(parse("like The Name of the Wind but newer").ranges()).containsExactly(new Range("year", 2008, INF));
    assertThat(parse("最后一本那样的，但要短一点").ranges()).containsExactly(new Range("pages", -INF, 399));
    IntentCatalogue plain = new IntentCatalogue() {
      public Map<String, Integer> labels() {
        return CAT.labels();
      }

      public Set<String> numericAttributes() {
        return CAT.numericAttributes();
      }

      public Map<String, String> titles() {
        return CAT.titles();
      }
    };
    assertThat(parser.parse("something like Dune but shorter", plain, List.of()).ranges()).isEmpty();
  }

  @Test
  void goal_similar_search_or_recommend() {
    assertThat(parse("books like Harry Potter").goal()).isEqualTo(Goal.SIMILAR_TO);
    assertThat(parse("books about the history of salt").goal()).isEqualTo(Goal.SEARCH);
    assertThat(parse("books about the history of salt").include()).isEmpty(); // the topic is not a label
    assertThat(parse("books about the history of salt").query()).isEqualTo("history of salt");
    assertThat(parse("recommend a mystery about a lighthouse keeper").goal()).isEqualTo(Goal.RECOMMEND);
    assertThat(parse("有没有关于盐的历史的书").goal()).isEqualTo(Goal.SEARCH);
    assertThat(parse("有没有关于盐的历史的书").query()).isEqualTo("盐的历史");
    assertThat(parse("cosy mysteries").goal()).isEqualTo(Goal.RECOMMEND);
  }

  @Test
  void labels_come_only_from_the_catalogue() {
    IntentCatalogue small = new IntentFixtures.Catalogue(Map.of("mystery", 3), Set.of(), Map.of(), Map.of());
    Intent i = parser.parse("scary cosy mysteries", small, List.of());
    assertThat(i.include()).containsExactly("mystery");
  }

  @Test
  void labels_are_returned_as_the_catalogue_spells_them() {
    // tag-style labels as in goodbooks and MovieLens
    IntentCatalogue tags = new IntentFixtures.Catalogue(Map.of("science-fiction", 10, "sci-fi", 3, "young-adult", 5,
        "to-read", 100, "children's", 4, "comedy", 2, "film-noir", 1), Set.of(), Map.of(), Map.of());
    assertThat(parser.parse("5 sci-fi novels for teens", tags, List.of()).include())
        .containsExactlyInAnyOrder("science-fiction", "young-adult"); // the concept's own spelling wins
    assertThat(parser.parse("books to read on the beach", tags, List.of()).include()).isEmpty(); // generic tag
    assertThat(parser.parse("funny kids movies", tags, List.of()).include())
        .containsExactlyInAnyOrder("comedy", "children's"); // through synonyms of the concept
    assertThat(parser.parse("a film noir, no comedy", tags, List.of()).include()).containsExactly("film-noir");
    assertThat(parser.parse("a film noir, no comedy", tags, List.of()).exclude()).containsExactly("comedy");
    assertThat(parser.parse("something for a 9 year old", tags, List.of()).include()).containsExactly("children's");
  }

  @Test
  void query_drops_constraint_words() {
    Intent i = parse("cosy mysteries set in Oxford, nothing too dark, under 300 pages");
    assertThat(i.query()).isEqualTo("set in Oxford");
  }

  @Test
  void an_uncalibrated_encoder_is_not_used_by_the_default_thresholds() {
    int[] calls = {0};
    dev.tandem.llm.embed.Embedder other = new dev.tandem.llm.embed.Embedder() {
      public String modelId() {
        return "some-other-model";
      }

      public int dimension() {
        return 2;
      }

      public float[][] embedDocuments(List<String> texts) {
        calls[0]++;
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
          out[i] = new float[] {1, 0}; // every phrase equal to every prototype: cosine 1
        }
        return out;
      }

      public float[] embedQuery(String text) {
        calls[0]++;
        return new float[] {1, 0};
      }

      public void close() {}
    };
    Intent i = new RuleIntentParser(other).parse("a vampire novel", CAT, List.of());
    assertThat(i.include()).isEmpty();
    assertThat(i.prefer()).isEmpty();
    assertThat(calls[0]).isZero();
    // with an explicit threshold the caller takes responsibility: every phrase maps (cosine 1)
    Intent j = new RuleIntentParser(other, 0.9, null, 0.9).parse("a vampire novel", CAT, List.of());
    assertThat(j.prefer()).hasSize(1); // inferred, so a preference
    assertThat(j.include()).isEmpty();
    assertThat(calls[0]).isEqualTo(2); // the prototypes once, the phrases once
  }

  private List<String> refs(String text) {
    return parse(text).references().stream().map(Reference::itemId).toList();
  }

  @Test
  void spelled_numbers_before_a_unit_are_bounds_not_counts() {
    Intent i = parse("cozy mysteries under ten dollars");
    assertThat(i.ranges()).containsExactly(new Range("price", -INF, 10));
    assertThat(i.count()).isZero();
    assertThat(parse("nothing over three hundred pages").ranges()).containsExactly(new Range("pages", -INF, 300));
    assertThat(parse("twenty-five dollars or less").ranges()).containsExactly(new Range("price", -INF, 25));
    assertThat(parse("two cookbooks, 25 bucks tops").ranges()).containsExactly(new Range("price", -INF, 25));
    assertThat(parse("two cookbooks, 25 bucks tops").count()).isEqualTo(2);
    assertThat(RuleIntentParser.englishNumber("a hundred and fifty")).isEqualTo(150);
    assertThat(RuleIntentParser.englishNumber("ninety-nine")).isEqualTo(99);
    assertThat(RuleIntentParser.englishNumber("lots")).isEqualTo(-1);
  }

  @Test
  void two_digit_chinese_decades_and_last_century() {
    assertThat(parse("90年代的推理小说").ranges()).containsExactly(new Range("year", 1990, 1999));
    assertThat(parse("10年代的科幻").ranges()).containsExactly(new Range("year", 2010, 2019));
    Intent last = parse("上世纪二十年代的小说");
    assertThat(last.ranges()).containsExactly(new Range("year", 1920, 1929));
    assertThat(last.query()).doesNotContain("世纪");
  }

  @Test
  void titles_by_spelled_year_and_chinese_heads() {
    assertThat(TitleIndex.spelledYear(List.of("nineteen", "eighty", "four"))).isEqualTo("1984");
    assertThat(TitleIndex.spelledYear(List.of("twenty", "one"))).isNull(); // one number, not a year
    assertThat(TitleIndex.spelledYear(List.of("nineteen", "eighty", "four", "stories"))).isNull();
    assertThat(parse("books like 1984 by Orwell").references()).extracting(Reference::itemId)
        .containsExactly("b47");
    assertThat(parse("类似哈利波特的书，来五本").references()).extracting(Reference::itemId).containsExactly("b02");
    assertThat(parse("类似哈利·波特与魔法石的书").references()).extracting(Reference::itemId).containsExactly("b02");
  }

  @Test
  void without_an_encoder_nothing_is_only_preferred() {
    assertThat(parse("a vampire novel").prefer()).isEmpty();
    assertThat(parse("a vampire novel").include()).isEmpty();
  }
  @Test
  void a_negated_one_sided_range_flips_to_the_other_side_with_the_stated_number() {
    assertThat(parse("Nothing published before 2000, and no horror").ranges())
        .containsExactly(new Range("year", 2000, INF));
    assertThat(parse("not longer than 380 pages").ranges()).containsExactly(new Range("pages", -INF, 380));
    assertThat(parse("nothing over 300 pages").ranges()).containsExactly(new Range("pages", -INF, 300));
    assertThat(parse("不要超过300页").ranges()).containsExactly(new Range("pages", -INF, 300));
    // the negation scope ends at a dash: what follows is wanted
    Intent i = parse("Nothing published before 2000, and no horror — what've you got in sci-fi?");
    assertThat(i.include()).containsExactly("science fiction");
    assertThat(i.exclude()).containsExactly("horror");
  }

  @Test
  void bounds_after_the_number_and_more_units() {
    assertThat(parse("4.2 stars or better").ranges()).containsExactly(new Range("rating", 4.2, INF));
    assertThat(parse("fantasy, 4.3 stars minimum").ranges()).containsExactly(new Range("rating", 4.3, INF));
    assertThat(parse("不超过25美元的菜谱").ranges()).containsExactly(new Range("price", -INF, 25));
    assertThat(parse("Seventies science fiction").ranges()).containsExactly(new Range("year", 1970, 1979));
  }

  @Test
  void a_childs_stated_age_is_the_audience_not_a_count() {
    Intent i = parse("My daughter is 15 and loves dystopias, two suggestions?");
    assertThat(i.include()).containsExactlyInAnyOrder("dystopian", "young adult");
    assertThat(i.count()).isEqualTo(2);
    assertThat(parse("我女儿十四岁，喜欢科幻").include()).containsExactlyInAnyOrder("young adult", "science fiction");
  }

  @Test
  void more_negation_cues_and_positions() {
    Intent i = parse("I'm done with dystopias. What other sci-fi do you have?");
    assertThat(i.exclude()).containsExactly("dystopian");
    assertThat(i.include()).containsExactly("science fiction");
    assertThat(parse("no more than 300 pages of fantasy").include()).containsExactly("fantasy");
  }

  @Test
  void positional_references_and_title_endings() {
    assertThat(refs("the top one but newer")).containsExactly("b05");
    assertThat(refs("what do you think of number 3? anything similar?")).containsExactly("b38");
    assertThat(parse("what do you think of number 3?").count()).isZero();
    assertThat(refs("跟最后那本类似的书")).containsExactly("b21");
    assertThat(refs("Is there anything like Hail Mary?")).containsExactly("b06");
    assertThat(refs("Hail Mary passes in football")).isEmpty(); // no cue before the title's ending
    assertThat(parse("I read it in one sitting").count()).isZero();
  }

  @Test
  void language_needs_more_cjk_characters_than_latin_words() {
    assertThat(parse("anything similar to 白夜行?").language()).isEqualTo("en");
  }

  @Test
  void a_chinese_label_noun_after_the_topic_is_outside_it() {
    Intent war = parse("有没有讲二战的历史书");
    assertThat(war.goal()).isEqualTo(Goal.SEARCH);
    assertThat(war.include()).containsExactly("history");
    Intent salt = parse("有没有关于盐的历史的书");
    assertThat(salt.goal()).isEqualTo(Goal.SEARCH);
    assertThat(salt.include()).isEmpty();
  }

  @Test
  void a_negated_reference_is_unwanted_and_ordinals_with_a_noun_beat_titles() {
    Intent no = parse("不要第一本");
    assertThat(refs("不要第一本")).containsExactly("b05");
    assertThat(no.exclude()).containsExactly("b05");
    assertThat(no.goal()).isEqualTo(Goal.RECOMMEND); // nothing liked to be similar to
    Intent mixed = parse("not the first one, more like the second");
    assertThat(mixed.references()).extracting(Reference::itemId).containsExactly("b05", "b06");
    assertThat(mixed.exclude()).containsExactly("b05");
    assertThat(mixed.goal()).isEqualTo(Goal.SIMILAR_TO);
    assertThat(parse("more like the second one").exclude()).isEmpty();
    // a catalogue title "Seconds" does not take "the second one"
    Map<String, String> titles = new java.util.LinkedHashMap<>(CAT.titles());
    titles.put("x1", "Seconds");
    IntentCatalogue withSeconds = new IntentCatalogue() {
      public Map<String, Integer> labels() {
        return CAT.labels();
      }

      public Set<String> numericAttributes() {
        return CAT.numericAttributes();
      }

      public Map<String, String> titles() {
        return titles;
      }
    };
    assertThat(parser.parse("more like the second one", withSeconds, SHOWN).references())
        .extracting(Reference::itemId).containsExactly("b06");
  }

  @Test
  void a_compound_label_matches_in_either_spelling_and_its_plural() {
    IntentCatalogue tags = new IntentCatalogue() {
      public Map<String, Integer> labels() {
        return Map.of("cozy-mystery", 30, "cozy", 7, "mystery", 900, "humor", 50);
      }

      public Set<String> numericAttributes() {
        return Set.of();
      }

      public Map<String, String> titles() {
        return Map.of();
      }
    };
    assertThat(parser.parse("cosy mysteries, nothing too dark", tags, List.of()).include())
        .containsExactly("cozy-mystery");
    assertThat(parser.parse("a cozy mystery", tags, List.of()).include()).containsExactly("cozy-mystery");
    assertThat(parser.parse("humour please", tags, List.of()).include()).containsExactly("humor");
    assertThat(LabelLexicon.plural("mystery")).isEqualTo("mysteries");
    assertThat(LabelLexicon.plural("day")).isEqualTo("days");
    assertThat(LabelLexicon.spellings("cozy mystery")).containsExactly("cozy mystery", "cosy mystery");
  }
}

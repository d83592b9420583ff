package dev.tandem.llm.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.llm.explain.Narrowing.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Explanations#shortfall} and {@link Narrowing}: the sentence that says why an answer came up short. */
class ShortfallTest {
  private static final Explanations T = new Explanations();
  private static final double INF = Double.POSITIVE_INFINITY;

  private static Narrowing range(double min, double max, int alone, int without) {
    return new Narrowing(Kind.RANGE, List.of("pages"), min, max, alone, without);
  }

  @Test
  void a_full_answer_says_nothing() {
    assertThat(T.shortfall(5, 5, 2, List.of(range(-INF, 100, 2, 14)), Language.EN)).isEmpty();
    assertThat(T.shortfall(6, 5, 2, List.of(), Language.ZH)).isEmpty();
  }

  @Test
  void the_constraint_with_the_largest_leave_one_out_count_is_named() {
    List<Narrowing> cs = List.of(Narrowing.of(Kind.AVAILABLE, List.of(), 100, 2),
        Narrowing.of(Kind.INCLUDE, List.of("fantasy"), 30, 9), range(-INF, 100, 20, 14),
        Narrowing.of(Kind.SEEN, List.of(), 99, 2));
    assertThat(T.shortfall(2, 10, 2, cs, Language.EN))
        .isEqualTo("Only 2 items with pages at most 100 match; without that limit there would be 14.");
    assertThat(T.shortfall(2, 10, 2, cs, Language.ZH)).isEqualTo("只有2件页数不超过100的作品符合要求；去掉这一限制会有14件。");
    assertThat(Narrowing.narrowest(cs, 2)).contains(cs.get(2));
  }

  @Test
  void each_kind_has_its_wording_in_en_and_zh() {
    assertThat(T.shortfall(1, 3, 1, List.of(range(50, INF, 4, 7)), Language.EN))
        .isEqualTo("Only 1 item with pages at least 50 matches; without that limit there would be 7.");
    assertThat(T.shortfall(1, 3, 1, List.of(range(50, 120.5, 4, 7)), Language.ZH))
        .isEqualTo("只有1件页数在50到120.5之间的作品符合要求；去掉这一限制会有7件。");
    assertThat(T.shortfall(0, 3, 0, List.of(Narrowing.of(Kind.EXCLUDE, List.of("dark"), 8, 3)), Language.EN))
        .isEqualTo("No item without \u201cdark\u201d matches; without that exclusion there would be 3.");
    assertThat(T.shortfall(0, 3, 0, List.of(Narrowing.of(Kind.EXCLUDE, List.of("恐怖"), 8, 3)), Language.ZH))
        .isEqualTo("没有不含\u201c恐怖\u201d的作品符合要求；去掉这一排除条件会有3件。");
    Narrowing any = Narrowing.of(Kind.INCLUDE_ANY, List.of("cosy", "dark"), 6, 9);
    assertThat(T.shortfall(2, 3, 2, List.of(any), Language.EN))
        .isEqualTo("Only 2 items in \u201ccosy\u201d or \u201cdark\u201d match; without that label there would be 9.");
    assertThat(T.shortfall(2, 3, 2, List.of(any), Language.ZH))
        .isEqualTo("只有2件属于\u201ccosy\u201d或\u201cdark\u201d的作品符合要求；去掉这一标签会有9件。");
    Narrowing seen = Narrowing.of(Kind.SEEN, List.of(), 10, 12);
    assertThat(T.shortfall(2, 3, 2, List.of(seen), Language.EN))
        .isEqualTo("Only 2 items you have not seen or turned down match; counting those there would be 12.");
    assertThat(T.shortfall(2, 3, 2, List.of(seen), Language.ZH))
        .isEqualTo("只有2件你未看过、未拒绝过的作品符合要求；算上看过或拒绝过的会有12件。");
    Narrowing available = Narrowing.of(Kind.AVAILABLE, List.of(), 2, 4);
    assertThat(T.shortfall(2, 3, 2, List.of(available), Language.EN))
        .isEqualTo("Only 2 items that are available match; counting unavailable ones there would be 4.");
  }

  @Test
  void without_a_narrowing_constraint_it_says_how_many_match_or_that_retrieval_found_fewer() {
    List<Narrowing> none = List.of(Narrowing.of(Kind.AVAILABLE, List.of(), 3, 3), Narrowing.of(Kind.SEEN, List.of(), 3, 3));
    assertThat(Narrowing.narrowest(none, 3)).isEmpty();
    assertThat(T.shortfall(3, 10, 3, none, Language.EN)).isEqualTo("Only 3 items match the request.");
    assertThat(T.shortfall(3, 10, 3, none, Language.ZH)).isEqualTo("只有3件作品符合要求。");
    assertThat(T.shortfall(0, 10, 0, List.of(), Language.EN)).isEqualTo("No item matches the request.");
    assertThat(T.shortfall(2, 10, 40, none, Language.EN))
        .isEqualTo("Only 2 of the 40 items that meet the request's constraints matched it.");
    assertThat(T.shortfall(2, 10, 40, none, Language.ZH)).isEqualTo("符合条件的40件作品中只有2件与请求相符。");
  }

  @Test
  void an_attribute_without_a_chinese_name_keeps_its_key() {
    Narrowing lang = new Narrowing(Kind.RANGE, List.of("weight"), -INF, 2, 1, 5);
    assertThat(T.shortfall(1, 3, 1, List.of(lang), Language.ZH)).isEqualTo("只有1件weight不超过2的作品符合要求；去掉这一限制会有5件。");
  }

  @Test
  void a_fresh_item_is_new_and_names_the_terms_it_matches() {
    assertThat(T.fresh(List.of("animation"), Language.EN)).isEqualTo("New in the catalogue; matches \u201canimation\u201d.");
    assertThat(T.fresh(List.of(), Language.EN)).isEqualTo("New in the catalogue.");
    assertThat(T.fresh(List.of("动画", "喜剧"), Language.ZH)).isEqualTo("新上架的作品；符合\u201c动画\u201d和\u201c喜剧\u201d。");
  }

  @Test
  void describe_and_validation() {
    assertThat(range(-INF, 100, 0, 0).describe()).isEqualTo("pages <= 100");
    assertThat(range(10, INF, 0, 0).describe()).isEqualTo("pages >= 10");
    assertThat(range(10, 20.5, 0, 0).describe()).isEqualTo("10 <= pages <= 20.5");
    assertThat(Narrowing.of(Kind.EXCLUDE, List.of("dark"), 0, 0).describe()).isEqualTo("not dark");
    assertThat(Kind.INCLUDE_ANY.json()).isEqualTo("include_any");
    assertThatThrownBy(() -> Narrowing.of(Kind.SEEN, List.of(), -1, 0))
        .hasMessage("alone (-1) and withoutIt (0) must be >= 0");
  }
}

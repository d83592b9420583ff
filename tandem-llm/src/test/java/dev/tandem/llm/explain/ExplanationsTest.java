package dev.tandem.llm.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.explain.SharedLabel;
import dev.tandem.core.fusion.Contribution;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplanationsTest {
  static final Explanations T = new Explanations();

  static Grounds dune(List<String> terms) {
    return new Grounds("b9", "Children of Dune", "rrf", Grounds.Basis.HISTORY,
        List.of(new Cited("b1", "Dune", 0.6), new Cited("b2", "Hyperion", 0.4)),
        List.of(new SharedLabel("science fiction", 2, 5), new SharedLabel("classics", 0, 1)),
        List.of(new Contribution("ease", 1, 0.9f, 1 / 61.0), new Contribution("itemknn", 3, 2f, 1 / 63.0),
            new Contribution("bm25", 0, 0f, 0)),
        terms);
  }

  static Grounds duneZh() {
    return new Grounds("b9", "沙丘之子", "rrf", Grounds.Basis.HISTORY,
        List.of(new Cited("b1", "沙丘", 0.6), new Cited("b2", "海伯利安", 0.4)),
        List.of(new SharedLabel("科幻", 2, 5)),
        List.of(new Contribution("ease", 1, 0.9f, 1 / 61.0), new Contribution("itemknn", 3, 2f, 1 / 63.0)),
        List.of());
  }

  @Test
  void sentence_from_history_items_labels_and_channel_ranks() {
    assertThat(T.sentence(dune(List.of()), Language.EN))
        .isEqualTo("Because you liked *Dune* and *Hyperion* (science fiction); ranked by ease #1 and itemknn #3.");
    assertThat(T.sentence(duneZh(), Language.ZH)).isEqualTo("因为你喜欢《沙丘》和《海伯利安》（科幻）；ease 排第1、itemknn 排第3。");
  }

  @Test
  void matched_request_terms_come_first() {
    assertThat(T.sentence(dune(List.of("space opera", "classic")), Language.EN)).isEqualTo(
        "Matches \u201cspace opera\u201d and \u201cclassic\u201d; because you liked *Dune* and *Hyperion* (science"
            + " fiction); ranked by ease #1 and itemknn #3.");
    assertThat(T.sentence(dune(List.of("太空")), Language.ZH)).isEqualTo(
        "符合\u201c太空\u201d；因为你喜欢《Dune》和《Hyperion》（science fiction）；ease 排第1、itemknn 排第3。");
  }

  @Test
  void three_titles_and_a_label_without_because_items() {
    Grounds three = new Grounds("x", "X", "ease", Grounds.Basis.HISTORY,
        List.of(new Cited("a", "A", 0.5), new Cited("b", "", 0.3), new Cited("c", "C", 0.2)), List.of(), List.of(),
        List.of());
    assertThat(T.sentence(three, Language.EN)).isEqualTo("Because you liked *A*, *b* and *C*.");
    assertThat(T.sentence(three, Language.ZH)).isEqualTo("因为你喜欢《A》、《b》和《C》。");
    Grounds labelOnly = new Grounds("x", "X", "bm25", Grounds.Basis.HISTORY, List.of(),
        List.of(new SharedLabel("fantasy", 0, 4)), List.of(), List.of());
    assertThat(T.sentence(labelOnly, Language.EN)).isEqualTo("It shares fantasy with 4 items you liked.");
    assertThat(T.sentence(labelOnly, Language.ZH)).isEqualTo("与你喜欢的4件作品同属fantasy。");
  }

  @Test
  void fallbacks_for_popularity_profile_and_bare_models() {
    Grounds pop = new Grounds("x", "X", "popularity", Grounds.Basis.POPULARITY, List.of(), List.of(), List.of(),
        List.of());
    assertThat(T.sentence(pop, Language.EN)).isEqualTo("Popular with other users.");
    assertThat(T.sentence(pop, Language.ZH)).isEqualTo("很受其他用户欢迎。");
    Grounds profile = new Grounds("x", "X", "semantic", Grounds.Basis.PROFILE, List.of(), List.of(), List.of(),
        List.of());
    assertThat(T.sentence(profile, Language.EN)).isEqualTo("Close to the interests you described.");
    assertThat(T.sentence(profile, Language.ZH)).isEqualTo("与你描述的兴趣相近。");
    Grounds bare = new Grounds("x", "X", "bm25", Grounds.Basis.HISTORY, List.of(), List.of(), List.of(), List.of());
    assertThat(T.sentence(bare, Language.EN)).isEqualTo("Picked by bm25 from your history.");
    assertThat(T.sentence(bare, Language.ZH)).isEqualTo("由 bm25 根据你的历史挑选。");
  }

  @Test
  void a_profile_share_of_at_least_half_adds_the_described_interests() {
    Grounds g = new Grounds("x", "X", "semantic", Grounds.Basis.HISTORY, List.of(new Cited("a", "Dune", 1)),
        List.of(), List.of(), List.of(), 0.5);
    assertThat(T.sentence(g, Language.EN)).isEqualTo("Close to the interests you described; because you liked *Dune*.");
    assertThat(T.sentence(g, Language.ZH)).isEqualTo("与你描述的兴趣相近；因为你喜欢《Dune》。");
    Grounds less = new Grounds("x", "X", "semantic", Grounds.Basis.HISTORY, List.of(new Cited("a", "Dune", 1)),
        List.of(), List.of(), List.of(), 0.49);
    assertThat(T.sentence(less, Language.EN)).isEqualTo("Because you liked *Dune*.");
  }

  @Test
  void only_the_three_largest_retrieved_channels_are_named() {
    Grounds g = new Grounds("x", "X", "rrf", Grounds.Basis.HISTORY, List.of(), List.of(),
        List.of(new Contribution("a", 9, 1f, 0.010), new Contribution("b", 2, 1f, 0.015),
            new Contribution("c", 0, 1f, 0), new Contribution("d", 4, 1f, 0.012), new Contribution("e", 5, 1f, 0.011)),
        List.of());
    assertThat(T.sentence(g, Language.EN)).isEqualTo("Ranked by b #2, d #4 and e #5.");
  }

  @Test
  void intro_names_the_labels_most_items_share_and_the_most_cited_titles() {
    Grounds second = new Grounds("b8", "Endymion", "rrf", Grounds.Basis.HISTORY,
        List.of(new Cited("b2", "Hyperion", 0.9)), List.of(new SharedLabel("space opera", 1, 2),
            new SharedLabel("science fiction", 1, 5)), List.of(), List.of());
    // science fiction: 2 items; space opera (1 item, 2 in history) before classics (1 item, 1 in history);
    // Hyperion 0.4 + 0.9 before Dune 0.6
    assertThat(T.intro(List.of(dune(List.of()), second), Language.EN)).isEqualTo(
        "Picked for you from your love of science fiction and space opera, and of *Hyperion* and *Dune*.");
    Grounds zh2 = new Grounds("b8", "安迪密恩", "rrf", Grounds.Basis.HISTORY,
        List.of(new Cited("b2", "海伯利安", 0.9)), List.of(new SharedLabel("太空歌剧", 1, 2),
            new SharedLabel("科幻", 1, 5)), List.of(), List.of());
    assertThat(T.intro(List.of(duneZh(), zh2), Language.ZH)).isEqualTo("根据你对科幻和太空歌剧的喜爱，以及你喜欢的《海伯利安》和《沙丘》，为你挑选。");
    Grounds pop = new Grounds("x", "X", "popularity", Grounds.Basis.POPULARITY, List.of(), List.of(), List.of(),
        List.of());
    assertThat(T.intro(List.of(pop), Language.EN)).isEqualTo("Popular picks to start with.");
    assertThat(T.intro(List.of(pop), Language.ZH)).isEqualTo("先从热门作品开始。");
  }

  @Test
  void long_titles_are_shortened_at_a_word_boundary() {
    String amazon = "eSUN 3D 1.75mm PETG White Filament 1kg (2.2lb), PETG 3D Printer Filament, 1.75mm Solid Opaque White";
    assertThat(Explanations.shortTitle(amazon)).isEqualTo("eSUN 3D 1.75mm PETG White Filament 1kg (2.2lb), PETG 3D…");
    assertThat(Explanations.shortTitle("Dune")).isEqualTo("Dune");
    String noSpace = "x".repeat(70);
    assertThat(Explanations.shortTitle(noSpace)).isEqualTo("x".repeat(60) + "…");
    Grounds g = new Grounds("p9", "Nozzle", "itemknn", Grounds.Basis.HISTORY, List.of(new Cited("p1", amazon, 1)),
        List.of(), List.of(), List.of());
    assertThat(T.sentence(g, Language.EN)).isEqualTo(
        "Because you liked *eSUN 3D 1.75mm PETG White Filament 1kg (2.2lb), PETG 3D…*.");
  }

  @Test
  void language_codes() {
    assertThat(Language.parse("zh-CN")).isEqualTo(Language.ZH);
    assertThat(Language.parse(" EN ")).isEqualTo(Language.EN);
    assertThatThrownBy(() -> Language.parse("fr")).hasMessage("lang (fr) must be en or zh");
  }
}

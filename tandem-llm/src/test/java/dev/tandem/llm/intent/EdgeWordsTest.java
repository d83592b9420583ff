package dev.tandem.llm.intent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link EdgeWords} removes exactly what the regular expression it replaced removed: compared with
 * {@code replaceAll("")} of {@link EdgeWords#REGEX} on short strings (where the regex is fast and
 * its stack deep enough) built from edge words, spaces, commas, 的, line terminators, letters that
 * touch words, combining marks and underscores; and it handles what overflowed the regex.
 */
class EdgeWordsTest {
  private static final Pattern ORACLE = Pattern.compile(EdgeWords.REGEX);

  @Provide
  Arbitrary<String> queries() {
    Arbitrary<String> piece = Arbitraries.of("the", "THE", "The", "a", "an", "and", "A", "book", "books", "Books",
        "novel", "novels", "rated", "for", "from", "of", "with", "to", "in", "on", "or", "but", "then", "bookish",
        "dune", "x", "é", "_", "1", "科幻", "的", " ", " ", "  ", ",", ", ", "，", "\n", "\r", "\r\n", "\u0085",
        "\u2028", "\u0301", "\t", "-", ".", "'", "\uD800", "\uDC00", "\uD83D\uDE00", "İ", "ß");
    return piece.list().ofMinSize(0).ofMaxSize(14).map(l -> String.join("", l));
  }

  @Property(tries = 20_000, seed = "99")
  void removes_what_the_regex_removed(@ForAll("queries") String q) {
    assertThat(EdgeWords.strip(q)).isEqualTo(ORACLE.matcher(q).replaceAll(""));
  }

  @Example
  void examples() {
    assertThat(EdgeWords.strip("the dune books")).isEqualTo("dune");
    assertThat(EdgeWords.strip("books about salt, for")).isEqualTo("about salt");
    assertThat(EdgeWords.strip("theory of the")).isEqualTo("theory");
    assertThat(EdgeWords.strip("科幻的")).isEqualTo("科幻");
    assertThat(EdgeWords.strip("的科幻")).isEqualTo("科幻");
  }

  @Example
  void a_flood_of_edge_words_is_removed_whole_without_recursion() {
    String flood = "the ".repeat(50_000) + "dune" + " for the".repeat(50_000);
    assertThat(HostileInput.onSmallStack(() -> EdgeWords.strip(flood))).isEqualTo("dune");
    assertThat(EdgeWords.strip("the ".repeat(50_000).strip())).isEmpty();
    List<String> left = List.of(EdgeWords.strip("x" + " the".repeat(30_000) + " y"));
    assertThat(left.get(0)).isEqualTo("x" + " the".repeat(30_000) + " y");
  }
}

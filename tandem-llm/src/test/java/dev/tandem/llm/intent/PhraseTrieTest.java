package dev.tandem.llm.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link PhraseTrie} finds what an indexOf search per phrase finds, in the same order; {@link LongIntMap} maps. */
class PhraseTrieTest {
  @Provide
  Arbitrary<List<String>> phrases() {
    return Arbitraries.of("a", "ab", "abc", "b", "bc", "科幻", "科", "幻想", "a b", "cosy mystery", "mystery", "y")
        .list().ofMinSize(1).ofMaxSize(8).map(l -> new ArrayList<>(new LinkedHashSet<>(l)));
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.of("a", "b", "c", " ", "科", "幻", "想", "cosy", "mystery", "y", "\uD800")
        .list().ofMaxSize(20).map(l -> String.join("", l));
  }

  @Property(tries = 3_000, seed = "8")
  void finds_every_occurrence_of_every_phrase_in_search_order(@ForAll("phrases") List<String> phrases,
      @ForAll("texts") String text) {
    List<Long> expected = new ArrayList<>();
    for (int p = 0; p < phrases.size(); p++) {
      for (int at = text.indexOf(phrases.get(p)); at >= 0; at = text.indexOf(phrases.get(p), at + 1)) {
        expected.add((long) p << 32 | at);
      }
    }
    List<Long> actual = new ArrayList<>();
    for (long o : new PhraseTrie(phrases).occurrences(text)) {
      actual.add(o);
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Example
  void occurrences_name_phrase_and_start() {
    long[] found = new PhraseTrie(List.of("mystery", "cosy mystery", "y")).occurrences("cosy mystery");
    assertThat(found).containsExactly(0L << 32 | 5, 1L << 32 | 0, 2L << 32 | 3, 2L << 32 | 6, 2L << 32 | 11);
  }

  @Example
  void long_int_map_puts_gets_and_grows() {
    LongIntMap m = new LongIntMap();
    for (int i = 0; i < 1_000; i++) {
      m.put(i * 7919L - 500, i);
    }
    m.put(-500, 42);
    assertThat(m.size()).isEqualTo(1_000);
    assertThat(m.get(-500)).isEqualTo(42);
    assertThat(m.get(999 * 7919L - 500)).isEqualTo(999);
    assertThat(m.get(3)).isEqualTo(-1);
    assertThatThrownBy(() -> m.put(1, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value (-1) must be >= 0");
  }
}

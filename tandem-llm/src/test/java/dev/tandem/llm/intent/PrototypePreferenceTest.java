package dev.tandem.llm.intent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.llm.embed.Embedder;
import dev.tandem.llm.embed.Embedders;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Labels the encoder infers are preferences, named labels are constraints, and the Chinese
 * encoder is loaded only for a Chinese request (with the real BGE models).
 */
class PrototypePreferenceTest {
  private static final IntentFixtures.Catalogue CAT = IntentFixtures.catalogue();
  private static Embedder en;

  @BeforeAll
  static void open() {
    en = Embedders.builtIn("bge-small-en-v15-q");
  }

  @AfterAll
  static void close() {
    en.close();
  }

  @Test
  void an_inferred_label_is_preferred_a_named_one_included() {
    RuleIntentParser p = new RuleIntentParser(en, () -> {
      throw new AssertionError("an English request must not load the Chinese encoder");
    });
    Intent vampire = p.parse("a vampire novel", CAT, List.of());
    assertThat(vampire.include()).isEmpty();
    assertThat(vampire.prefer()).containsExactly("horror");
    Intent named = p.parse("a horror novel", CAT, List.of());
    assertThat(named.include()).containsExactly("horror");
    assertThat(named.prefer()).isEmpty();
    // negated, an inferred label is excluded: leaving out more is the safe side of a wrong guess
    Intent negated = p.parse("fantasy, but nothing with zombies", CAT, List.of());
    assertThat(negated.include()).containsExactly("fantasy");
    assertThat(negated.exclude()).containsExactly("horror");
    assertThat(negated.prefer()).isEmpty();
  }

  @Test
  void the_chinese_encoder_is_asked_for_once_on_the_first_chinese_request() {
    AtomicInteger asked = new AtomicInteger();
    Embedder[] zh = new Embedder[1];
    RuleIntentParser p = new RuleIntentParser(en, () -> {
      asked.incrementAndGet();
      zh[0] = Embedders.builtIn("bge-small-zh-v15");
      return zh[0];
    });
    try {
      p.parse("something with aliens", CAT, List.of());
      assertThat(asked).hasValue(0);
      Intent aliens = p.parse("有外星人的小说", CAT, List.of());
      assertThat(aliens.prefer()).containsExactly("science fiction");
      assertThat(aliens.include()).isEmpty();
      p.parse("僵尸题材的书", CAT, List.of());
      assertThat(asked).hasValue(1);
    } finally {
      if (zh[0] != null) {
        zh[0].close();
      }
    }
  }

  @Test
  void a_failing_chinese_encoder_leaves_the_synonym_table() {
    RuleIntentParser p = new RuleIntentParser(en, () -> {
      throw new IllegalStateException("model not on the class path");
    });
    Intent i = p.parse("推荐几本轻松的科幻小说，不要恐怖的", CAT, List.of());
    assertThat(i.include()).containsExactlyInAnyOrder("lighthearted", "science fiction");
    assertThat(i.exclude()).containsExactly("horror");
    assertThat(i.prefer()).isEmpty();
  }
}

package dev.tandem.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdsTest {
  private static final String RULE = "; an id is 1..256 Unicode scalar values without control characters"
      + " (U+0000-U+001F, U+007F-U+009F), U+FFFE, U+FFFF or leading/trailing whitespace";

  @Test
  void ordinary_ids_are_valid_and_compared_exactly() {
    for (String id : List.of("1", "b1", "user@example.com", "Café", "沙丘", "a b", "\ud83d\udcda", "x".repeat(256),
        "\ud83d\udcda".repeat(256), "cafe\u0301", "-", "a\u200bb")) {
      assertThat(Ids.isValid(id)).as(id).isTrue();
      assertThat(Ids.problem(id, Ids.MAX_CODE_POINTS)).as(id).isNull();
      assertThat(Ids.check("item id", id)).isSameAs(id);
    }
    // NFC and NFD spellings are different ids: nothing normalises them
    assertThat("caf\u00e9").isNotEqualTo("cafe\u0301");
  }

  @Test
  void lone_surrogates_are_named_with_their_code_point_and_index() {
    assertThatThrownBy(() -> Ids.check("user", "sur\ud800"))
        .hasMessage("user (\"sur\\uD800\") has a lone surrogate U+D800 at index 3" + RULE);
    assertThatThrownBy(() -> Ids.check("item", "sur\udfff"))
        .hasMessage("item (\"sur\\uDFFF\") has a lone surrogate U+DFFF at index 3" + RULE);
    // the index counts code points: the pair before it is one
    assertThatThrownBy(() -> Ids.check("item", "\ud83d\udcdax\udc00"))
        .hasMessage("item (\"\ud83d\udcdax\\uDC00\") has a lone surrogate U+DC00 at index 2" + RULE);
    assertThat(Ids.isValid("\ud83d")).isFalse();
    assertThat(Ids.isValid("\udcda\ud83d")).isFalse();
  }

  @Test
  void control_characters_and_noncharacters_are_refused() {
    assertThatThrownBy(() -> Ids.check("item id", "a\u0000b"))
        .hasMessage("item id (\"a\\u0000b\") has a control character U+0000 at index 1" + RULE);
    assertThatThrownBy(() -> Ids.check("item id", "a\u0085"))
        .hasMessage("item id (\"a\\u0085\") has a control character U+0085 at index 1" + RULE);
    assertThatThrownBy(() -> Ids.check("item id", "a\nb"))
        .hasMessage("item id (\"a\\nb\") has a control character U+000A at index 1" + RULE);
    assertThatThrownBy(() -> Ids.check("item id", "x\uffff"))
        .hasMessage("item id (\"x\\uFFFF\") has the noncharacter U+FFFF at index 1" + RULE);
    assertThat(Ids.isValid("\ufffe")).isFalse();
    assertThat(Ids.isValid("a\u007f")).isFalse();
  }

  @Test
  void leading_and_trailing_whitespace_is_refused_so_ids_cannot_look_alike() {
    assertThatThrownBy(() -> Ids.check("user id", " a"))
        .hasMessage("user id (\" a\") starts with whitespace U+0020 at index 0" + RULE);
    assertThatThrownBy(() -> Ids.check("user id", "a\u00a0"))
        .hasMessage("user id (\"a\u00a0\") ends with whitespace U+00A0 at index 1" + RULE);
    assertThat(Ids.isValid("\u3000a")).isFalse();
    assertThat(Ids.isValid("a\u2003")).isFalse();
    assertThat(Ids.isValid("a\u2028")).isFalse();
  }

  @Test
  void length_is_1_to_256_code_points() {
    assertThatThrownBy(() -> Ids.check("item id", "")).hasMessage("item id (\"\") is empty" + RULE);
    assertThatThrownBy(() -> Ids.check("item id", null)).hasMessage("item id (null) is missing" + RULE);
    assertThatThrownBy(() -> Ids.check("item id", "x".repeat(257)))
        .hasMessage("item id (\"" + "x".repeat(200) + "…\" (257 characters)) has 257 code points; at most 256 are"
            + " allowed" + RULE);
    assertThat(Ids.isValid("\ud83d\udcda".repeat(257))).isFalse();
    assertThat(Ids.problem("abcd", 3)).isEqualTo("has 4 code points; at most 3 are allowed");
  }

  @Test
  void the_three_ids_that_collapsed_in_sqlite_are_told_apart() {
    assertThat(Ids.isValid("sur\ud800")).isFalse();
    assertThat(Ids.isValid("sur\udfff")).isFalse();
    assertThat(Ids.isValid("sur?")).isTrue();
  }
}

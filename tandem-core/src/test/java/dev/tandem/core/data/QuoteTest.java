package dev.tandem.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuoteTest {
  @Test
  void short_values_are_quoted_with_quotes_and_backslashes_escaped() {
    assertThat(Quote.of("x")).isEqualTo("\"x\"");
    assertThat(Quote.of("")).isEqualTo("\"\"");
    assertThat(Quote.of("say \"hi\" \\o/")).isEqualTo("\"say \\\"hi\\\" \\\\o/\"");
    assertThat(Quote.of(null)).isEqualTo("null");
  }

  @Test
  void control_format_and_lone_surrogate_characters_are_escaped() {
    assertThat(Quote.of("sur\ud800")).isEqualTo("\"sur\\uD800\"");
    assertThat(Quote.of("sur\udfff")).isEqualTo("\"sur\\uDFFF\"");
    assertThat(Quote.of("a\u0000b\u001fc\u007f\u009f")).isEqualTo("\"a\\u0000b\\u001Fc\\u007F\\u009F\"");
    assertThat(Quote.of("l1\nl2\r\tx")).isEqualTo("\"l1\\nl2\\r\\tx\"");
    // bidi override, zero-width space, line separator, BOM, noncharacters
    assertThat(Quote.of("\u202e\u200b\u2028\ufeff\ufffe\uffff")).isEqualTo("\"\\u202E\\u200B\\u2028\\uFEFF\\uFFFE\\uFFFF\"");
  }

  @Test
  void printable_unicode_and_surrogate_pairs_are_kept() {
    assertThat(Quote.of("Café 沙丘 \ud83d\udcda")).isEqualTo("\"Café 沙丘 \ud83d\udcda\"");
  }

  @Test
  void long_values_are_cut_to_200_code_points_with_the_full_length() {
    String five = "x".repeat(5_242_880);
    assertThat(Quote.of(five)).isEqualTo("\"" + "x".repeat(200) + "…\" (5,242,880 characters)");
    assertThat(Quote.of("y".repeat(200))).isEqualTo("\"" + "y".repeat(200) + "\"");
    assertThat(Quote.of("y".repeat(201))).isEqualTo("\"" + "y".repeat(200) + "…\" (201 characters)");
    // a pair is never split: 201 emoji are 402 chars, cut after 200 code points
    String emoji = "\ud83d\udcda".repeat(201);
    assertThat(Quote.of(emoji)).isEqualTo("\"" + "\ud83d\udcda".repeat(200) + "…\" (201 characters)");
    assertThat(Quote.of("abcdef", 3)).isEqualTo("\"abc…\" (6 characters)");
    assertThatThrownBy(() -> Quote.of("a", 0)).hasMessage("maxCodePoints (0) must be >= 1");
  }
}

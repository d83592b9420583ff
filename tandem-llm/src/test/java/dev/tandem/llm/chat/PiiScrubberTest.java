package dev.tandem.llm.chat;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PiiScrubberTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "mail me at jane.doe+books@example.co.uk please|mail me at [email] please",
      "Contact: J_Smith@mail-server.example.com.|Contact: [email].",
      "call +44 20 7946 0958 tonight|call [phone] tonight",
      "call +1 (415) 555-2671 or 415-555-2671|call [phone] or [phone]",
      "office (212) 555 0199, cell 212.555.0143|office [phone], cell [phone]",
      "ring 6505550123 now|ring [phone] now",
      "我的手机是13800138000，谢谢|我的手机是[phone]，谢谢",
      "手机 138 0013 8000 或 +86 139-1234-5678|手机 [phone] 或 [phone]",
      "card 4111 1111 1111 1111 exp 12/27|card [card] exp 12/27",
      "card 5500-0000-0000-0004.|card [card].",
      "amex 378282246310005|amex [card]",
      "+33 1 42 68 53 00 (Paris)|[phone] (Paris)",
  })
  void real_looking_personal_data_is_replaced(String in, String expected) {
    assertThat(PiiScrubber.scrub(in)).isEqualTo(expected);
    assertThat(PiiScrubber.containsPii(in)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "books published in 1999 or 2005",
      "under $25.99, ideally 19.5 euros",
      "between 100-200 pages, not 350 pages",
      "films from 1990-2000 rated 4.5",
      "item B07XJ8C8F5 and sku-48213 and B0013800138000",
      "released 2023-01-15, 3 volumes, 12 chapters",
      "推荐几本300页以下的书，2010年以后出版的",
      "+5 stars, score +12.5",
      "order 12 of 1000 copies, 640 x 480",
      "",
  })
  void ordinary_numbers_and_ids_survive(String in) {
    assertThat(PiiScrubber.scrub(in)).isEqualTo(in);
    assertThat(PiiScrubber.containsPii(in)).isFalse();
  }

  @Property(tries = 300)
  void scrubbed_text_keeps_no_personal_value(@ForAll("pii") String value, @ForAll("words") String before,
      @ForAll("words") String after) {
    String text = before + " " + value + " " + after;
    String out = PiiScrubber.scrub(text);
    assertThat(out).doesNotContain(value);
    assertThat(out).startsWith(before + " ").endsWith(" " + after);
    assertThat(digitsOf(out)).doesNotContain(digitsOf(value).isEmpty() ? "\u0000" : digitsOf(value));
    assertThat(PiiScrubber.containsPii(out)).as("scrubbing is complete: %s", out).isFalse();
  }

  @Property(tries = 200)
  void text_without_digits_or_at_signs_is_unchanged(@ForAll("words") String text) {
    assertThat(PiiScrubber.scrub(text)).isEqualTo(text);
  }

  private static String digitsOf(String s) {
    return s.replaceAll("\\D", "");
  }

  @Provide
  Arbitrary<String> words() {
    return Arbitraries.of("cosy", "mysteries", "科幻", "under", "pages", "please", "电话", "ok", "the", "mail")
        .list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(" ", l));
  }

  @Provide
  Arbitrary<String> pii() {
    Arbitrary<String> sep = Arbitraries.of("", " ", "-");
    Arbitrary<String> email = Combinators.combine(
        Arbitraries.strings().withCharRange('a', 'z').withChars('.', '_', '+', '1').ofMinLength(1).ofMaxLength(12)
            .filter(s -> Character.isLetter(s.charAt(0))),
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10),
        Arbitraries.of("com", "org", "co.uk", "cn", "io"))
        .as((u, d, t) -> u + "@" + d + "." + t);
    Arbitrary<String> cnMobile = Combinators.combine(Arbitraries.integers().between(3, 9),
        Arbitraries.strings().numeric().ofLength(9), sep, Arbitraries.of("", "+86 ", "86-"))
        .as((second, rest, s, prefix) -> prefix + "1" + second + rest.substring(0, 1) + s + rest.substring(1, 5) + s
            + rest.substring(5));
    Arbitrary<String> us = Combinators.combine(Arbitraries.integers().between(200, 999),
        Arbitraries.integers().between(200, 999), Arbitraries.integers().between(0, 9999), Arbitraries.of(" ", "-", "."),
        Arbitraries.of(true, false))
        .as((a, b, c, s, paren) -> (paren ? "(" + a + ") " : a + s) + b + s + String.format("%04d", c));
    Arbitrary<String> intl = Combinators.combine(Arbitraries.integers().between(2, 99),
        Arbitraries.strings().numeric().ofMinLength(6).ofMaxLength(12), sep)
        .as((cc, n, s) -> "+" + cc + " " + n.substring(0, 3) + s + n.substring(3));
    Arbitrary<String> card = Combinators.combine(Arbitraries.strings().numeric().ofLength(16), sep)
        .as((n, s) -> n.substring(0, 4) + s + n.substring(4, 8) + s + n.substring(8, 12) + s + n.substring(12));
    return Arbitraries.oneOf(email, cnMobile, us, intl, card);
  }
}

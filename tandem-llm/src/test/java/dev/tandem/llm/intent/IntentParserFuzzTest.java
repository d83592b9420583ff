package dev.tandem.llm.intent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzzing of the in-process intent parser (issue 12). {@code ./mvnw verify} runs
 * only the committed inputs in {@code IntentParserFuzzTestInputs/ruleParser/} (typical English and
 * Chinese requests and the hostile shapes: floods of cue words, digit runs, unbalanced quotes,
 * controls, lone surrogates); {@code scripts/fuzz.sh --only IntentParser --seconds N} fuzzes for N
 * seconds, and a finding is written into that folder to be committed with its fix.
 *
 * <p>An input is UTF-8 text, or, when its first byte is 0x01, UTF-16BE after that byte (so lone
 * surrogates and U+0000 are reachable). The target parses it with rules, synonyms and prototype
 * phrases (a stand-in encoder) against the intent test set's catalogue, and checks: a blank text
 * is the documented IllegalArgumentException and nothing else throws; labels, attributes and
 * references come from the catalogue; ranges have min <= max. Parse time is not bounded here (no
 * test judges wall-clock time, issue 13): RuleIntentParserLinearTimeTest checks that the cost grows
 * linearly with the text against a baseline measured in the same run; a hang while fuzzing is
 * reported by libFuzzer's per-input {@code -timeout}.
 */
class IntentParserFuzzTest {
  private static final IntentFixtures.Catalogue CAT = IntentFixtures.catalogue();
  private static final List<String> SHOWN = List.of("b05", "b06", "b38");
  private static final HostileInput.StandInEncoder ENCODER = new HostileInput.StandInEncoder();
  private static final RuleIntentParser PARSER = new RuleIntentParser(ENCODER, 0.5, ENCODER, 0.5);

  @FuzzTest(maxDuration = "20s")
  void ruleParser(byte[] input) {
    String text = decode(input);
    if (text.isBlank()) {
      assertThatThrownBy(() -> PARSER.parse(text, CAT, SHOWN)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must be a non-blank request");
      return;
    }
    Intent i = PARSER.parse(text, CAT, SHOWN);
    HostileInput.assertCatalogueIntent(i, CAT, SHOWN);
  }

  /** UTF-8, or UTF-16BE after a leading 0x01 byte. */
  static String decode(byte[] input) {
    if (input.length > 0 && input[0] == 1) {
      ByteBuffer b = ByteBuffer.wrap(input, 1, input.length - 1);
      StringBuilder s = new StringBuilder();
      while (b.remaining() >= 2) {
        s.append(b.getChar());
      }
      return s.toString();
    }
    return new String(input, StandardCharsets.UTF_8);
  }
}

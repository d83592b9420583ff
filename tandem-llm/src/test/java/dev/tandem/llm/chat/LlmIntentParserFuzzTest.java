package dev.tandem.llm.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.Range;
import dev.tandem.llm.intent.Reference;
import dev.tandem.llm.intent.RuleIntentParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Coverage-guided fuzzing of the chat-model intent parser's checks (issue 12): a chat model's
 * answer is untrusted (huge, deeply nested, wrong types), and so is the request. An input is the
 * request in UTF-8, a 0x00 byte, then the answer in UTF-8 (no 0x00: a fixed request, the input is
 * the answer). The stand-in chat model returns the answer; the fallback is the in-process parser.
 * Checks: a blank request is the documented IllegalArgumentException and nothing else throws;
 * labels are catalogue labels or words of the (scrubbed) request; ranges are on catalogue
 * attributes with min <= max; references are catalogue items; the count is in 0..100. Committed
 * inputs in {@code LlmIntentParserFuzzTestInputs/chatAnswer/} run in every build; {@code
 * scripts/fuzz.sh --only IntentParser} fuzzes.
 */
class LlmIntentParserFuzzTest {
  private static final TestCatalogue CAT = TestCatalogue.books();
  private static final String REQUEST = "cosy mysteries like Dune, nothing horror, under 300 pages, 5 please";
  /** One chat model and parser for all inputs (the fallback's catalogue caches are built once). */
  private static final Scripted CHAT = new Scripted();
  private static final LlmIntentParser PARSER = new LlmIntentParser(CHAT, new RuleIntentParser(),
      new LlmIntentParser.Options(Duration.ofSeconds(5), 200, 400));

  @FuzzTest(maxDuration = "20s")
  void chatAnswer(byte[] input) {
    int zero = indexOf(input, (byte) 0);
    String request = zero < 0 ? REQUEST : new String(input, 0, zero, StandardCharsets.UTF_8);
    String answer = new String(zero < 0 ? input : Arrays.copyOfRange(input, zero + 1, input.length),
        StandardCharsets.UTF_8);
    CHAT.content = answer;
    LlmIntentParser parser = PARSER;
    if (request.isBlank()) {
      assertThatThrownBy(() -> parser.parseWithSource(request, CAT, List.of("b1", "b2")))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("request text must not be blank");
      return;
    }
    ParsedIntent p = parser.parseWithSource(request, CAT, List.of("b1", "b2"));
    Intent i = p.intent();
    String lower = PiiScrubber.scrub(request.strip()).toLowerCase(Locale.ROOT);
    for (String l : i.include()) {
      assertThat(CAT.labels().containsKey(l) || LlmIntentParser.inRequest(l, lower)).as("include %s", l).isTrue();
    }
    for (String l : i.exclude()) {
      assertThat(CAT.labels().containsKey(l) || CAT.titles().containsKey(l) || LlmIntentParser.inRequest(l, lower))
          .as("exclude %s", l).isTrue();
    }
    for (Range r : i.ranges()) {
      assertThat(CAT.numericAttributes()).contains(r.attribute());
      assertThat(r.min()).isLessThanOrEqualTo(r.max());
    }
    for (Reference r : i.references()) {
      assertThat(CAT.titles()).containsKey(r.itemId());
    }
    assertThat(i.count()).isBetween(0, 100);
    assertThat(i.language()).isIn("en", "zh");
    assertThat(p.problems().size()).isLessThanOrEqualTo(4 * LlmIntentParser.MAX_ENTRIES + 16);
  }

  private static int indexOf(byte[] a, byte b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** A chat model that answers {@code content} to every request (fuzzing runs one input at a time). */
  private static final class Scripted implements ChatModel {
    volatile String content = "";

    @Override
    public String id() {
      return "scripted";
    }

    @Override
    public ChatReply chat(ChatRequest request) {
      return new ChatReply(content, "scripted", 0, 0);
    }

    @Override
    public void close() {}
  }
}

package dev.tandem.llm.chat;

import dev.tandem.llm.intent.Goal;
import dev.tandem.llm.intent.Intent;
import dev.tandem.llm.intent.IntentCatalogue;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.llm.intent.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny stand-in for the in-process parser, for tests: "no X" / "nothing X" / "not X" excludes a
 * catalogue label X, "under N pages" is a range on pages; goal recommend; the query is the text.
 */
final class StandInParser implements IntentParser {
  private static final Pattern NEGATION = Pattern.compile("(?:no|nothing|not)\\s+([a-z]+)");
  private static final Pattern UNDER = Pattern.compile("under\\s+(\\d+)\\s+pages");
  int calls;

  @Override
  public Intent parse(String text, IntentCatalogue catalogue, List<String> shown) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("request text must not be blank");
    }
    calls++;
    String t = text.toLowerCase(Locale.ROOT);
    List<String> exclude = new ArrayList<>();
    Matcher m = NEGATION.matcher(t);
    while (m.find()) {
      if (catalogue.labels().containsKey(m.group(1))) {
        exclude.add(m.group(1));
      }
    }
    List<Range> ranges = new ArrayList<>();
    Matcher u = UNDER.matcher(t);
    if (u.find()) {
      ranges.add(new Range("pages", Double.NEGATIVE_INFINITY, Double.parseDouble(u.group(1))));
    }
    return new Intent(Goal.RECOMMEND, List.of(), exclude, ranges, 0, List.of(), text.strip(),
        t.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) ? "zh" : "en");
  }
}

package dev.tandem.llm.intent;

import dev.tandem.llm.embed.Embedder;
import java.util.function.Supplier;

/** The intent parsers Tandem ships, by how they run. */
public final class IntentParsers {
  private IntentParsers() {}

  /**
   * The in-process parser (no service needed): English and Chinese. Until the rule and
   * encoder-prototype parser is wired here, this is {@link KeywordIntentParser}: catalogue labels
   * named in the text (negated ones excluded), counts, ordinal references to the previous turn's
   * items ("the second one", "第二本"), titles named after "like", and the rest as the query.
   *
   * @param encoder the embedding model for encoder-based parsing, asked for only when needed
   */
  public static IntentParser inProcess(Supplier<Embedder> encoder) {
    return new KeywordIntentParser();
  }
}

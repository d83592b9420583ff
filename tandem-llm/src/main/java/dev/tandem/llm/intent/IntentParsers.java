package dev.tandem.llm.intent;

import dev.tandem.llm.embed.Embedder;
import java.util.function.Supplier;

/** The intent parsers Tandem ships, by how they run. */
public final class IntentParsers {
  private IntentParsers() {}

  /**
   * The in-process parser (no service needed), English and Chinese: {@link RuleIntentParser}, rules
   * plus encoder prototypes over {@code encoder} (used for label prototypes only with the models its
   * thresholds were calibrated on; with others it parses by rules and synonyms alone).
   *
   * @param encoder the embedding model for the label prototypes, asked for once, here
   */
  public static IntentParser inProcess(Supplier<Embedder> encoder) {
    return new RuleIntentParser(encoder.get());
  }
}

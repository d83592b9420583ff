package dev.tandem.llm.intent;

import dev.tandem.llm.embed.Embedder;
import java.util.function.Supplier;

/** The intent parsers Tandem ships, by how they run. */
public final class IntentParsers {
  private IntentParsers() {}

  /**
   * The in-process parser (no service needed), English and Chinese: {@link RuleIntentParser}, rules
   * plus encoder prototypes (each used only with the model its threshold was calibrated on; with
   * others it parses by rules and synonyms alone). Labels only the encoder inferred become
   * preferences ({@link Intent#prefer()}), never filters.
   *
   * @param encoder the English embedding model for the label prototypes, asked for once, here
   * @param zhEncoder the Chinese one ({@code bge-small-zh-v15}), asked for on the first Chinese
   *     request that needs it; it may throw, and Chinese then uses the synonym table alone
   */
  public static IntentParser inProcess(Supplier<Embedder> encoder, Supplier<Embedder> zhEncoder) {
    return new RuleIntentParser(encoder.get(), zhEncoder);
  }
}

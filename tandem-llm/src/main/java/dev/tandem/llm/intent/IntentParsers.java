package dev.tandem.llm.intent;

import dev.tandem.llm.embed.Embedder;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Supplier;

/** The intent parsers Tandem ships, by how they run. */
public final class IntentParsers {
  /** The class name of the rule and encoder-prototype parser, looked up by {@link #inProcess}. */
  static final String RULE_PARSER = "dev.tandem.llm.intent.RuleIntentParser";

  private IntentParsers() {}

  /**
   * The in-process parser (no service needed), English and Chinese: {@code RuleIntentParser} (rules
   * plus encoder prototypes over {@code encoder}) when it is on the class path, else
   * {@link KeywordIntentParser} (catalogue labels named in the text, negated ones excluded, counts,
   * ordinal references to the previous turn's items, titles named after "like", and the rest as the
   * query). The rule parser is found by name so that this module builds while it is developed
   * apart; once it is part of the module for good, this becomes a plain constructor call.
   *
   * @param encoder the embedding model for the rule parser's label prototypes, asked for once, here
   * @throws IllegalStateException if the rule parser is present but cannot be constructed
   */
  public static IntentParser inProcess(Supplier<Embedder> encoder) {
    Class<?> rule;
    try {
      rule = Class.forName(RULE_PARSER);
    } catch (ClassNotFoundException e) {
      return keywords();
    }
    try {
      return (IntentParser) rule.getConstructor(Embedder.class).newInstance(encoder.get());
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException
        | InvocationTargetException | ClassCastException e) {
      throw new IllegalStateException("cannot construct " + RULE_PARSER + "(Embedder): " + e, e);
    }
  }

  /** The keyword parser alone ({@link KeywordIntentParser}); stateless, needs no model. */
  public static IntentParser keywords() {
    return new KeywordIntentParser();
  }
}

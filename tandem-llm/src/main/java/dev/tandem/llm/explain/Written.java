package dev.tandem.llm.explain;

import java.util.Locale;

/**
 * An explanation as shown, with where it came from. Immutable.
 *
 * @param text the sentence
 * @param source who wrote it
 * @param rejection why a chat answer was not used ({@link Faithfulness.Reason#OK} when it was, or
 *     when no chat model was asked)
 * @param detail what the checker or the chat call reported ("" when nothing)
 */
public record Written(String text, Source source, Faithfulness.Reason rejection, String detail) {
  /** Who wrote an explanation. */
  public enum Source {
    /** The templates ({@link Explanations}). */
    TEMPLATE,
    /** A chat model, checked by {@link Faithfulness}. */
    CHAT;

    /** {@code template} or {@code chat}. */
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A template explanation. */
  public static Written template(String text) {
    return new Written(text, Source.TEMPLATE, Faithfulness.Reason.OK, "");
  }
}

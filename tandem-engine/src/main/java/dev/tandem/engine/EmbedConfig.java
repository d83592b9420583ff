package dev.tandem.engine;

import dev.tandem.engine.embed.ItemDocuments;
import dev.tandem.llm.embed.Embedders;
import java.util.Locale;

/**
 * The {@code [embed]} section of {@code tandem.toml}: which in-process model embeds item
 * documents and how. Immutable; validated on construction.
 *
 * @param model built-in embedding model name, one of {@link Embedders#names()}; default
 *     {@value Embedders#DEFAULT}
 * @param template item document template (see {@link ItemDocuments}); default
 *     {@value ItemDocuments#DEFAULT_TEMPLATE}
 * @param maxChars length cap of a document in characters, in [16, 100000]; default 2000
 * @param batchSize documents per model call, in [1, 4096]; default 32. Larger batches pad more.
 * @param threads threads embedding batches in parallel, in [0, 256]; 0 (default) uses every core
 */
public record EmbedConfig(String model, String template, int maxChars, int batchSize, int threads) {

  /** The defaults, as documented in the shipped {@code tandem.toml}. */
  public static final EmbedConfig DEFAULTS = new EmbedConfig(Embedders.DEFAULT, ItemDocuments.DEFAULT_TEMPLATE,
      ItemDocuments.DEFAULT_MAX_CHARS, 32, 0);

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException naming the key ({@code embed.*}), its value and the rule
   */
  public EmbedConfig {
    if (model == null || !Embedders.names().contains(model.strip().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("embed.model (" + model + ") must be one of " + Embedders.names());
    }
    model = model.strip().toLowerCase(Locale.ROOT);
    try {
      ItemDocuments.parse(template, maxChars);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("embed." + e.getMessage(), e);
    }
    if (batchSize < 1 || batchSize > 4096) {
      throw new IllegalArgumentException("embed.batch_size (" + batchSize + ") must be in [1, 4096]");
    }
    if (threads < 0 || threads > 256) {
      throw new IllegalArgumentException("embed.threads (" + threads + ") must be in [0, 256] (0 = every core)");
    }
  }

  /** The document renderer of this configuration. */
  public ItemDocuments documents() {
    return ItemDocuments.parse(template, maxChars);
  }

  /** The thread count to use: {@link #threads()}, or the available processors when it is 0. */
  public int effectiveThreads() {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }
}

package dev.tandem.engine.internal.ask;

import dev.tandem.engine.ChatConfig;
import dev.tandem.engine.internal.chat.ChatModels;
import dev.tandem.engine.internal.embed.ItemEmbeddings;
import dev.tandem.engine.internal.serve.AskCatalogue;
import dev.tandem.engine.internal.serve.Serving;
import dev.tandem.engine.internal.serve.ServingSnapshot;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.llm.intent.IntentParsers;
import dev.tandem.llm.intent.RuleIntentParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What requests in words need before they are answered: the configured intent parser, created on
 * first use, and each snapshot's {@link AskCatalogue} with the parser's label prototypes for it.
 * Once {@link #warm}ed, every snapshot is prepared before it serves ({@link #beforePublishing}), so
 * that neither the first request after a start nor the first after a retrain pays seconds for it.
 * Thread-safe.
 */
public final class Preparation {
  private static final Logger LOG = LoggerFactory.getLogger(Preparation.class);

  private final Serving serving;
  private final ChatConfig chat;
  private final ChatModels chatModels;
  private final ItemEmbeddings embeddings;
  private volatile IntentParser parser;
  /** The in-process parser inside {@link #parser} (itself, or the chat parser's fallback). */
  private volatile IntentParser inProcess;
  /** Whether {@link #warm} asked for snapshots to be prepared before they serve. */
  private volatile boolean warmed;

  /** Preparation for {@code serving}'s snapshots, with the parsers of {@code chat} and {@code embeddings}. */
  public Preparation(Serving serving, ChatConfig chat, ChatModels chatModels, ItemEmbeddings embeddings) {
    this.serving = serving;
    this.chat = chat;
    this.chatModels = chatModels;
    this.embeddings = embeddings;
  }

  /**
   * The configured parser, created on first use: the in-process one, or with a chat model in
   * {@code [chat]} and {@code intent = true}, the chat-model parser falling back to it.
   */
  public IntentParser parser() {
    IntentParser p = parser;
    if (p == null) {
      synchronized (this) {
        p = parser;
        if (p == null) {
          IntentParser local = IntentParsers.inProcess(embeddings::embedder, embeddings::zhEncoder);
          inProcess = local;
          p = chat.intentParser(chatModels.model(), local);
          parser = p;
        }
      }
    }
    return p;
  }

  /**
   * Builds now what the first request on {@code s} would otherwise build: the snapshot's catalogue
   * (returned with it; published when {@code s} serves), the default parser (loading the encoder)
   * and the in-process parser's title index, synonyms and label prototypes for that catalogue
   * (seconds on a tag-rich catalogue, which would push the first requests in words past a server's
   * deadline).
   */
  public ServingSnapshot prepare(ServingSnapshot s) {
    ServingSnapshot ready = serving.withAskCatalogue(s);
    parser();
    if (inProcess instanceof RuleIntentParser rules) {
      rules.prepare(ready.askCatalogue().orElseThrow());
    }
    return ready;
  }

  /**
   * Prepares the serving snapshot {@code s} and every later one before it serves.
   *
   * @return whether {@code s} was prepared (false after a failure, which is logged)
   */
  public boolean warm(ServingSnapshot s) {
    warmed = true;
    return prepareOrNull(s) != null;
  }

  /** Whether {@link #warm} ran, so that snapshots are prepared before they serve. */
  public boolean warmed() {
    return warmed;
  }

  /** {@code next} prepared before it is published, once {@link #warm} ran; else {@code next}. */
  public ServingSnapshot beforePublishing(ServingSnapshot next) {
    if (!warmed) {
      return next;
    }
    ServingSnapshot prepared = prepareOrNull(next); // before publishing: no request pays for the new catalogue
    return prepared == null ? next : prepared;
  }

  /**
   * {@code s} prepared (see {@link #prepare}); null after a failure (e.g. an encoder that cannot
   * load), which is logged and left to the first request, which reports it.
   */
  private ServingSnapshot prepareOrNull(ServingSnapshot s) {
    try {
      return prepare(s);
    } catch (RuntimeException e) {
      LOG.warn("cannot prepare requests in words for snapshot {}; the first request will: {}", s.version(),
          e.toString());
      return null;
    }
  }
}

package dev.tandem.engine.internal.chat;

import dev.tandem.engine.ChatConfig;
import dev.tandem.llm.chat.ChatModel;
import dev.tandem.llm.chat.LlmReranker;
import java.util.Map;
import java.util.Optional;

/**
 * The chat model of {@code [chat]}, opened on first use and closed with the engine, and the
 * reranker over it. Thread-safe.
 */
public final class ChatModels implements AutoCloseable {
  private final ChatConfig config;
  private final Map<String, String> env;
  /** Guards {@link #model}. */
  private final Object lock = new Object();
  private ChatModel model;

  /** The chat model of {@code config}, its API key read from {@code env} when opened. */
  public ChatModels(ChatConfig config, Map<String, String> env) {
    this.config = config;
    this.env = env;
  }

  /** The configured chat model, opened on first use; empty when {@code chat.url} is "". */
  public Optional<ChatModel> model() {
    if (!config.configured()) {
      return Optional.empty();
    }
    synchronized (lock) {
      if (model == null) {
        model = config.open(env).orElseThrow();
      }
      return Optional.of(model);
    }
  }

  /** The chat-model reranker when a chat model is configured and {@code [chat] rerank = true}. */
  public Optional<LlmReranker> reranker() {
    return config.reranker(model());
  }

  /** Closes the chat model, when opened. */
  @Override
  public void close() {
    synchronized (lock) {
      if (model != null) {
        model.close();
        model = null;
      }
    }
  }
}
